package io.flinkrw.formats;

import org.apache.flink.table.data.DecimalData;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DecimalFit} gives what {@link DecimalData#fromBigDecimal} gives wherever the latter is
 * cheap: the guards only skip work, never change an answer.
 */
class DecimalFitTest {

    @Property(seed = HostilePayloads.SEED)
    void fitsAsFromBigDecimalDoes(
            @ForAll("unscaled") BigInteger unscaled,
            @ForAll @IntRange(min = -60, max = 60) int valueScale,
            @ForAll @IntRange(min = 1, max = 38) int precision,
            @ForAll @IntRange(min = 0, max = 38) int scaleSeed) {
        int scale = scaleSeed % (precision + 1);
        BigDecimal value = new BigDecimal(unscaled, valueScale);
        DecimalData expected = DecimalData.fromBigDecimal(value, precision, scale);
        assertThat(DecimalFit.of(unscaled, valueScale, precision, scale)).isEqualTo(expected);
        assertThat(DecimalFit.ofParsed(value, precision, scale)).isEqualTo(expected);
    }

    /**
     * A megabyte of unscaled digits with a scale as large: about 1 before rounding, but rounding
     * divides by 10^2408236, seconds of arithmetic for one value. Beyond PostgreSQL's numeric
     * scale, refused.
     */
    @Example
    void refusesAScaleBeyondPostgresNumericThatDoesNotRoundToZero() {
        byte[] bytes = new byte[1_000_000];
        Arrays.fill(bytes, (byte) 0x3f);
        BigInteger unscaled = new BigInteger(bytes);
        int digits = (int) (unscaled.bitLength() * 0.30103);
        assertThat(DecimalFit.of(unscaled, digits - 2, 10, 2)).isNull();
    }

    /** The largest scale PostgreSQL's numeric has still rounds as setScale does; one more not. */
    @Example
    void keepsTheLargestPostgresNumericScale() {
        BigInteger unscaled =
                BigInteger.TEN
                        .pow(DecimalFit.MAX_PLAIN_SCALE)
                        .multiply(BigInteger.valueOf(5))
                        .add(BigInteger.ONE);
        assertThat(DecimalFit.of(unscaled, DecimalFit.MAX_PLAIN_SCALE, 10, 2))
                .isEqualTo(DecimalData.fromBigDecimal(new BigDecimal("5.00"), 10, 2));
        assertThat(DecimalFit.of(unscaled.negate(), DecimalFit.MAX_PLAIN_SCALE, 10, 2))
                .isEqualTo(DecimalData.fromBigDecimal(new BigDecimal("-5.00"), 10, 2));
        assertThat(DecimalFit.of(unscaled, DecimalFit.MAX_PLAIN_SCALE + 1, 10, 2)).isNull();
    }

    @Provide
    Arbitrary<BigInteger> unscaled() {
        return Arbitraries.oneOf(
                Arbitraries.bigIntegers()
                        .between(BigInteger.TEN.pow(60).negate(), BigInteger.TEN.pow(60)),
                Arbitraries.integers()
                        .between(0, 60)
                        .flatMap(
                                digits ->
                                        Arbitraries.of(-1, 1, 4, 5, 9)
                                                .map(
                                                        d ->
                                                                BigInteger.TEN
                                                                        .pow(digits)
                                                                        .multiply(
                                                                                BigInteger.valueOf(
                                                                                        d)))),
                Arbitraries.longs().map(BigInteger::valueOf));
    }
}
