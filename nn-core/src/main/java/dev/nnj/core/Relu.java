package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/** {@code y = max(x, 0)}; its slot keeps a reference to the input, whose sign gates the gradient. */
final class Relu extends Activation {

    @Override
    String kind() {
        return "relu";
    }

    @Override
    Operation copy() {
        return new Relu();
    }

    @Override
    float[] forward(Kernels kernels, Slot slot, float[] x, int rows) {
        slot.input = x;
        kernels.relu(rows * slot.width, x, 0, slot.output, 0);
        return slot.output;
    }

    @Override
    float[] backward(Kernels kernels, Slot slot, float[] dy, int rows, boolean needInputGradient) {
        kernels.reluBackward(rows * slot.width, slot.input, 0, dy, 0, slot.inputGradient, 0);
        return slot.inputGradient;
    }

    @Override
    boolean prefersGlorot() {
        return false;
    }
}
