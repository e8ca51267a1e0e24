package dev.nnj.core;

import java.util.List;
import java.util.Locale;

/**
 * One training step written out in the notation of hand-written numpy backpropagation: the
 * inputs, {@code z = X·W + b} and {@code a = f(z)} for each layer, the loss, the deltas from the
 * output back (with the derivative each one used), {@code dW = aᵀ·δ / m}, {@code db}, and the
 * weights after the optimizer's update. Made by {@link Sequential#explain}; printing it shows
 * every number (full matrices for small networks, shape and range beyond), and {@link #entries()}
 * gives the same numbers to a program.
 * <pre>{@code
 * Explanation step = model.explain(x, y, binaryCrossEntropy(), sgd(0.1f));
 * System.out.println(step);                       // z1 = X·W1 + b1 ... δ2 = a2 − y ... W1 ← W1 − 0.1·dW1
 * Matrix delta = step.entry("δ2").value();        // the numbers behind a line
 * }</pre>
 * Deltas are {@code δ = m · ∂loss/∂z} (m the number of rows), the convention of code that writes
 * {@code delta = a − y} and then {@code dW = a.T @ delta / m}; the model is not changed.
 */
public final class Explanation {

    /** Matrices with more values than this print as their shape and range. */
    static final int FULL = 64;

    /**
     * One line of the trace.
     *
     * @param section  "forward", "backward" or "update"
     * @param name     the symbol, e.g. {@code z1}, {@code δ2}, {@code dW1}, {@code W1'} (after the update)
     * @param formula  how it is computed, e.g. {@code X·W1 + b1}
     * @param note     why, where it helps (the derivative used, the cancellation of a fused loss), or empty
     * @param value    the numbers (rows x columns; a bias is 1 x n)
     */
    public record Entry(String section, String name, String formula, String note, Matrix value) {
    }

    private final String title;
    private final float loss;
    private final String lossFormula;
    private final List<Entry> entries;

    Explanation(String title, float loss, String lossFormula, List<Entry> entries) {
        this.title = title;
        this.loss = loss;
        this.lossFormula = lossFormula;
        this.entries = List.copyOf(entries);
    }

    /** Every line of the trace, in order. */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * The line named {@code name} ({@code "z1"}, {@code "δ2"}, {@code "dW1"}, {@code "W1'"} ...).
     *
     * @throws IllegalArgumentException if there is none, listing the names there are
     */
    public Entry entry(String name) {
        for (Entry e : entries) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("explain: no line named '" + name + "'; the trace has "
                + entries.stream().map(Entry::name).toList() + ".");
    }

    /** The mean loss of the step (before the update). */
    public float loss() {
        return loss;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(title).append('\n');
        String section = "";
        for (Entry e : entries) {
            if (!e.section().equals(section)) {
                section = e.section();
                s.append('\n').append(heading(section)).append('\n');
                if (section.equals("backward")) {
                    s.append(String.format(Locale.ROOT, "  loss = %s = %s%n", lossFormula, number(loss)));
                }
            }
            String left = e.name() + (e.formula().isEmpty() ? "" : " = " + e.formula());
            s.append(String.format(Locale.ROOT, "  %-30s %s%n", left, shape(e.value())));
            if (!e.note().isEmpty()) {
                s.append("      (").append(e.note()).append(")\n");
            }
            s.append(values(e.value()));
        }
        return s.toString();
    }

    private static String heading(String section) {
        switch (section) {
            case "forward":
                return "forward";
            case "backward":
                return "backward (δ = m · ∂loss/∂z, so that dW = aᵀ·δ / m as numpy code writes it)";
            default:
                return "update";
        }
    }

    private static String shape(Matrix m) {
        return "(" + m.rows() + "x" + m.cols() + ")";
    }

    private static String values(Matrix m) {
        float[] d = m.data();
        int n = m.rows() * m.cols();
        StringBuilder s = new StringBuilder();
        if (n > FULL) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                min = Math.min(min, d[i]);
                max = Math.max(max, d[i]);
                sum += d[i];
            }
            return String.format(Locale.ROOT, "      min %s  mean %s  max %s%n", number(min), number((float) (sum / n)), number(max));
        }
        for (int r = 0; r < m.rows(); r++) {
            s.append("      [");
            for (int c = 0; c < m.cols(); c++) {
                s.append(c == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%10s", number(d[r * m.cols() + c])));
            }
            s.append("]\n");
        }
        return s.toString();
    }

    static String number(float v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
