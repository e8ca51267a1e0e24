package dev.nnj.core.internal;

/**
 * What nnj reads as a number in a text cell, in one place for nn-data's tables and nn-core's raw
 * rows: a plain decimal, {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?}, e.g.
 * {@code 12}, {@code -0.5}, {@code 1e-3}, {@code .5}; not {@code 1,5}, {@code 0x10}, {@code 12kg},
 * {@code NaN} or {@code 1f}, which Java's own parsers would take.
 * <pre>{@code
 * if (PlainNumber.is(cell)) value = Double.parseDouble(cell);
 * }</pre>
 */
public final class PlainNumber {

    private PlainNumber() {
    }

    /** True if the text is a plain decimal number as described above. */
    public static boolean is(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
