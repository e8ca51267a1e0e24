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
        return new CrossEntropy();
    }
}
