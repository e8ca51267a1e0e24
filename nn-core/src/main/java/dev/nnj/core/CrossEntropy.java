package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/**
 * {@code mean over the batch of −Σ_j w_j · t_j · log p_j}, for one-hot (or probability) targets,
 * or, sparse, for one column of class indices (0 .. k−1). After a softmax it is computed from the
 * logits by log-sum-exp, gradient {@code softmax(z) − t}. Class weights {@code w} default to 1;
 * with weights, the mean is PyTorch's: over the batch for one-hot targets, and divided by the sum
 * of the rows' class weights for class indices.
 */
final class CrossEntropy extends LossFunction {

    private static final long serialVersionUID = 1L;

    private final boolean sparse;
    private final float[] weights;

    CrossEntropy(boolean sparse, float[] weights) {
        this.sparse = sparse;
        if (weights != null) {
            if (weights.length == 0) {
                throw new IllegalArgumentException(name() + ": no class weights given; leave them out for equal weights.");
            }
            for (int j = 0; j < weights.length; j++) {
                if (!(weights[j] >= 0f) || !Float.isFinite(weights[j])) {
                    throw new IllegalArgumentException(name() + ": class weight " + j + " is " + weights[j]
                            + "; weights must be finite and at least 0.");
                }
            }
            this.weights = weights.clone();
        } else {
            this.weights = null;
        }
    }

    private String name() {
        return sparse ? "sparseCrossEntropy" : "crossEntropy";
    }

    @Override
    float sum(Kernels kernels, float[] p, float[] t, int rows, int cols, float[] grad, float gradScale) {
        return weights == null
                ? kernels.crossEntropy(rows, cols, p, 0, t, 0, grad, 0, gradScale)
                : kernels.weightedCrossEntropy(rows, cols, p, 0, t, 0, weights, grad, 0, gradScale);
    }

    @Override
    int count(int rows, int cols) {
        return rows;
    }

    @Override
    float normalizer(Kernels kernels, float[] t, int rows, int cols) {
        if (weights == null || !sparse) {
            return rows;
        }
        float total = kernels.weightedTargetSum(rows, cols, t, 0, weights);
        // A batch of zero-weight rows contributes nothing; dividing by 1 keeps it at 0 instead of NaN.
        return total > 0f ? total : 1f;
    }

    @Override
    boolean fusesWith(Operation last) {
        return last instanceof Softmax;
    }

    @Override
    float fusedSum(Kernels kernels, float[] z, float[] t, int rows, int cols, float[] grad, float gradScale) {
        return weights == null
                ? kernels.softmaxCrossEntropy(rows, cols, z, 0, t, 0, grad, 0, gradScale)
                : kernels.weightedSoftmaxCrossEntropy(rows, cols, z, 0, t, 0, weights, grad, 0, gradScale);
    }

    @Override
    boolean classification() {
        return true;
    }

    @Override
    int targetWidth(int outputWidth) {
        return sparse ? 1 : outputWidth;
    }

    @Override
    float[] prepareTargets(float[] t, int rows, int outputWidth) {
        if (!sparse) {
            return t;
        }
        float[] oneHot = new float[rows * outputWidth];
        for (int i = 0; i < rows; i++) {
            oneHot[i * outputWidth + (int) t[i]] = 1f;
        }
        return oneHot;
    }

    @Override
    void checkModel(Operation last, int outputWidth) {
        if (outputWidth == 1) {
            throw new IllegalArgumentException(name() + " needs one output per class, but the model has 1 output."
                    + " For two classes with one output use sigmoid() and binaryCrossEntropy().");
        }
        if (!(last instanceof Softmax || last instanceof Sigmoid)) {
            throw new IllegalArgumentException(name() + " needs probabilities, but the model ends with " + last
                    + ". End the model with softmax() (the pair is then computed fused and stable).");
        }
        if (weights != null && weights.length != outputWidth) {
            throw new IllegalArgumentException(name() + ": " + weights.length + " class weights for a model with "
                    + outputWidth + " outputs; give one weight per class.");
        }
    }

    @Override
    void checkTargets(String where, float[] t, int cols, int outputWidth, Kernels kernels) {
        if (!sparse) {
            targetsWithin(where, "crossEntropy", t, cols, kernels,
                    "Targets are one-hot rows (1 for the class, 0 elsewhere) or probabilities; for class indices use"
                            + " sparseCrossEntropy().");
            return;
        }
        int bad = -1;
        for (int i = 0; bad < 0 && i < t.length; i++) {
            if (!(t[i] >= 0f && t[i] <= outputWidth - 1) || t[i] != (float) Math.rint(t[i])) {
                bad = i;
            }
        }
        if (bad >= 0) {
            throw new IllegalArgumentException(where + ": sparseCrossEntropy target at row " + bad + " is " + t[bad]
                    + "; targets are class indices, whole numbers from 0 to " + (outputWidth - 1) + " (the model has "
                    + outputWidth + " outputs). For one-hot rows use crossEntropy().");
        }
    }

    @Override
    public String toString() {
        return name() + (weights == null ? "" : java.util.Arrays.toString(weights).replace('[', '(').replace(']', ')'));
    }
}
