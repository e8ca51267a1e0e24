package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What every layer does, in one place: its shape rule, its forward pass and its backward pass.
 * A layer keeps the buffers it writes (sized once for the largest batch it has seen) and only
 * what its backward pass needs from the forward pass.
 */
abstract sealed class Operation implements Layer
        permits Dense, Activation, Normalization {

    /** Marks a width that any input width satisfies (activations pass their input width on). */
    static final int ANY = -1;

    /** The input width this layer requires, or {@link #ANY}. */
    abstract int inputWidth();

    /** The output width for a given input width ({@link #ANY} in gives {@link #ANY} out for shape-agnostic layers). */
    abstract int outputWidth(int inputWidth);

    /** Trainable parameters in a fixed order (weights, then bias); empty for most layers. */
    List<Parameter> parameters() {
        return List.of();
    }

    /** Draws initial parameter values; {@code next} is the layer after this one (or null), whose kind picks the scheme. */
    void initialize(RandomGenerator random, Operation next) {
    }

    /** Makes sure the buffers hold {@code rows} rows of a batch whose input is {@code inputWidth} wide. */
    abstract void reserve(int rows, int inputWidth);

    /**
     * Computes the output of {@code rows} rows of {@code x} (row-major, its width as bound).
     * Returns a buffer this layer owns (or {@code x} itself), valid until the next call.
     */
    abstract float[] forward(Kernels kernels, float[] x, int rows);

    /**
     * Given d(loss)/d(output) for the last forward batch, writes every parameter gradient and
     * returns d(loss)/d(input) in a buffer this layer owns (or {@code dy} itself); returns null
     * when {@code needInputGradient} is false and the layer could skip that work.
     */
    abstract float[] backward(Kernels kernels, float[] dy, int rows, boolean needInputGradient);

    /** How the layer reads as a factory call: {@code dense(2 -> 3)}, {@code sigmoid}. */
    @Override
    public abstract String toString();
}
