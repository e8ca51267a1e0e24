package dev.nnj.core;

/**
 * One layer's part of a {@link Workspace}: the buffers its forward and backward passes write, and
 * what the backward pass reads from the forward pass. Buffers grow to the largest batch the
 * workspace has seen and are then reused, so a step allocates nothing.
 */
class Slot {

    static final float[] EMPTY = new float[0];

    /** The workspace this slot belongs to: its mode and its random stream. */
    Workspace workspace;
    /** The layer's position in the model. */
    int index;
    /** The input width bound by the last reserve. */
    int width;
    /** The layer's output rows. */
    float[] output = EMPTY;
    /** d(loss)/d(input) rows, written by the backward pass (training only). */
    float[] inputGradient = EMPTY;
    /**
     * What the last forward pass returned: {@link #output}, or the input itself for a layer that
     * hands it on (identity, dropout at rate 0). A reference, set by the workspace.
     */
    float[] result = EMPTY;
    /** What the last backward pass returned: {@link #inputGradient}, or dy handed on. A reference, set by the workspace. */
    float[] passedGradient = EMPTY;
    /** The forward input, for layers whose backward pass reads it (a reference, not a copy). */
    float[] input;
    /** This layer's parameter gradients, in the order of its trainable tensors; null outside training. */
    float[][] gradients;

    void reserve(int outputSize, int inputGradientSize) {
        if (output.length < outputSize) {
            output = new float[outputSize];
        }
        if (inputGradient.length < inputGradientSize) {
            inputGradient = new float[inputGradientSize];
        }
    }
}
