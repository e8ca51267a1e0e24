package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/** {@code y = max(x, 0)}; keeps a reference to its input, whose sign gates the gradient. */
final class Relu extends Activation {

    private float[] input;

    @Override
    float[] forward(Kernels kernels, float[] x, int rows) {
        input = x;
        kernels.relu(rows * width, x, 0, out, 0);
        return out;
    }

    @Override
    float[] backward(Kernels kernels, float[] dy, int rows, boolean needInputGradient) {
        kernels.reluBackward(rows * width, input, 0, dy, 0, dx, 0);
        return dx;
    }

    @Override
    boolean prefersGlorot() {
        return false;
    }

    @Override
    public String toString() {
        return "relu";
    }
}
