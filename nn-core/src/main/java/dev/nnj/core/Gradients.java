package dev.nnj.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The gradients of a loss's sum over some rows, with that sum and what its mean divides by: what
 * one worker of data-parallel training computes on its part of a batch and sends back. Parts add
 * up ({@link #plus}) to the gradients of the whole batch, and a {@link Stepper} turns the total
 * into one update, exactly as training on the whole batch at once would (up to the order of the
 * float32 sums).
 * <pre>{@code
 * Gradients total = replica1.gradientSums(x1, y1, loss).plus(replica2.gradientSums(x2, y2, loss));
 * stepper.apply(total);   // the optimizer's step with total / its normalizer
 * }</pre>
 *
 * @param sums       d(sum of the loss)/d(parameter), one array per parameter in {@link Sequential#parameters()}
 *                   order (each row-major, as {@link Parameter#value()} holds it)
 * @param lossSum    the loss's sum over the rows
 * @param normalizer what the mean divides the sum by (rows, or rows times outputs, or the rows' class weights)
 * @param rows       the number of rows
 */
public record Gradients(List<float[]> sums, double lossSum, double normalizer, long rows) implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** Copies the arrays, so a record never shares storage with a model. */
    public Gradients {
        List<float[]> copies = new ArrayList<>(sums.size());
        for (float[] s : sums) {
            copies.add(s.clone());
        }
        sums = List.copyOf(copies);
    }

    /** The mean loss over the rows. */
    public float loss() {
        return (float) (lossSum / normalizer);
    }

    /**
     * The sum of these gradients and {@code other}'s: the gradients of both parts' rows.
     *
     * @throws IllegalArgumentException if the two are of different models (other parameter shapes)
     */
    public Gradients plus(Gradients other) {
        if (other.sums.size() != sums.size()) {
            throw new IllegalArgumentException("Gradients.plus: " + sums.size() + " parameters and " + other.sums.size()
                    + "; both must come from the same model.");
        }
        List<float[]> total = new ArrayList<>(sums.size());
        for (int p = 0; p < sums.size(); p++) {
            float[] a = sums.get(p);
            float[] b = other.sums.get(p);
            if (a.length != b.length) {
                throw new IllegalArgumentException("Gradients.plus: parameter " + p + " has " + a.length + " and " + b.length
                        + " values; both must come from the same model.");
            }
            float[] t = a.clone();
            dev.nnj.core.spi.Kernels.active().axpy(t.length, 1f, b, 0, t, 0);
            total.add(t);
        }
        return new Gradients(total, lossSum + other.lossSum, normalizer + other.normalizer, rows + other.rows);
    }
}
