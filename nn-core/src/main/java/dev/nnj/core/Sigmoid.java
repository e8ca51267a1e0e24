package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/** {@code y = 1 / (1 + e^-x)}; keeps its output, since {@code dy/dx = y (1 − y)}. */
final class Sigmoid extends Activation {

    @Override
    String kind() {
        return "sigmoid";
    }

    @Override
    Operation copy() {
        return new Sigmoid();
    }

    @Override
    float[] forward(Kernels kernels, Slot slot, float[] x, int rows) {
        kernels.sigmoid(rows * slot.width, x, 0, slot.output, 0);
        return slot.output;
    }

    @Override
    float[] backward(Kernels kernels, Slot slot, float[] dy, int rows, boolean needInputGradient) {
        kernels.sigmoidBackward(rows * slot.width, slot.output, 0, dy, 0, slot.inputGradient, 0);
        return slot.inputGradient;
    }
}
