package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Fully connected layer {@code Y = X·W + b}, with W of shape in x out and b of shape 1 x out.
 * Backward: {@code dW = Xᵀ·dY}, {@code db = column sums of dY}, {@code dX = dY·Wᵀ}.
 */
final class Dense extends Operation {

    private final int in;
    private final int out;
    private final Matrix weight;
    private final Matrix bias;
    private final Matrix weightGradient;
    private final Matrix biasGradient;
    private float[] output = new float[0];
    private float[] inputGradient = new float[0];
    private float[] input;

    Dense(int in, int out) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("dense(" + in + ", " + out + "): both sizes must be at least 1"
                    + " (inputs, then outputs), e.g. dense(2, 3).");
        }
        this.in = in;
        this.out = out;
        this.weight = Matrix.zeros(in, out);
        this.bias = Matrix.zeros(1, out);
        this.weightGradient = Matrix.zeros(in, out);
        this.biasGradient = Matrix.zeros(1, out);
    }

    @Override
    int inputWidth() {
        return in;
    }

    @Override
    int outputWidth(int inputWidth) {
        return out;
    }

    @Override
    List<Parameter> parameters() {
        return List.of(new Parameter("weight", weight, weightGradient), new Parameter("bias", bias, biasGradient));
    }

    /**
     * Glorot (Xavier) uniform, limit sqrt(6 / (in + out)), before sigmoid, tanh, softmax or nothing;
     * He uniform, limit sqrt(6 / in), before relu and leakyRelu. Biases start at zero.
     */
    @Override
    void initialize(RandomGenerator random, Operation next) {
        boolean he = next instanceof Activation a && !a.prefersGlorot();
        double limit = he ? Math.sqrt(6.0 / in) : Math.sqrt(6.0 / (in + out));
        float[] w = weight.data();
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextDouble(-limit, limit);
        }
        java.util.Arrays.fill(bias.data(), 0f);
    }

    @Override
    void reserve(int rows, int inputWidth) {
        if (output.length < rows * out) {
            output = new float[rows * out];
            inputGradient = new float[rows * in];
        }
    }

    @Override
    float[] forward(Kernels kernels, float[] x, int rows) {
        input = x;
        kernels.gemm(false, false, rows, out, in, 1f, x, 0, in, weight.data(), 0, out, 0f, output, 0, out);
        kernels.addBias(rows, out, output, 0, out, bias.data(), 0);
        return output;
    }

    @Override
    float[] backward(Kernels kernels, float[] dy, int rows, boolean needInputGradient) {
        kernels.gemm(true, false, in, out, rows, 1f, input, 0, in, dy, 0, out, 0f, weightGradient.data(), 0, out);
        kernels.columnSums(rows, out, dy, 0, out, 0f, biasGradient.data(), 0);
        if (!needInputGradient) {
            return null;
        }
        kernels.gemm(false, true, rows, in, out, 1f, dy, 0, out, weight.data(), 0, out, 0f, inputGradient, 0, in);
        return inputGradient;
    }

    Matrix weight() {
        return weight;
    }

    Matrix bias() {
        return bias;
    }

    int in() {
        return in;
    }

    int out() {
        return out;
    }

    @Override
    public String toString() {
        return "dense(" + in + " -> " + out + ")";
    }
}
