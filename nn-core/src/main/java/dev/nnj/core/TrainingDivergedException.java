package dev.nnj.core;

/**
 * Thrown when the loss becomes NaN or infinite during training: the run stops at once instead
 * of carrying on with NaN weights, and the message says what usually causes it.
 * <pre>{@code
 * try {
 *     model.train().on(x, y).loss(mse()).optimizer(sgd(0.5f)).epochs(100).run();
 * } catch (TrainingDivergedException e) {
 *     System.out.println(e.getMessage() + " after " + e.history().epochs().size() + " epochs");
 * }
 * }</pre>
 */
public final class TrainingDivergedException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final transient History history;

    TrainingDivergedException(String message, int epoch, History history) {
        super(message);
        this.epoch = epoch;
        this.history = history;
    }

    /** The epoch (counting from 1) in which the loss stopped being finite. */
    public int epoch() {
        return epoch;
    }

    /** The epochs that completed before it happened. */
    public History history() {
        return history;
    }
}
