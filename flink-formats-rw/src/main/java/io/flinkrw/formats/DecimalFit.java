package io.flinkrw.formats;

import org.apache.flink.table.data.DecimalData;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Fits a decoded decimal into DECIMAL(p, s) at a cost that follows its digits, never its exponent.
 * {@code 1e100000000} has one digit but {@link BigDecimal#setScale} would write out a hundred
 * million of them: the magnitude is judged from the unscaled value's bit length and the scale
 * first, so a value with too many integer digits is refused, and one below half the column's last
 * digit is zero, before any arithmetic.
 */
public final class DecimalFit {

    /** log10(2), to bound a number's decimal digits by its bit length. */
    private static final double LOG10_2 = 0.30102999566398120;

    /** PostgreSQL's numeric: at most 131072 digits before the decimal point. */
    public static final int MAX_PLAIN_INTEGER_DIGITS = 131_072;

    /** PostgreSQL's numeric: at most 16383 digits after the decimal point. */
    public static final int MAX_PLAIN_SCALE = 16_383;

    private DecimalFit() {}

    /**
     * The decimal {@code unscaled} &times; 10^-{@code valueScale} rounded half-up to DECIMAL({@code
     * precision}, {@code scale}), or null when its integer part has more than {@code precision -
     * scale} digits (as {@link DecimalData#fromBigDecimal} says), or when its scale is beyond
     * PostgreSQL's numeric ({@link #MAX_PLAIN_SCALE}) and it does not round to zero: such a value
     * has as many digits as its scale, and rounding them away takes time that grows faster than
     * their count. The unscaled value may have any number of digits: its magnitude is bounded by
     * its bit length.
     */
    public static DecimalData of(BigInteger unscaled, int valueScale, int precision, int scale) {
        if (unscaled.signum() == 0) {
            return DecimalData.zero(precision, scale);
        }
        int bits = unscaled.bitLength();
        // 10^(fewest - 1) <= |unscaled| < 10^most
        long fewest = (long) ((bits - 1) * LOG10_2) + 1;
        long most = (long) (bits * LOG10_2) + 1;
        if (fewest - valueScale > precision - scale) {
            return null;
        }
        if (most - valueScale < -scale) {
            // |value| < 10^-(scale + 1): less than half of the last digit.
            return DecimalData.zero(precision, scale);
        }
        if (valueScale > MAX_PLAIN_SCALE) {
            return null;
        }
        return DecimalData.fromBigDecimal(new BigDecimal(unscaled, valueScale), precision, scale);
    }

    /**
     * As {@link #of(BigInteger, int, int, int)} for a value parsed from a text of bounded length
     * (at most a few thousand digits), whose precision is cheap to count: the common case costs a
     * comparison or two.
     */
    public static DecimalData ofParsed(BigDecimal value, int precision, int scale) {
        if (value.signum() == 0) {
            return DecimalData.zero(precision, scale);
        }
        // 10^(integerDigits - 1) <= |value| < 10^integerDigits
        long integerDigits = (long) value.precision() - value.scale();
        if (integerDigits > precision - scale) {
            return null;
        }
        if (integerDigits < -scale) {
            return DecimalData.zero(precision, scale);
        }
        return DecimalData.fromBigDecimal(value, precision, scale);
    }

    /**
     * Whether {@code value} written out in full ({@link BigDecimal#toPlainString()}) stays within
     * PostgreSQL's numeric: {@link #MAX_PLAIN_INTEGER_DIGITS} before the point and {@link
     * #MAX_PLAIN_SCALE} after it.
     */
    public static boolean hasPlainText(BigDecimal value) {
        if (value.signum() == 0) {
            return true;
        }
        long valueScale = value.scale();
        if (valueScale > MAX_PLAIN_SCALE) {
            return false;
        }
        long fewest = (long) ((value.unscaledValue().bitLength() - 1) * LOG10_2) + 1;
        return fewest - valueScale <= MAX_PLAIN_INTEGER_DIGITS;
    }

    /** A short description of {@code value} for messages: never written out in full. */
    public static String describe(BigDecimal value) {
        BigInteger unscaled = value.unscaledValue();
        if (unscaled.bitLength() <= 256) {
            return value.toString();
        }
        return "a decimal of about "
                + (long) (unscaled.bitLength() * LOG10_2)
                + " digits with scale "
                + value.scale();
    }
}
