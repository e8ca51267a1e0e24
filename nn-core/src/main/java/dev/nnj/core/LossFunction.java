package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/**
 * A loss: its value and gradient on the model's outputs, and, where a final activation pairs
 * with it, the fused value and gradient on that activation's input (stable, never NaN).
 */
abstract sealed class LossFunction implements Loss permits MeanSquaredError, BinaryCrossEntropy, CrossEntropy {

    private static final long serialVersionUID = 1L;

    /**
     * Sum of the loss terms over rows x cols outputs p against targets t; when grad is non-null,
     * writes {@code gradScale ·} d(sum)/dp into it.
     */
    abstract float sum(Kernels kernels, float[] p, float[] t, int rows, int cols, float[] grad, float gradScale);

    /** The number the sum is divided by to give the mean (PyTorch's default reduction). */
    abstract int count(int rows, int cols);

    /** The divisor for a batch of (prepared) targets: {@link #count} unless class weights make it depend on them. */
    float normalizer(Kernels kernels, float[] t, int rows, int cols) {
        return count(rows, cols);
    }

    /** True if this loss is computed fused with {@code last}, from last's input. */
    boolean fusesWith(Operation last) {
        return false;
    }

    /** Like {@link #sum} but on the pre-activation z of the fused final activation. */
    float fusedSum(Kernels kernels, float[] z, float[] t, int rows, int cols, float[] grad, float gradScale) {
        throw new UnsupportedOperationException(this + " has no fused form");
    }

    /** True for the classification losses, whose runs measure accuracy. */
    boolean classification() {
        return false;
    }

    /** The width of a target row for a model with {@code outputWidth} outputs (one class index for sparse losses). */
    int targetWidth(int outputWidth) {
        return outputWidth;
    }

    /** The targets as the kernels take them (class indices become one-hot rows); the same array if nothing changes. */
    float[] prepareTargets(float[] t, int rows, int outputWidth) {
        return t;
    }

    /** Throws if the model's ending cannot produce what this loss needs (say, probabilities). */
    void checkModel(Operation last, int outputWidth) {
    }

    /** Throws naming row and column if a target is outside this loss's range. */
    void checkTargets(String where, float[] t, int cols, int outputWidth, Kernels kernels) {
    }

    static void targetsWithin(String where, String loss, float[] t, int cols, Kernels kernels, String advice) {
        int bad = kernels.indexOfFirstOutside(t.length, t, 0, 0f, 1f);
        if (bad >= 0) {
            throw new IllegalArgumentException(where + ": " + loss + " target at row " + bad / cols + ", column "
                    + bad % cols + " is " + t[bad] + "; targets must be in [0, 1]. " + advice);
        }
    }
}
