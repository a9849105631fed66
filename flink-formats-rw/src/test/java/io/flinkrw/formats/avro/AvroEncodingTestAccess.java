package io.flinkrw.formats.avro;

/** Avro test payloads for tests outside this package. */
public final class AvroEncodingTestAccess {

    private AvroEncodingTestAccess() {}

    /** A raw datum of {@link AvroEncodingTest#ORDER_AVSC}. */
    public static byte[] rawOrder(long id, String customer, double amount) {
        return io.flinkrw.formats.testutils.AvroRecords.raw(
                AvroEncodingTest.ORDER, AvroEncodingTest.order(id, customer, amount));
    }
}
