package io.flinkrw.connector.kinesis.config;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.api.ValidationException;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The value of {@code scan.startup.sequence_number}: one sequence number for every shard (as
 * RisingWave had it), or one per shard written {@code shardId-000000000000:4961...;
 * shardId-000000000001:4962...}, where shards not listed start at the earliest record, except the
 * ancestors of a listed shard, which count as read to their end. A shard starts <em>after</em> its
 * number.
 */
@PublicEvolving
public final class StartupSequenceNumbers implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Pattern SEQUENCE_NUMBER = Pattern.compile("\\d{1,128}");
    private static final String KEY = KinesisConnectorOptions.SCAN_STARTUP_SEQUENCE_NUMBER.key();

    private final String everyShard;
    private final Map<String, String> perShard;

    private StartupSequenceNumbers(String everyShard, Map<String, String> perShard) {
        this.everyShard = everyShard;
        this.perShard = perShard;
    }

    /** The same number for every shard. */
    public static StartupSequenceNumbers forEveryShard(String sequenceNumber) {
        return new StartupSequenceNumbers(checkNumber(sequenceNumber, null), null);
    }

    /** One number per listed shard; shards not listed start at the earliest record. */
    public static StartupSequenceNumbers perShard(Map<String, String> sequenceNumbers) {
        if (sequenceNumbers.isEmpty()) {
            throw new ValidationException(String.format("Option '%s' lists no shard.", KEY));
        }
        Map<String, String> checked = new LinkedHashMap<>();
        sequenceNumbers.forEach(
                (shard, number) -> checked.put(checkShard(shard), checkNumber(number, shard)));
        return new StartupSequenceNumbers(null, Collections.unmodifiableMap(checked));
    }

    /** Parses either form. */
    public static StartupSequenceNumbers parse(String value) {
        String trimmed = value.trim();
        if (!trimmed.contains(":")) {
            return forEveryShard(trimmed);
        }
        Map<String, String> perShard = new LinkedHashMap<>();
        for (String entry : trimmed.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw invalid(
                        value,
                        "entry '" + entry.trim() + "' is not of the form shardId:sequenceNumber");
            }
            String shard = entry.substring(0, colon).trim();
            String number = entry.substring(colon + 1).trim();
            if (perShard.put(checkShard(shard), checkNumber(number, shard)) != null) {
                throw invalid(value, "shard '" + shard + "' is listed twice");
            }
        }
        return perShard(perShard);
    }

    /** Whether the value names shards (else one number applies to every shard). */
    public boolean isPerShard() {
        return perShard != null;
    }

    /** The shards that have a number of their own, in the order given; empty for one number. */
    public Set<String> shardIds() {
        return isPerShard() ? perShard.keySet() : Set.of();
    }

    /** The number {@code shardId} starts after; empty when it starts at the earliest record. */
    public Optional<String> forShard(String shardId) {
        return isPerShard() ? Optional.ofNullable(perShard.get(shardId)) : Optional.of(everyShard);
    }

    private static String checkShard(String shard) {
        if (shard.isEmpty() || shard.contains(":") || shard.contains(";")) {
            throw invalid(shard, "a shard id must not be empty");
        }
        return shard;
    }

    private static String checkNumber(String number, String shard) {
        if (number == null || !SEQUENCE_NUMBER.matcher(number).matches()) {
            String where = shard == null ? "" : " of shard '" + shard + "'";
            throw invalid(
                    number,
                    "the sequence number"
                            + where
                            + " must be decimal digits (at most 128); the value is one sequence"
                            + " number, or 'shardId-000000000000:4961...;"
                            + "shardId-000000000001:4962...'");
        }
        return number;
    }

    private static ValidationException invalid(String value, String why) {
        return new ValidationException(
                String.format("Invalid value '%s' for option '%s': %s.", value, KEY, why));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StartupSequenceNumbers)) {
            return false;
        }
        StartupSequenceNumbers that = (StartupSequenceNumbers) o;
        return Objects.equals(everyShard, that.everyShard)
                && Objects.equals(perShard, that.perShard);
    }

    @Override
    public int hashCode() {
        return Objects.hash(everyShard, perShard);
    }

    @Override
    public String toString() {
        if (!isPerShard()) {
            return everyShard;
        }
        StringBuilder text = new StringBuilder();
        perShard.forEach(
                (shard, number) ->
                        text.append(text.length() == 0 ? "" : ";")
                                .append(shard)
                                .append(':')
                                .append(number));
        return text.toString();
    }
}
