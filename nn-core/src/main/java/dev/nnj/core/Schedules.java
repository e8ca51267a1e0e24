package dev.nnj.core;

/**
 * Learning-rate schedule factories for {@code Training.schedule(...)}, meant to be imported
 * statically. "Base" is the optimizer's learning rate; epochs count from 1. The formulas are
 * PyTorch's {@code StepLR}, {@code ExponentialLR}, {@code CosineAnnealingLR} (with a linear warm-up
 * in front) and {@code ReduceLROnPlateau}, stepped once per epoch:
 * <pre>{@code
 * import static dev.nnj.core.Schedules.*;
 * .schedule(step(10, 0.5f))          // halve every 10 epochs
 * .schedule(cosine(50, 5))           // 5 warm-up epochs, then a half cosine down to 0 at epoch 50
 * .schedule(reduceOnPlateau(3, 0.1f))   // a tenth when the validation loss stalls for 3 epochs
 * }</pre>
 */
public final class Schedules {

    private Schedules() {
    }

    /** The base rate throughout (the default). */
    public static Schedule constant() {
        return new RateSchedule(RateSchedule.Kind.CONSTANT, 1, 1f, 0, 0f, 0f);
    }

    /**
     * {@code base · factor^⌊(epoch − 1) / every⌋}: the rate is multiplied by {@code factor} every {@code every} epochs.
     *
     * @throws IllegalArgumentException if every is below 1 or factor is not in (0, 1]
     */
    public static Schedule step(int every, float factor) {
        Checks.positive("step", "the epoch interval", every);
        checkFactor("step", factor);
        return new RateSchedule(RateSchedule.Kind.STEP, every, factor, 0, 0f, 0f);
    }

    /**
     * {@code base · factor^(epoch − 1)}.
     *
     * @throws IllegalArgumentException if factor is not in (0, 1]
     */
    public static Schedule exponential(float factor) {
        checkFactor("exponential", factor);
        return new RateSchedule(RateSchedule.Kind.EXPONENTIAL, 1, factor, 0, 0f, 0f);
    }

    /**
     * Cosine annealing from the base rate to 0 over {@code epochs} epochs:
     * {@code base · (1 + cos(π · (epoch − 1) / epochs)) / 2}.
     *
     * @throws IllegalArgumentException if epochs is below 1
     */
    public static Schedule cosine(int epochs) {
        return cosine(epochs, 0);
    }

    /**
     * A linear warm-up over the first {@code warmupEpochs} epochs ({@code base · epoch / (warmup + 1)}),
     * then cosine annealing to 0 over the remaining {@code epochs − warmupEpochs}.
     *
     * @throws IllegalArgumentException if epochs is below 1, or warmupEpochs is negative or not below epochs
     */
    public static Schedule cosine(int epochs, int warmupEpochs) {
        Checks.positive("cosine", "the number of epochs", epochs);
        if (warmupEpochs < 0 || warmupEpochs >= epochs) {
            throw new IllegalArgumentException("cosine(" + epochs + ", " + warmupEpochs + "): the warm-up takes from 0 to "
                    + (epochs - 1) + " of the " + epochs + " epochs.");
        }
        return new RateSchedule(RateSchedule.Kind.COSINE, epochs, 1f, warmupEpochs, 0f, 0f);
    }

    /**
     * Multiplies the rate by {@code factor} when the monitored loss (the validation loss, or the
     * training loss without validation data) has not improved by a relative 1e-4 for more than
     * {@code patience} epochs, as PyTorch's {@code ReduceLROnPlateau}; never below 1e-8.
     *
     * @throws IllegalArgumentException if patience is negative or factor is not in (0, 1)
     */
    public static Schedule reduceOnPlateau(int patience, float factor) {
        if (patience < 0) {
            throw new IllegalArgumentException("reduceOnPlateau: patience must be at least 0, got " + patience + ".");
        }
        if (!(factor > 0f && factor < 1f)) {
            throw new IllegalArgumentException("reduceOnPlateau: factor must be in (0, 1), got " + factor + "; 0.1 is usual.");
        }
        return new RateSchedule(RateSchedule.Kind.PLATEAU, patience, factor, 0, 1e-8f, 1e-4f);
    }

    private static void checkFactor(String where, float factor) {
        if (!(factor > 0f && factor <= 1f)) {
            throw new IllegalArgumentException(where + ": factor must be in (0, 1], got " + factor + "; e.g. 0.5 halves the rate.");
        }
    }
}
