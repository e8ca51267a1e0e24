package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/** {@code y = tanh(x)}; keeps its output, since {@code dy/dx = 1 − y²}. */
final class Tanh extends Activation {

    @Override
    float[] forward(Kernels kernels, float[] x, int rows) {
        kernels.tanh(rows * width, x, 0, out, 0);
        return out;
    }

    @Override
    float[] backward(Kernels kernels, float[] dy, int rows, boolean needInputGradient) {
        kernels.tanhBackward(rows * width, out, 0, dy, 0, dx, 0);
        return dx;
    }

    @Override
    public String toString() {
        return "tanh";
    }
}
