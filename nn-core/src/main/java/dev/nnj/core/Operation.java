package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What every layer does, in one place: its shape rule, its parameters and state, its forward pass
 * and its backward pass.
 *
 * <p>A layer holds its configuration and its tensors (trainable parameters, and fixed or running
 * values such as a normalisation's centre and spread) and nothing else. Everything a pass needs
 * besides that (output and gradient buffers, the input the backward pass reads, the mode, the
 * random stream) lives in the layer's {@link Slot} of a {@link Workspace}, which belongs to one run
 * or one predict call. So a layer's code never races with itself: many workspaces can run one
 * model at once.
 *
 * <p>The model file stores each layer as its {@link #kind()}, {@link #version()},
 * {@link #writeConfig configuration} and {@link #tensors() tensors}; {@link LayerCodec} rebuilds it.
 */
abstract sealed class Operation implements Layer
        permits Dense, Activation, Normalization, Dropout, BatchNorm {

    /** Marks a width that any input width satisfies (activations pass their input width on). */
    static final int ANY = -1;

    /** The model this layer belongs to, set once by {@link Sequential}; a layer serves one model. */
    private Sequential owner;
    private int position = -1;

    /** The name of this kind of layer in model files and messages: {@code "dense"}, {@code "sigmoid"}. */
    abstract String kind();

    /** The version of this kind's configuration and tensors in the model file; raise it when they change. */
    int version() {
        return 1;
    }

    /** The input width this layer requires, or {@link #ANY}. */
    abstract int inputWidth();

    /** The output width for a given input width ({@link #ANY} in gives {@link #ANY} out for shape-agnostic layers). */
    abstract int outputWidth(int inputWidth);

    /**
     * Every tensor this layer holds, in a fixed order: the trainable ones (weights, then bias) and
     * the fixed or running ones. Empty for layers without values. The model file saves all of them;
     * {@link Sequential#parameters()} lists the trainable ones.
     */
    List<Tensor> tensors() {
        return List.of();
    }

    /**
     * Tells a layer that adapts to its input (batch norm) the width it receives at its position, as
     * the model is built; {@code width} is {@link #ANY} when nothing before it fixes the width.
     *
     * @throws IllegalArgumentException if the layer needs a width it cannot get here
     */
    void connect(int index, int width) {
    }

    /** True if the layer's output width equals its input width and it is no activation: initialisers look past it. */
    boolean keepsShape() {
        return false;
    }

    /**
     * Draws initial parameter values; {@code next} is the first layer after this one that does not
     * just keep the shape (or null at the end), whose kind picks the scheme.
     */
    void initialize(RandomGenerator random, Operation next) {
    }

    /** Called after the tensors' values were replaced from outside (a file): layers that derive values from them refresh those. */
    void tensorsLoaded() {
    }

    /** An independent layer with the same configuration and a copy of every tensor, belonging to no model. */
    abstract Operation copy();

    /** Writes the configuration (not the tensors) into the model file's architecture entry. */
    void writeConfig(Json.ObjectWriter config) {
    }

    /** A new slot for this layer in a workspace; layers that keep more per-run state return their own subclass. */
    Slot newSlot() {
        return new Slot();
    }

    /**
     * Makes the slot hold {@code rows} rows of a batch whose input is {@code inputWidth} wide;
     * {@code training} adds the buffers the backward pass writes.
     */
    void reserve(Slot slot, int rows, int inputWidth, boolean training) {
        slot.reserve(rows * outputWidth(inputWidth), training ? rows * inputWidth : 0);
        slot.width = inputWidth;
    }

    /**
     * Computes the output of {@code rows} rows of {@code x} (row-major, {@code slot.width} wide).
     * Returns the slot's output buffer (or {@code x} itself), valid until the slot's next forward.
     */
    abstract float[] forward(Kernels kernels, Slot slot, float[] x, int rows);

    /**
     * Given d(loss)/d(output) for the slot's last forward batch, writes this layer's parameter
     * gradients into {@code slot.gradients} and returns d(loss)/d(input) in the slot's buffer (or
     * {@code dy} itself); returns null when {@code needInputGradient} is false and the layer could
     * skip that work.
     */
    abstract float[] backward(Kernels kernels, Slot slot, float[] dy, int rows, boolean needInputGradient);

    /** How the layer reads as a factory call: {@code dense(2 -> 3)}, {@code sigmoid}. */
    @Override
    public abstract String toString();

    /**
     * Refuses a layer that already belongs to a model: it holds that model's weights.
     *
     * @param index the position it was given in the new model
     */
    final void checkFree(int index) {
        if (owner != null) {
            throw new IllegalArgumentException("Sequential.of: layer " + index + " " + this + " is already layer " + position
                    + " of another model, " + owner + "; a layer holds its model's weights, so call the factory again for the"
                    + " new model, or build it from model.copy().");
        }
    }

    /** Marks this layer as position {@code index} of {@code model}; once, by the model's constructor. */
    final void claim(Sequential model, int index) {
        owner = model;
        position = index;
    }
}
