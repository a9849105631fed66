package io.flinkrw.ddl.parse;

/** The value of an option. */
public sealed interface RwValue permits RwValue.Literal, RwValue.SecretRef, RwValue.ConnectionRef {

    /** A string, number or boolean, as the text an option map holds. */
    record Literal(String text) implements RwValue {}

    /** {@code SECRET name [AS FILE]}: a value held in RisingWave's secret store. */
    record SecretRef(String name, boolean asFile) implements RwValue {}

    /** {@code connection = name}: a RisingWave CONNECTION object. */
    record ConnectionRef(String name) implements RwValue {}
}
