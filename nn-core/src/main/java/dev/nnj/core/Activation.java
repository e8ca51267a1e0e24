package dev.nnj.core;

/**
 * An element-wise (or row-wise) function with no parameters: the output has the input's width.
 * Each subclass holds its forward and its backward and keeps only what the backward needs.
 */
abstract sealed class Activation extends Operation
        permits Sigmoid, Tanh, Relu, LeakyRelu, Softmax, Identity {

    /** Output (or gradient) buffer, grown to the largest batch seen. */
    float[] out = new float[0];
    float[] dx = new float[0];
    int width = ANY;

    @Override
    final int inputWidth() {
        return ANY;
    }

    @Override
    final int outputWidth(int inputWidth) {
        return inputWidth;
    }

    @Override
    void reserve(int rows, int inputWidth) {
        width = inputWidth;
        int size = rows * inputWidth;
        if (out.length < size) {
            out = new float[size];
            dx = new float[size];
        }
    }

    /** True for activations that squash into (0, 1) or (−1, 1), for which Glorot initialisation suits the layer before. */
    boolean prefersGlorot() {
        return true;
    }
}
