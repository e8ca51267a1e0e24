package dev.nnj.core;

/**
 * One named tensor of a layer, as the model file and {@link Sequential#parameters()} see it.
 *
 * @param name      the layer-local name, PyTorch style: {@code "weight"}, {@code "bias"}, {@code "running_mean"}
 * @param value     the live values
 * @param trainable true for parameters the optimizer moves; false for fixed or running values
 * @param layout    how the file stores it
 */
record Tensor(String name, Matrix value, boolean trainable, Layout layout) {

    /** How a tensor is stored in the model file. */
    enum Layout {
        /** One dimension (a bias, a per-column statistic), held here as a 1 x n matrix. */
        VECTOR,
        /** rows x cols, as held. */
        MATRIX,
        /** cols x rows: dense weights are in x out here and out x in in the file, PyTorch's layout. */
        TRANSPOSED
    }

    /** The shape as the file stores it. */
    long[] fileShape() {
        switch (layout) {
            case VECTOR:
                return new long[] {(long) value.rows() * value.cols()};
            case TRANSPOSED:
                return new long[] {value.cols(), value.rows()};
            default:
                return new long[] {value.rows(), value.cols()};
        }
    }

    boolean transposed() {
        return layout == Layout.TRANSPOSED;
    }
}
