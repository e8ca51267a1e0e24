package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/** {@code y = 1 / (1 + e^-x)}; keeps its output, since {@code dy/dx = y (1 − y)}. */
final class Sigmoid extends Activation {

    @Override
    float[] forward(Kernels kernels, float[] x, int rows) {
        kernels.sigmoid(rows * width, x, 0, out, 0);
        return out;
    }

    @Override
    float[] backward(Kernels kernels, float[] dy, int rows, boolean needInputGradient) {
        kernels.sigmoidBackward(rows * width, out, 0, dy, 0, dx, 0);
        return dx;
    }

    @Override
    public String toString() {
        return "sigmoid";
    }
}
