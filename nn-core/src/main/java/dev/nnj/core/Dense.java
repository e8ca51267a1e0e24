package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Fully connected layer {@code Y = X·W + b}, with W of shape in x out and b of shape 1 x out.
 * Backward: {@code dW = Xᵀ·dY}, {@code db = column sums of dY}, {@code dX = dY·Wᵀ}. Its slot keeps
 * a reference to the forward input, which {@code dW} needs.
 */
final class Dense extends Operation {

    /** The most weights one dense layer may have: a float[] holds at most this many values. */
    static final long MAX_WEIGHTS = Integer.MAX_VALUE - 8;

    private final int in;
    private final int out;
    private final Init init;
    private final Matrix weight;
    private final Matrix bias;

    Dense(int in, int out, Initializer init) {
        checkSizes(in, out);
        if (init == null) {
            throw new IllegalArgumentException("dense(" + in + ", " + out + ", null): the initializer is null; leave it out"
                    + " for the default, or pass one of Initializers.glorotUniform(), heUniform(), heNormal(), zeros() ...");
        }
        this.in = in;
        this.out = out;
        this.init = (Init) init;
        try {
            this.weight = Matrix.zeros(in, out);
        } catch (OutOfMemoryError e) {
            throw new IllegalArgumentException("dense(" + in + ", " + out + "): " + (long) in * out * Float.BYTES / (1 << 20)
                    + " MiB of weights do not fit in this JVM's memory (max heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB); use a smaller layer, or start java with a larger -Xmx.", e);
        }
        this.bias = Matrix.zeros(1, out);
    }

    /** Refuses sizes that cannot make a layer, before anything is allocated. */
    static void checkSizes(long in, long out) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("dense(" + in + ", " + out + "): both sizes must be at least 1"
                    + " (inputs, then outputs), e.g. dense(2, 3).");
        }
        if (in * out > MAX_WEIGHTS) {
            throw new IllegalArgumentException("dense(" + in + ", " + out + "): " + in * out + " weights are more than one"
                    + " layer can hold (" + MAX_WEIGHTS + "); use fewer inputs or outputs, e.g. a smaller layer in between.");
        }
    }

    @Override
    String kind() {
        return "dense";
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
    List<Tensor> tensors() {
        return List.of(new Tensor("weight", weight, true, Tensor.Layout.TRANSPOSED), new Tensor("bias", bias, true, Tensor.Layout.VECTOR));
    }

    /** Draws the weights with this layer's initializer (chosen by {@code next} when it is the default); biases start at zero. */
    @Override
    void initialize(RandomGenerator random, Operation next) {
        init.fill(weight.data(), in, out, random, next);
        java.util.Arrays.fill(bias.data(), 0f);
    }

    @Override
    Operation copy() {
        Dense copy = new Dense(in, out, init);
        System.arraycopy(weight.data(), 0, copy.weight.data(), 0, in * out);
        System.arraycopy(bias.data(), 0, copy.bias.data(), 0, out);
        return copy;
    }

    @Override
    void writeConfig(Json.ObjectWriter config) {
        config.put("in", in).put("out", out);
        init.writeConfig(config);
    }

    @Override
    float[] forward(Kernels kernels, Slot slot, float[] x, int rows) {
        slot.input = x;
        kernels.gemm(false, false, rows, out, in, 1f, x, 0, in, weight.data(), 0, out, 0f, slot.output, 0, out);
        kernels.addBias(rows, out, slot.output, 0, out, bias.data(), 0);
        return slot.output;
    }

    @Override
    float[] backward(Kernels kernels, Slot slot, float[] dy, int rows, boolean needInputGradient) {
        kernels.gemm(true, false, in, out, rows, 1f, slot.input, 0, in, dy, 0, out, 0f, slot.gradients[0], 0, out);
        kernels.columnSums(rows, out, dy, 0, out, 0f, slot.gradients[1], 0);
        if (!needInputGradient) {
            return null;
        }
        kernels.gemm(false, true, rows, in, out, 1f, dy, 0, out, weight.data(), 0, out, 0f, slot.inputGradient, 0, in);
        return slot.inputGradient;
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

    Initializer initializer() {
        return init;
    }

    @Override
    public String toString() {
        return "dense(" + in + " -> " + out + ")";
    }
}
