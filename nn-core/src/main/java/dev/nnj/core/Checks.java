package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/** The checks that recur across the API, so their wording stays the same everywhere. */
final class Checks {

    private Checks() {
    }

    /** Width of rectangular, non-empty rows, or an exception naming the first bad row. */
    static int width(String where, String what, float[][] rows) {
        if (rows == null) {
            throw new IllegalArgumentException(where + ": " + what + " is null; pass one row per example.");
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException(where + ": " + what + " has no rows; pass at least one example.");
        }
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null) {
                throw new IllegalArgumentException(where + ": " + what + " row " + r + " is null.");
            }
        }
        int width = rows[0].length;
        if (width == 0) {
            throw new IllegalArgumentException(where + ": " + what + " row 0 is empty; every row needs at least one value.");
        }
        for (int r = 1; r < rows.length; r++) {
            if (rows[r].length != width) {
                throw new IllegalArgumentException(where + ": " + what + " row " + r + " has " + rows[r].length
                        + " values, but row 0 has " + width + ". Every row must have the same width.");
            }
        }
        return width;
    }

    /** Copies rectangular rows into one row-major array. */
    static float[] flatten(float[][] rows, int width) {
        float[] flat = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
        return flat;
    }

    /** Throws naming row and column if any value is NaN or infinite. */
    static void finite(String where, String what, float[] flat, int width, Kernels kernels) {
        int bad = kernels.indexOfFirstOutside(flat.length, flat, 0, -Float.MAX_VALUE, Float.MAX_VALUE);
        if (bad >= 0) {
            throw new IllegalArgumentException(where + ": " + what + " row " + bad / width + ", column " + bad % width
                    + " is " + flat[bad] + ". Every value must be a finite number: remove or impute that row.");
        }
    }

    static float positiveFinite(String where, String what, float value) {
        if (!(value > 0f) || !Float.isFinite(value)) {
            throw new IllegalArgumentException(where + ": " + what + " must be positive and finite, got " + value + ".");
        }
        return value;
    }

    static int positive(String where, String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(where + ": " + what + " must be at least 1, got " + value + ".");
        }
        return value;
    }
}
