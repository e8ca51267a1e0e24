package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/** {@code y = x > 0 ? x : slope · x}; its slot keeps a reference to the input, whose sign picks the slope. */
final class LeakyRelu extends Activation {

    private final float slope;

    LeakyRelu(float slope) {
        if (!(slope >= 0f && slope < 1f)) {
            throw new IllegalArgumentException("leakyRelu: slope must be in [0, 1), got " + slope
                    + ". Typical values are 0.01 to 0.3; use relu() for slope 0.");
        }
        this.slope = slope;
    }

    float slope() {
        return slope;
    }

    @Override
    String kind() {
        return "leakyRelu";
    }

    @Override
    Operation copy() {
        return new LeakyRelu(slope);
    }

    @Override
    void writeConfig(Json.ObjectWriter config) {
        config.put("slope", slope);
    }

    @Override
    float[] forward(Kernels kernels, Slot slot, float[] x, int rows) {
        slot.input = x;
        kernels.leakyRelu(rows * slot.width, slope, x, 0, slot.output, 0);
        return slot.output;
    }

    @Override
    float[] backward(Kernels kernels, Slot slot, float[] dy, int rows, boolean needInputGradient) {
        kernels.leakyReluBackward(rows * slot.width, slope, slot.input, 0, dy, 0, slot.inputGradient, 0);
        return slot.inputGradient;
    }

    @Override
    boolean prefersGlorot() {
        return false;
    }

    @Override
    public String toString() {
        return "leakyRelu(" + slope + ")";
    }
}
