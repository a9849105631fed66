package io.flinkrw.connector.kinesis.source.reader;

import io.flinkrw.connector.kinesis.source.KinesisRecord;
import io.flinkrw.connector.kinesis.testutils.KplAggregates;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import static io.flinkrw.connector.kinesis.testutils.KplAggregates.userRecord;
import static org.assertj.core.api.Assertions.assertThat;

class KplDeaggregatorTest {

    private static final String SHARD = "shardId-000000000001";
    private static final String SEQUENCE =
            "49590338271490256608559692538361571095921575989136588898";
    private static final BigInteger MIN = BigInteger.ZERO;
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    private final KplDeaggregator deaggregator = new KplDeaggregator();

    private static KinesisRecord kinesisRecord(byte[] data) {
        return new KinesisRecord(SHARD, "aggregate-key", SEQUENCE, 1_700_000_000_000L, data);
    }

    private List<KinesisRecord> deaggregate(byte[] data) {
        return deaggregate(data, MIN, MAX);
    }

    private List<KinesisRecord> deaggregate(byte[] data, BigInteger start, BigInteger end) {
        List<KinesisRecord> out = new ArrayList<>();
        deaggregator.deaggregate(kinesisRecord(data), start, end, out);
        return out;
    }

    private static String text(KinesisRecord record) {
        return record.partitionKey()
                + "="
                + new String(record.data(), StandardCharsets.UTF_8)
                + "#"
                + record.subSequenceNumber();
    }

    /**
     * An aggregate assembled byte by byte from KPL's messages.proto, not by the test encoder: two
     * partition keys, one explicit hash key, three records (the second with the explicit hash key,
     * the third with a tag, which is skipped).
     */
    @Test
    void readsAHandAssembledAggregate() {
        byte[] body =
                HexFormat.of()
                        .parseHex(
                                "0a026b31" // partition_key_table: "k1"
                                        + "0a026b32" // partition_key_table: "k2"
                                        + "120135" // explicit_hash_key_table: "5"
                                        // record (5 bytes): partition key 0, data "a"
                                        + "1a05"
                                        + "0800"
                                        + "1a0161"
                                        // record (7 bytes): partition key 1, hash key 0, "b"
                                        + "1a07"
                                        + "0801"
                                        + "1000"
                                        + "1a0162"
                                        // record (13 bytes): partition key 0, data "c",
                                        // tag {key "t", value "v"}
                                        + "1a0d"
                                        + "0800"
                                        + "1a0163"
                                        + "2206"
                                        + "0a0174120176");
        List<KinesisRecord> records = deaggregate(KplAggregates.framed(body));
        assertThat(records)
                .extracting(KplDeaggregatorTest::text)
                .containsExactly("k1=a#0", "k2=b#1", "k1=c#2");
        assertThat(records)
                .allSatisfy(
                        r -> {
                            assertThat(r.sequenceNumber()).isEqualTo(SEQUENCE);
                            assertThat(r.shardId()).isEqualTo(SHARD);
                            assertThat(r.approximateArrivalMillis()).isEqualTo(1_700_000_000_000L);
                            assertThat(r.isAggregated()).isTrue();
                        });
        // The encoder the other tests use writes the same bytes.
        assertThat(
                        KplAggregates.body(
                                List.of(
                                        userRecord("k1", "a"),
                                        userRecord("k2", "5", "b"),
                                        userRecord("k1", "c"))))
                .isEqualTo(
                        HexFormat.of()
                                .parseHex(
                                        "0a026b310a026b32120135"
                                                + "1a0508001a0161"
                                                + "1a07080110001a0162"
                                                + "1a0508001a0163"));
    }

    @Test
    void splitsAnEncodedAggregateIntoItsUserRecords() {
        byte[] aggregate =
                KplAggregates.aggregate(
                        List.of(
                                userRecord("alpha", "1"),
                                userRecord("beta", "2"),
                                userRecord("alpha", "3"),
                                userRecord("gamma", "")));
        assertThat(deaggregate(aggregate))
                .extracting(KplDeaggregatorTest::text)
                .containsExactly("alpha=1#0", "beta=2#1", "alpha=3#2", "gamma=#3");
    }

