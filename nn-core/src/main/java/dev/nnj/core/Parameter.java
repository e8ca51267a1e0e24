package dev.nnj.core;

import java.util.Objects;

/**
 * A trainable tensor of a model: its current value and d(loss)/d(value) from the last
 * {@link Sequential#computeGradients} or training step. Both are live views: writing
 * {@code value()} changes the model.
 * <pre>{@code
 * for (Parameter p : model.parameters()) {
 *     System.out.println(p.name() + " " + p.value().rows() + "x" + p.value().cols());   // 0.weight 2x3 ...
 * }
 * }</pre>
 *
 * @param name     position in the model and role, PyTorch style: {@code "0.weight"}, {@code "0.bias"}
 * @param value    the values
 * @param gradient the gradient, same shape as the value
 */
public record Parameter(String name, Matrix value, Matrix gradient) {
    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(gradient, "gradient");
        if (value.rows() != gradient.rows() || value.cols() != gradient.cols()) {
            throw new IllegalArgumentException("Parameter " + name + ": value is " + value.rows() + "x" + value.cols()
                    + " but gradient is " + gradient.rows() + "x" + gradient.cols() + "; they must have the same shape.");
        }
    }

    /** The same tensors under another name. */
    Parameter renamed(String newName) {
        return new Parameter(newName, value, gradient);
    }

    /** One array of zeros per parameter, each as long as its values: gradient sums, optimizer state. */
    static float[][] zerosLike(java.util.List<Parameter> parameters) {
        float[][] arrays = new float[parameters.size()][];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = new float[parameters.get(i).value().data().length];
        }
        return arrays;
    }
}
