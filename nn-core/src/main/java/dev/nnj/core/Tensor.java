package dev.nnj.core;

/**
 * One named tensor of a layer, as the model file and {@link Sequential#parameters()} see it.
 *
 * @param name       the layer-local name, PyTorch style: {@code "weight"}, {@code "bias"}, {@code "running_mean"}
 * @param value      the live values
 * @param trainable  true for parameters the optimizer moves; false for fixed or running values
 * @param transposed true if the file stores {@code valueᵀ}: dense weights are in x out here and
 *                   out x in in the file, PyTorch's layout, so a file loads into torch as it is
 */
record Tensor(String name, Matrix value, boolean trainable, boolean transposed) {

    static Tensor trainable(String name, Matrix value) {
        return new Tensor(name, value, true, false);
    }

    static Tensor fixed(String name, Matrix value) {
        return new Tensor(name, value, false, false);
    }

    /** The shape as the file stores it: a row vector is one-dimensional, a transposed matrix swaps its sides. */
    long[] fileShape() {
        if (value.rows() == 1) {
            return new long[] {value.cols()};
        }
        return transposed ? new long[] {value.cols(), value.rows()} : new long[] {value.rows(), value.cols()};
    }
}
