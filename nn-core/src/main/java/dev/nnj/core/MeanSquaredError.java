package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/** {@code mean over every element of (p − t)²}. */
final class MeanSquaredError extends LossFunction {

    private static final long serialVersionUID = 1L;

    @Override
    float sum(Kernels kernels, float[] p, float[] t, int rows, int cols, float[] grad, float gradScale) {
        return kernels.squaredError(rows * cols, p, 0, t, 0, grad, 0, gradScale);
    }

    @Override
    int count(int rows, int cols) {
        return rows * cols;
    }

    @Override
    public String toString() {
        return "mse";
    }
}
