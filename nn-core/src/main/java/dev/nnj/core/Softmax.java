package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/** Row-wise {@code y_j = e^x_j / Σ_k e^x_k}; keeps its output for the backward pass. */
final class Softmax extends Activation {

    @Override
    float[] forward(Kernels kernels, float[] x, int rows) {
        kernels.softmaxRows(rows, width, x, 0, width, out, 0, width);
        return out;
    }

    @Override
    float[] backward(Kernels kernels, float[] dy, int rows, boolean needInputGradient) {
        kernels.softmaxRowsBackward(rows, width, out, 0, width, dy, 0, width, dx, 0, width);
        return dx;
    }

    @Override
    public String toString() {
        return "softmax";
    }
}
