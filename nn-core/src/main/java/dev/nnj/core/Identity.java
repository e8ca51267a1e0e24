package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/** {@code y = x}: passes data through unchanged, without a copy or a buffer. */
final class Identity extends Activation {

    @Override
    String kind() {
        return "identity";
    }

    @Override
    boolean keepsShape() {
        return true;
    }

    @Override
    Operation copy() {
        return new Identity();
    }

    @Override
    void reserve(Slot slot, int rows, int inputWidth, boolean training) {
        slot.width = inputWidth;
    }

    @Override
    float[] forward(Kernels kernels, Slot slot, float[] x, int rows) {
        return x;
    }

    @Override
    float[] backward(Kernels kernels, Slot slot, float[] dy, int rows, boolean needInputGradient) {
        return needInputGradient ? dy : null;
    }
}
