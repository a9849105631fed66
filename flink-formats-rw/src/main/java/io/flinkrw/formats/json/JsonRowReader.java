package io.flinkrw.formats.json;

import io.flinkrw.formats.DecodeException;
import io.flinkrw.formats.FieldCounts;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonParser;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonToken;
import org.apache.flink.table.data.GenericRowData;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads one JSON object into the selected fields of a row, RisingWave's way: a key matches the
 * column of the same name, else the first key equal to it ignoring case; missing keys leave NULL;
 * other keys are skipped. Key lookups are cached, so each distinct key is resolved once.
 */
final class JsonRowReader {

    /** What to do with the value of one selected column. */
    static final class Action {
        final int slot;
        final JsonReaders.Reader reader;
        final JsonRowReader nested;
        final JsonReaders.RowReader embedded;

        /** The value goes whole into {@code slot}. */
        Action(int slot, JsonReaders.Reader reader) {
            this.slot = slot;
            this.reader = reader;
            this.nested = null;
            this.embedded = null;
        }

        /** Only some subfields are selected: read them into the same row. */
        Action(JsonRowReader nested, JsonReaders.RowReader embedded) {
            this.slot = -1;
            this.reader = null;
            this.nested = nested;
            this.embedded = embedded;
        }
    }

    private static final int MAX_CACHED_KEYS = 4096;
    private static final int MISS = -1;
    private static final int PREDICTED_KEYS = 32;

    private final int arity;
    private final FieldCounts counts;
    private final String[] names;
    private final Action[] actions;
    private final String path;
    private final Map<String, Integer> resolved = new HashMap<>();
    private final byte[] matched;

    /**
     * The keys of the last object by position, and what they resolved to. Producers write their
     * keys in the same order, and the parser hands out one String instance per distinct key, so one
     * reference comparison usually replaces the lookup.
     */
    private final String[] lastKeys = new String[PREDICTED_KEYS];

    private final int[] lastResolved = new int[PREDICTED_KEYS];

    /**
     * @param arity the size of rows this reader creates for a whole ROW value
     * @param names the selected columns' names
     * @param actions what to do with each, in the same order
     * @param counts where each object read counts its keys: read, or skipped
     */
    JsonRowReader(int arity, String[] names, Action[] actions, String path, FieldCounts counts) {
        this.arity = arity;
        this.counts = counts;
        this.names = names;
        this.actions = actions;
        this.path = path;
        this.matched = new byte[names.length];
        for (int i = names.length - 1; i >= 0; i--) {
            resolved.put(names[i], i << 1 | 1);
        }
    }

    int arity() {
        return arity;
    }

    /** Reads the object whose START_OBJECT is the current token, up to its END_OBJECT. */
    void readObject(JsonParser p, GenericRowData row) throws IOException {
        // Which columns a key matched already: bit i set = column i (exactly, or ignoring case).
        long matchedAny = 0;
        byte[] wide = null;
        if (names.length > 64) {
            wide = this.matched;
            Arrays.fill(wide, (byte) 0);
        }
        String key;
        int position = 0;
        int readKeys = 0;
        int skippedKeys = 0;
        while ((key = p.nextFieldName()) != null) {
            int found;
            if (position < PREDICTED_KEYS) {
                if (lastKeys[position] == key) {
                    found = lastResolved[position];
                } else {
                    found = resolve(key);
                    lastKeys[position] = key;
                    lastResolved[position] = found;
                }
                position++;
            } else {
                found = resolve(key);
            }
            JsonToken value = p.nextToken();
            if (found == MISS) {
                p.skipChildren();
                skippedKeys++;
                continue;
            }
            int index = found >>> 1;
            boolean exact = (found & 1) == 1;
            if (wide == null) {
                long bit = 1L << index;
                // A key equal only ignoring case counts when nothing matched the column before;
                // an exact key always wins.
                if (!exact && (matchedAny & bit) != 0) {
                    p.skipChildren();
                    skippedKeys++;
                    continue;
                }
                matchedAny |= bit;
            } else if (exact) {
                wide[index] = 2;
            } else if (wide[index] != 0) {
                p.skipChildren();
                skippedKeys++;
                continue;
            } else {
                wide[index] = 1;
            }
            if (read(p, value, index, row)) {
                readKeys++;
            }
        }
        counts.add(readKeys, skippedKeys);
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new DecodeException(
                    "malformed object: " + p.currentToken(),
                    p.currentTokenLocation().getByteOffset());
        }
    }

    /** Reads a selected value; whether it counts as read here (a descended object does not). */
    private boolean read(JsonParser p, JsonToken value, int index, GenericRowData row)
            throws IOException {
        Action action = actions[index];
        if (action.reader != null) {
            row.setField(
                    action.slot,
                    value == JsonToken.VALUE_NULL ? null : action.reader.read(p, value));
            return true;
        } else if (value == JsonToken.START_OBJECT) {
            action.nested.readObject(p, row);
            return false;
        } else if (value == JsonToken.VALUE_STRING) {
            action.embedded.readEmbedded(p, value, row);
            return false;
        } else if (value != JsonToken.VALUE_NULL) {
            throw new DecodeException(
                    "column "
                            + path
                            + "`"
                            + names[index]
                            + "`: cannot read "
                            + JsonReaders.describe(p, value)
                            + " as ROW",
                    p.currentTokenLocation().getByteOffset());
        }
        return false;
    }

    /** The column of {@code key}: index << 1, plus 1 when the match is exact; or MISS. */
    private int resolve(String key) {
        Integer cached = resolved.get(key);
        if (cached != null) {
            return cached;
        }
        int found = MISS;
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(key)) {
                found = i << 1;
                break;
            }
        }
        if (resolved.size() < MAX_CACHED_KEYS) {
            resolved.put(key, found);
        }
        return found;
    }
}
