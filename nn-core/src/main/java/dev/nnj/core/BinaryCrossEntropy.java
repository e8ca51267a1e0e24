package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/**
 * {@code mean over every element of −[t·log p + (1−t)·log(1−p)]}. After a sigmoid it is computed
 * from the sigmoid's input: {@code max(z,0) − z·t + log(1 + e^−|z|)}, gradient {@code σ(z) − t}.
 */
final class BinaryCrossEntropy extends LossFunction {

    private static final long serialVersionUID = 1L;

    @Override
    float sum(Kernels kernels, float[] p, float[] t, int rows, int cols, float[] grad, float gradScale) {
        return kernels.binaryCrossEntropy(rows * cols, p, 0, t, 0, grad, 0, gradScale);
    }

    @Override
    int count(int rows, int cols) {
        return rows * cols;
    }

    @Override
    boolean fusesWith(Operation last) {
        return last instanceof Sigmoid;
    }

    @Override
    float fusedSum(Kernels kernels, float[] z, float[] t, int rows, int cols, float[] grad, float gradScale) {
        return kernels.sigmoidBinaryCrossEntropy(rows * cols, z, 0, t, 0, grad, 0, gradScale);
    }

    @Override
    void checkModel(Operation last, int outputWidth) {
        if (!(last instanceof Sigmoid || last instanceof Softmax)) {
            throw new IllegalArgumentException("binaryCrossEntropy needs probabilities, but the model ends with "
                    + last + ". End the model with sigmoid() (the pair is then computed fused and stable).");
        }
    }

    @Override
    boolean classification() {
        return true;
    }

    @Override
    void checkTargets(String where, float[] t, int cols, int outputWidth, Kernels kernels) {
        targetsWithin(where, "binaryCrossEntropy", t, cols, kernels,
                "For class indices use crossEntropy() with one-hot targets; for other values use mse().");
    }

    @Override
    public String toString() {
        return "binaryCrossEntropy";
    }
}
