package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/** {@code y = tanh(x)}; keeps its output, since {@code dy/dx = 1 − y²}. */
final class Tanh extends Activation {

    @Override
    String kind() {
        return "tanh";
    }

    @Override
    Operation copy() {
        return new Tanh();
    }

    @Override
    float[] forward(Kernels kernels, Slot slot, float[] x, int rows) {
        kernels.tanh(rows * slot.width, x, 0, slot.output, 0);
        return slot.output;
    }

    @Override
    float[] backward(Kernels kernels, Slot slot, float[] dy, int rows, boolean needInputGradient) {
        kernels.tanhBackward(rows * slot.width, slot.output, 0, dy, 0, slot.inputGradient, 0);
        return slot.inputGradient;
    }
}
