package dev.nnj.core;

/**
 * The loss factories, meant to be imported statically. Every loss is a mean, as PyTorch's
 * defaults, so values compare number for number:
 * <pre>{@code
 * import static dev.nnj.core.Losses.*;
 * model.train().on(x, y).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(1000).run();
 * }</pre>
 */
public final class Losses {

    private Losses() {
    }

    /** Mean squared error, {@code mean over every element of (p − t)²}: for regression. */
    public static Loss mse() {
        return new MeanSquaredError();
    }

    /**
     * Binary cross-entropy, {@code mean over every element of −[t·log p + (1−t)·log(1−p)]}, for
     * targets in [0, 1] and a model ending in {@code sigmoid()} (computed fused from the sigmoid's input).
     */
    public static Loss binaryCrossEntropy() {
        return new BinaryCrossEntropy();
    }

    /**
     * Cross-entropy, {@code mean over the batch of −Σ t·log p}, for one-hot (or probability)
     * targets and a model ending in {@code softmax()} (computed fused from the logits).
     */
    public static Loss crossEntropy() {
        return new CrossEntropy(false, null);
    }

    /**
     * Cross-entropy with a weight per class, as PyTorch's {@code CrossEntropyLoss(weight=...)}:
     * {@code mean over the batch of −Σ_j w_j · t_j · log p_j}. Give rare classes larger weights
     * to count their mistakes more (e.g. the inverse of each class's share of the rows).
     *
     * @throws IllegalArgumentException if no weight is given or one is negative or not finite
     */
    public static Loss crossEntropy(float... classWeights) {
        return new CrossEntropy(false, classWeights);
    }

    /**
     * Cross-entropy for targets given as class indices: one target column holding 0 .. k−1 for a
     * model with k outputs ending in {@code softmax()}, as PyTorch's {@code CrossEntropyLoss} with
     * class-index targets. Equal to {@link #crossEntropy()} on the one-hot rows.
     * <pre>{@code
     * float[][] y = {{0}, {2}, {1}};   // classes, not one-hot rows
     * model.train().on(x, y).loss(sparseCrossEntropy()).optimizer(adam(0.01f)).epochs(100).run();
     * }</pre>
     */
    public static Loss sparseCrossEntropy() {
        return new CrossEntropy(true, null);
    }

    /**
     * {@link #sparseCrossEntropy()} with a weight per class; the mean divides by the sum of the
     * rows' class weights, as PyTorch's does.
     *
     * @throws IllegalArgumentException if no weight is given or one is negative or not finite
     */
    public static Loss sparseCrossEntropy(float... classWeights) {
        return new CrossEntropy(true, classWeights);
    }
}
