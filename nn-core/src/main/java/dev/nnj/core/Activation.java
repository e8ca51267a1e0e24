package dev.nnj.core;

/**
 * An element-wise (or row-wise) function with no parameters: the output has the input's width.
 * Each subclass holds its forward and its backward and keeps in its slot only what the backward
 * needs (sigmoid and tanh their output, relu its input).
 */
abstract sealed class Activation extends Operation
        permits Sigmoid, Tanh, Relu, LeakyRelu, Softmax, Identity {

    @Override
    final int inputWidth() {
        return ANY;
    }

    @Override
    final int outputWidth(int inputWidth) {
        return inputWidth;
    }

    /** True for activations that squash into (0, 1) or (−1, 1), for which Glorot initialisation suits the layer before. */
    boolean prefersGlorot() {
        return true;
    }

    @Override
    public String toString() {
        return kind();
    }
}
