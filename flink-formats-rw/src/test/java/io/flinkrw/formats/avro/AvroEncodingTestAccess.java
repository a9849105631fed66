package io.flinkrw.formats.avro;

/** Avro test payloads for tests outside this package. */
public final class AvroEncodingTestAccess {

    private AvroEncodingTestAccess() {}

    /** A raw datum of {@link AvroEncodingTest#ORDER_AVSC}. */
    public static byte[] rawOrder(long id, String customer, double amount) {
        return AvroTestSupport.raw(
                AvroEncodingTest.ORDER, AvroEncodingTest.order(id, customer, amount));
    }
}