    @Test
    void aRecordThatIsNotAggregatedPassesThroughWhole() {
        byte[] plain = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(deaggregate(plain))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.data()).isEqualTo(plain);
                            assertThat(r.partitionKey()).isEqualTo("aggregate-key");
                            assertThat(r.isAggregated()).isFalse();
                        });
        assertThat(deaggregate(new byte[0])).hasSize(1);
    }

    @Test
    void aRecordWithABadChecksumPassesThroughWhole() {
        byte[] aggregate = KplAggregates.aggregate(List.of(userRecord("k", "v")));
        aggregate[aggregate.length - 1] ^= 1;
        assertThat(deaggregate(aggregate))
                .singleElement()
                .satisfies(r -> assertThat(r.data()).isEqualTo(aggregate));
    }

    @Test
    void aRecordWithTheMagicAndAMatchingChecksumButNoAggregatePassesThroughWhole() {
        for (byte[] body :
                List.of(
                        new byte[] {(byte) 0xff, 0x01, 0x02},
                        // a record pointing at a partition key that is not in the table
                        HexFormat.of().parseHex("0a016b" + "1a050801" + "1a0161"),
                        // no records at all
                        HexFormat.of().parseHex("0a016b"))) {
            byte[] framed = KplAggregates.framed(body);
            assertThat(deaggregate(framed))
                    .singleElement()
                    .satisfies(r -> assertThat(r.data()).isEqualTo(framed));
        }
    }

    @Test
    void dropsUserRecordsWhoseHashKeysAreOutsideTheShard() throws Exception {
        BigInteger start = new BigInteger("1000");
        BigInteger end = new BigInteger("2000");
        String partitionKeyInside = partitionKeyHashingInto(start, MAX);
        byte[] aggregate =
                KplAggregates.aggregate(
                        List.of(
                                userRecord("a", "1500", "inside"),
                                userRecord("b", "999", "below"),
                                userRecord("c", "2001", "above"),
                                userRecord("d", "2000", "at the end")));
        List<KinesisRecord> out = new ArrayList<>();
        int dropped = deaggregator.deaggregate(kinesisRecord(aggregate), start, end, out);
        assertThat(dropped).isEqualTo(2);
        assertThat(out)
                .extracting(KplDeaggregatorTest::text)
                .containsExactly("a=inside#0", "d=at the end#3");

        // Without an explicit hash key, the partition key's MD5 decides.
        BigInteger hash = md5(partitionKeyInside);
        out.clear();
        deaggregator.deaggregate(
                kinesisRecord(
                        KplAggregates.aggregate(List.of(userRecord(partitionKeyInside, "x")))),
                hash,
                hash,
                out);
        assertThat(out).hasSize(1);
        out.clear();
        deaggregator.deaggregate(
                kinesisRecord(
                        KplAggregates.aggregate(List.of(userRecord(partitionKeyInside, "x")))),
                hash.add(BigInteger.ONE),
                MAX,
                out);
        assertThat(out).isEmpty();
    }

    private static String partitionKeyHashingInto(BigInteger start, BigInteger end)
            throws Exception {
        for (int i = 0; ; i++) {
            BigInteger hash = md5("key-" + i);
            if (hash.compareTo(start) >= 0 && hash.compareTo(end) <= 0) {
                return "key-" + i;
            }
        }
    }

    private static BigInteger md5(String key) throws Exception {
        return new BigInteger(
                1, MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void manyAggregatesInARow() {
        List<KinesisRecord> out = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            List<KplAggregates.UserRecord> users = new ArrayList<>();
            for (int u = 0; u < 100; u++) {
                users.add(userRecord("key-" + (u % 7), a + "-" + u));
            }
            deaggregator.deaggregate(
                    new KinesisRecord(
                            SHARD, "k", String.valueOf(a), 0, KplAggregates.aggregate(users)),
                    MIN,
                    MAX,
                    out);
        }
        assertThat(out).hasSize(300);
        assertThat(out.stream().map(r -> new String(r.data(), StandardCharsets.UTF_8)))
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, 300)
                                .mapToObj(i -> (i / 100) + "-" + (i % 100))
                                .collect(Collectors.toList()));
    }
}
