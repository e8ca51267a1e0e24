package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/** {@code y = x > 0 ? x : slope · x}; keeps a reference to its input, whose sign picks the slope. */
final class LeakyRelu extends Activation {

    private final float slope;
    private float[] input;

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
    float[] forward(Kernels kernels, float[] x, int rows) {
        input = x;
        kernels.leakyRelu(rows * width, slope, x, 0, out, 0);
        return out;
    }

    @Override
    float[] backward(Kernels kernels, float[] dy, int rows, boolean needInputGradient) {
        kernels.leakyReluBackward(rows * width, slope, input, 0, dy, 0, dx, 0);
        return dx;
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
