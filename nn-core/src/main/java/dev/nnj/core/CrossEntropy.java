package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/**
 * {@code mean over the batch of −Σ_j t_j · log p_j}, for one-hot (or probability) targets. After
 * a softmax it is computed from the logits by log-sum-exp, gradient {@code softmax(z) − t}.
 */
final class CrossEntropy extends LossFunction {

    @Override
    float sum(Kernels kernels, float[] p, float[] t, int rows, int cols, float[] grad, float gradScale) {
        return kernels.crossEntropy(rows, cols, p, 0, t, 0, grad, 0, gradScale);
    }

    @Override
    int count(int rows, int cols) {
        return rows;
    }

    @Override
    boolean fusesWith(Operation last) {
        return last instanceof Softmax;
    }

    @Override
    float fusedSum(Kernels kernels, float[] z, float[] t, int rows, int cols, float[] grad, float gradScale) {
        return kernels.softmaxCrossEntropy(rows, cols, z, 0, t, 0, grad, 0, gradScale);
    }

    @Override
    void checkModel(Operation last, int outputWidth) {
        if (outputWidth == 1) {
            throw new IllegalArgumentException("crossEntropy needs one output per class, but the model has 1 output."
                    + " For two classes with one output use sigmoid() and binaryCrossEntropy().");
        }
        if (!(last instanceof Softmax || last instanceof Sigmoid)) {
            throw new IllegalArgumentException("crossEntropy needs probabilities, but the model ends with " + last
                    + ". End the model with softmax() (the pair is then computed fused and stable).");
        }
    }

    @Override
    void checkTargets(String where, float[] t, int cols, Kernels kernels) {
        targetsWithin(where, "crossEntropy", t, cols, kernels,
                "Targets are one-hot rows (1 for the class, 0 elsewhere) or probabilities.");
    }

    @Override
    public String toString() {
        return "crossEntropy";
    }
}
