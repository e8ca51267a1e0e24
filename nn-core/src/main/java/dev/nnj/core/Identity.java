package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/** {@code y = x}: passes data through unchanged, without a copy. */
final class Identity extends Activation {

    @Override
    void reserve(int rows, int inputWidth) {
        width = inputWidth;
    }

    @Override
    float[] forward(Kernels kernels, float[] x, int rows) {
        return x;
    }

    @Override
    float[] backward(Kernels kernels, float[] dy, int rows, boolean needInputGradient) {
        return needInputGradient ? dy : null;
    }

    @Override
    public String toString() {
        return "identity";
    }
}
