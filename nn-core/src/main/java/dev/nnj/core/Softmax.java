package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/** Row-wise {@code y_j = e^x_j / Σ_k e^x_k}; keeps its output for the backward pass. */
final class Softmax extends Activation {

    @Override
    String kind() {
        return "softmax";
    }

    @Override
    Operation copy() {
        return new Softmax();
    }

    @Override
    float[] forward(Kernels kernels, Slot slot, float[] x, int rows) {
        kernels.softmaxRows(rows, slot.width, x, 0, slot.width, slot.output, 0, slot.width);
        return slot.output;
    }

    @Override
    float[] backward(Kernels kernels, Slot slot, float[] dy, int rows, boolean needInputGradient) {
        kernels.softmaxRowsBackward(rows, slot.width, slot.output, 0, slot.width, dy, 0, slot.width, slot.inputGradient, 0, slot.width);
        return slot.inputGradient;
    }
}
