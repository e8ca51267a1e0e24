package dev.nnj.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A learning-rate range test's curve and the rate it suggests, from
 * {@link Sequential#findLearningRate(Dataset, Loss, Optimizer)}: the rate rose geometrically from
 * step to step, and {@code losses[i]} is the smoothed training loss after the step taken at
 * {@code rates[i]}. Plot losses against rates on a log axis: the loss falls, flattens, then shoots
 * up; a good rate sits on the steep part of the fall, well before the bottom.
 * <pre>{@code
 * LearningRateCurve curve = model.findLearningRate(train, crossEntropy(), adam(0.001f));
 * System.out.println(curve);                       // suggests 0.00316 (the lowest loss was at 0.0316) ...
 * model.train().on(train).loss(crossEntropy()).optimizer(adam(curve.suggested())).epochs(20).run();
 * }</pre>
 *
 * @param rates     the learning rate of each step, rising geometrically
 * @param losses    the training loss after each step, smoothed (an exponential moving average, bias-corrected, as fastai's)
 * @param suggested a tenth of the rate at the lowest smoothed loss (fastai's rule), or NaN when no rate lowered the loss
 * @param advice    the suggestion in words, or why there is none
 */
public record LearningRateCurve(float[] rates, float[] losses, float suggested, String advice) {

    /** Checks the parts and keeps copies of the arrays. */
    public LearningRateCurve {
        Objects.requireNonNull(advice, "advice");
        if (rates == null || losses == null || rates.length != losses.length) {
            throw new IllegalArgumentException("LearningRateCurve: rates and losses must be given, of equal length.");
        }
        rates = rates.clone();
        losses = losses.clone();
    }

    /** The rate of each step (a copy). */
    @Override
    public float[] rates() {
        return rates.clone();
    }

    /** The smoothed loss after each step (a copy). */
    @Override
    public float[] losses() {
        return losses.clone();
    }

    /** The rate at which the smoothed loss was lowest (NaN for an empty curve). */
    public float lowestAt() {
        int best = -1;
        for (int i = 0; i < losses.length; i++) {
            if (best < 0 || losses[i] < losses[best]) {
                best = i;
            }
        }
        return best < 0 ? Float.NaN : rates[best];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LearningRateCurve && Arrays.equals(rates, ((LearningRateCurve) o).rates)
                && Arrays.equals(losses, ((LearningRateCurve) o).losses)
                && Float.compare(suggested, ((LearningRateCurve) o).suggested) == 0
                && advice.equals(((LearningRateCurve) o).advice);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(rates) + Arrays.hashCode(losses)) + Float.hashCode(suggested);
    }

    /** {@code LearningRateCurve: 100 steps from 1e-07 to 10; suggests ...}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LearningRateCurve: %d steps from %.3g to %.3g; %s", rates.length,
                rates.length > 0 ? rates[0] : Float.NaN, rates.length > 0 ? rates[rates.length - 1] : Float.NaN, advice);
    }
}
