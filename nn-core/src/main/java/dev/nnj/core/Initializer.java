package dev.nnj.core;

/**
 * How a dense layer's weights are drawn when the model is initialised (biases always start at
 * zero). Made by {@link Initializers}; the default, {@link Initializers#auto()}, picks Glorot or He
 * by the activation that follows the layer:
 * <pre>{@code
 * import static dev.nnj.core.Initializers.*;
 * Sequential model = Sequential.of(dense(2, 8, heNormal()), relu(), dense(8, 1), sigmoid());
 * }</pre>
 */
public sealed interface Initializer permits Init {
}
