package dev.nnj.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a hand-written backward pass: give the gradients your own code computed for one step
 * (or the weights after your SGD step), and it compares them with nnj's and, when they differ,
 * names the usual mistake that produces exactly your numbers, with the evidence.
 * <pre>{@code
 * // Your numpy-style code computed dW1, db1, dW2, db2 for the mean loss on x, y:
 * BackpropCheck.Result r = BackpropCheck.gradients(model, x, y, binaryCrossEntropy(),
 *         Map.of("dW1", dW1, "db1", db1, "dW2", dW2, "db2", db2));
 * System.out.println(r);   // e.g. "derivative of the pre-activation at layer 1: ... use a1 * (1 - a1)"
 * }</pre>
 * Names are {@code dW1, db1, dW2, ...} for the first, second ... dense layer (or nnj's parameter
 * names, {@code 0.weight} ...), shapes as numpy code has them ({@code W} is inputs x outputs).
 * The model is a chain of dense layers, each followed by at most one element-wise activation
 * (softmax last), optionally after a normalisation; the loss is mean squared error, binary
 * cross-entropy after a sigmoid, or cross-entropy after a softmax.
 */
public final class BackpropCheck {

    /** Relative difference under which two gradients are the same numbers (float32 against float64 code). */
    static final double SAME = 2e-3;

    private BackpropCheck() {
    }

    /** The mistakes the check recognises, each with what it looks like in code and how to fix it. */
    public enum Mistake {
        /** The gradients are right. */
        NONE("your gradients match nnj's", ""),
        /** delta = y − a where the loss needs a − y (or an update that adds the gradient). */
        SIGN_FLIPPED("the sign is flipped", "the output delta is a − y (prediction minus target), and the step is"
                + " w = w − lr·dw; check for (y − a) or w += lr·dw"),
        /** Summed over the batch where the loss (and nnj) averages. */
        SUM_NOT_MEAN("summed instead of averaged over the batch", "divide dW and db by m, the number of rows"
                + " (dW = a.T @ delta / m), or use a loss that sums"),
        /** dW is out x in where W is in x out. */
        TRANSPOSED("transposed", "dW must have W's shape, inputs x outputs: dW = a_prev.T @ delta, not delta.T @ a_prev"),
        /** The activation derivative written for the output a was given the pre-activation z. */
        DERIVATIVE_OF_PRE_ACTIVATION("the activation's derivative took z where it needs a", "sigmoid's derivative"
                + " is a * (1 - a) with a = sigmoid(z), the layer's output; passing z gives z * (1 - z)"),
        /** The activation derivative multiplied in twice. */
        DERIVATIVE_TWICE("the activation's derivative is applied twice", "multiply by f'(z) once, where the delta"
                + " passes back through the activation"),
        /** The activation derivative left out. */
        DERIVATIVE_MISSING("the activation's derivative is missing", "delta = (delta_next @ W_next.T) * f'(z):"
                + " the element-wise product with the derivative was left out"),
        /** A delta or activation from the neighbouring layer. */
        DELTA_ONE_LAYER_OFF("a delta or activation is taken from the wrong layer", "dW_l = a_(l-1).T @ delta_l"
                + " uses the activation going into layer l, and delta_l = (delta_(l+1) @ W_(l+1).T) * f'(z_l) the weights"
                + " coming out of it; check the indices"),
        /** db from one row instead of the sum over the batch. */
        BIAS_NOT_SUMMED("the bias gradient is not summed over the batch", "db = delta.sum(axis=0) / m: every row"
                + " contributes, not the first"),
        /** MSE's output delta with binary cross-entropy, or the reverse. */
        WRONG_LOSS_DERIVATIVE("the output delta belongs to another loss", "with sigmoid + binary cross-entropy the"
                + " output delta is a − y; with mean squared error it is 2(a − y)/k · a(1 − a)"),
        /**
         * Every gradient is the same multiple of nnj's: a loss written with another constant (½·mse,
         * a sum over the outputs where nnj averages them).
         */
        LOSS_SCALED("every gradient is a constant multiple of nnj's: your loss is scaled", "nnj's mse() is the mean of"
                + " (a − y)² over every row and output, so its output delta is 2(a − y)/k per row; a factor of 0.5 means a loss"
                + " written as ½·mse (the same training at twice the rate), a factor of k (the outputs) a loss summed over"
                + " the outputs where nnj averages them; binaryCrossEntropy() also averages over the k outputs"),
        /** They differ, in none of the known ways. */
        UNKNOWN("they differ from nnj's in no way the check knows", "compare your numbers line by line with"
                + " model.explain(x, y, loss, optimizer)");

        final String title;
        final String advice;

        Mistake(String title, String advice) {
            this.title = title;
            this.advice = advice;
        }

        /** Whether the mistake is made at one layer (or, in a loop, at every layer). */
        boolean perLayer() {
            return switch (this) {
                case TRANSPOSED, DERIVATIVE_OF_PRE_ACTIVATION, DERIVATIVE_TWICE, DERIVATIVE_MISSING, DELTA_ONE_LAYER_OFF,
                     BIAS_NOT_SUMMED -> true;
                case NONE, SIGN_FLIPPED, SUM_NOT_MEAN, WRONG_LOSS_DERIVATIVE, LOSS_SCALED, UNKNOWN -> false;
            };
        }
    }

    /**
     * The outcome.
     *
     * @param mistake  the mistake that gives your numbers, NONE if they are right, UNKNOWN if none does
     * @param layer    the dense layer (from 1) it was made at, or 0 for all of them / the whole network
     * @param evidence what was compared: which gradients differ and by what ratio
     * @param advice   how to fix it
     */
    public record Result(Mistake mistake, int layer, String evidence, String advice) {

        /** True if your gradients are right. */
        public boolean matches() {
            return mistake == Mistake.NONE;
        }

        @Override
        public String toString() {
            if (matches()) {
                return "BackpropCheck: your gradients match nnj's (" + evidence + ").";
            }
            String where = layer > 0 ? " at layer " + layer : mistake.perLayer() ? " at every layer" : "";
            return "BackpropCheck: " + mistake.title + where + ".\n  evidence: " + evidence
                    + "\n  fix: " + advice;
        }
    }

    /**
     * Compares your gradients of the mean loss on (x, y) with nnj's.
     *
     * @param yours {@code dW1, db1, dW2, db2, ...} (or {@code 0.weight, 0.bias, ...})
     * @throws IllegalArgumentException if the model is not a chain the check reads, a gradient is
     *                                  missing, or the data do not fit the model
     */
    public static Result gradients(Sequential model, float[][] x, float[][] y, Loss loss, Map<String, float[][]> yours) {
        if (model == null || yours == null) {
            throw new IllegalArgumentException("BackpropCheck: the " + (model == null ? "model" : "gradients") + " are null.");
        }
        model.checkedBatch("BackpropCheck", x, y, loss);
        ReferenceBackprop reference = ReferenceBackprop.of(model, x, y, (LossFunction) loss, "BackpropCheck");
        return compare(reference, collect(reference, byLayer(model, yours, "d"), "d"), x.length);
    }

    /**
     * Compares the weights after your plain gradient-descent step ({@code W ← W − lr·dW}) on
     * (x, y) with the step nnj's gradients give, and names the mistake as {@link #gradients} does.
     *
     * @param weightsAfter {@code W1, b1, W2, b2, ...} after your step
     * @throws IllegalArgumentException as {@link #gradients}, or if lr is not positive
     */
    public static Result update(Sequential model, float[][] x, float[][] y, Loss loss, float learningRate,
                                Map<String, float[][]> weightsAfter) {
        Checks.positiveFinite("BackpropCheck", "learning rate", learningRate);
        if (model == null || weightsAfter == null) {
            throw new IllegalArgumentException("BackpropCheck: the " + (model == null ? "model" : "weights") + " are null.");
        }
        model.checkedBatch("BackpropCheck", x, y, loss);
        ReferenceBackprop reference = ReferenceBackprop.of(model, x, y, (LossFunction) loss, "BackpropCheck");
        List<double[][]> after = collect(reference, byLayer(model, weightsAfter, ""), "");
        List<double[][]> implied = new ArrayList<>();
        for (int l = 0; l < reference.layers.size(); l++) {
            ReferenceBackprop.Layer layer = reference.layers.get(l);
            implied.add(step(layer.w(), after.get(2 * l), learningRate));
            implied.add(step(new double[][] {layer.b()}, after.get(2 * l + 1), learningRate));
        }
        return compare(reference, implied, x.length);
    }

    /** (before − after) / lr, where the shapes agree (else the after values, so the shape check names them). */
    private static double[][] step(double[][] before, double[][] after, float lr) {
        if (before.length != after.length || before[0].length != after[0].length) {
            return after;
        }
        double[][] g = new double[before.length][before[0].length];
        for (int r = 0; r < before.length; r++) {
            for (int c = 0; c < before[0].length; c++) {
                g[r][c] = (before[r][c] - after[r][c]) / lr;
            }
        }
        return g;
    }

    private static List<double[][]> collect(ReferenceBackprop reference, Map<String, float[][]> given, String prefix) {
        List<double[][]> values = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int l = 1; l <= reference.layers.size(); l++) {
            for (String kind : new String[] {"W", "b"}) {
                float[][] v = given.get(prefix + kind + l);
                if (v == null) {
                    missing.add(prefix + kind + l);
                    values.add(null);
                } else {
                    values.add(ReferenceBackprop.toDouble(v));
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("BackpropCheck: no values for " + missing + "; give " + prefix + "W1, " + prefix
                    + "b1, ... for the model's " + reference.layers.size() + " dense layers (first to last).");
        }
        return values;
    }

    /** The values keyed as numpy code names them (dW1, db1 ...), from those names or nnj's (0.weight, 0.bias ...). */
    private static Map<String, float[][]> byLayer(Sequential model, Map<String, float[][]> given, String prefix) {
        Map<String, float[][]> named = new LinkedHashMap<>(given);
        Operation[] layers = model.operations();
        int l = 0;
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] instanceof Dense) {
                l++;
                named.putIfAbsent(prefix + "W" + l, given.get(i + ".weight"));
                named.putIfAbsent(prefix + "b" + l, given.get(i + ".bias"));
            }
        }
        named.values().removeIf(java.util.Objects::isNull);
        return named;
    }

    private static Result compare(ReferenceBackprop reference, List<double[][]> yours, int m) {
        List<double[][]> right = reference.gradients(new ReferenceBackprop.Faults(Mistake.NONE, 0));
        int n = reference.layers.size();
        // Shapes first: a transposed dW or an unsummed db shows in its shape.
        for (int l = 0; l < n; l++) {
            double[][] dw = yours.get(2 * l);
            double[][] expected = right.get(2 * l);
            if (!sameShape(dw, expected)) {
                if (dw.length == expected[0].length && dw[0].length == expected.length) {
                    return new Result(Mistake.TRANSPOSED, l + 1, "dW" + (l + 1) + " is " + shape(dw) + ", but W" + (l + 1) + " is "
                            + shape(expected) + " (inputs x outputs)", Mistake.TRANSPOSED.advice);
                }
                throw new IllegalArgumentException("BackpropCheck: dW" + (l + 1) + " is " + shape(dw) + ", but W" + (l + 1)
                        + " is " + shape(expected) + ".");
            }
            double[][] db = yours.get(2 * l + 1);
            if (db.length == m && m > 1 && db[0].length == expected[0].length) {
                return new Result(Mistake.BIAS_NOT_SUMMED, l + 1, "db" + (l + 1) + " is " + shape(db) + ", one row per example;"
                        + " the bias gradient is one row, 1x" + expected[0].length, Mistake.BIAS_NOT_SUMMED.advice);
            }
            if (!sameShape(db, right.get(2 * l + 1))) {
                throw new IllegalArgumentException("BackpropCheck: db" + (l + 1) + " is " + shape(db) + ", but b" + (l + 1)
                        + " is " + shape(right.get(2 * l + 1)) + ".");
            }
        }
        double error = worst(yours, right);
        if (error < SAME) {
            return new Result(Mistake.NONE, 0, "worst relative difference " + String.format(Locale.ROOT, "%.1e", error), "");
        }
        // Which of the usual mistakes gives exactly these numbers?
        Result best = null;
        double bestError = SAME;
        for (Mistake mistake : Mistake.values()) {
            if (mistake == Mistake.NONE || mistake == Mistake.UNKNOWN || mistake == Mistake.LOSS_SCALED) {
                continue;
            }
            boolean perLayer = mistake.perLayer();
            int variants = mistake == Mistake.DELTA_ONE_LAYER_OFF ? 2 : 1;
            // A per-layer mistake is tried at each layer (1..n), then at every layer at once (0), as a
            // helper function called in a loop makes it; ties go to the single layer, tried first.
            int places = perLayer ? n + 1 : 1;
            for (int candidateIndex = 0; candidateIndex < variants * places; candidateIndex++) {
                int l = perLayer ? (1 + candidateIndex % places) % places : 0;
                int variant = candidateIndex / places;
                List<double[][]> candidate = reference.gradients(new ReferenceBackprop.Faults(mistake, l, variant));
                if (worst(candidate, right) < SAME || !sameShapes(candidate, yours)) {
                    continue;   // the mistake changes nothing here (say, a derivative of 1), or not in these shapes
                }
                double e = worst(yours, candidate);
                if (e < bestError) {
                    bestError = e;
                    best = new Result(mistake, l, evidence(yours, right, candidate, mistake, m), mistake.advice);
                }
            }
        }
        if (best != null) {
            return best;
        }
        double factor = commonFactor(yours, right);
        if (!Double.isNaN(factor)) {
            return new Result(Mistake.LOSS_SCALED, 0, "every gradient is " + String.format(Locale.ROOT, "%.4g", factor)
                    + " times nnj's (to within " + String.format(Locale.ROOT, "%.1e", worstScaled(yours, right, factor))
                    + "); m = " + m + " rows, k = " + right.get(right.size() - 1)[0].length + " outputs", Mistake.LOSS_SCALED.advice);
        }
        return new Result(Mistake.UNKNOWN, 0, evidence(yours, right, null, Mistake.UNKNOWN, m), Mistake.UNKNOWN.advice);
    }

    private static String evidence(List<double[][]> yours, List<double[][]> right, List<double[][]> candidate, Mistake mistake, int m) {
        List<String> differ = new ArrayList<>();
        List<String> same = new ArrayList<>();
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (int p = 0; p < yours.size(); p++) {
            String name = (p % 2 == 0 ? "dW" : "db") + (p / 2 + 1);
            if (relative(yours.get(p), right.get(p)) < SAME) {
                same.add(name);
            } else {
                differ.add(name);
                ratios.put(name, ratio(yours.get(p), right.get(p)));
            }
        }
        StringBuilder s = new StringBuilder();
        s.append(String.join(", ", differ)).append(differ.size() == 1 ? " differs" : " differ").append(" from nnj's");
        if (!same.isEmpty()) {
            s.append(" (").append(String.join(", ", same)).append(same.size() == 1 ? " matches" : " match").append(")");
        }
        if (!ratios.isEmpty()) {
            s.append("; yours / nnj's, by least squares: ");
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, Double> e : ratios.entrySet()) {
                parts.add(e.getKey() + " " + String.format(Locale.ROOT, "%.3g", e.getValue()));
            }
            s.append(String.join(", ", parts));
        }
        if (mistake == Mistake.SUM_NOT_MEAN) {
            s.append(" (m = ").append(m).append(" rows)");
        }
        if (candidate != null) {
            s.append("; the mistake reproduces your numbers to within ")
                    .append(String.format(Locale.ROOT, "%.1e", worst(yours, candidate)));
        }
        return s.toString();
    }

    /**
     * The one factor c with yours ≈ c · right for every gradient, or NaN if there is none (or it is 1,
     * or −1 and m, which the catalogue names as a flipped sign and a sum).
     */
    private static double commonFactor(List<double[][]> yours, List<double[][]> right) {
        double dot = 0;
        double norm = 0;
        for (int p = 0; p < right.size(); p++) {
            for (int r = 0; r < right.get(p).length; r++) {
                for (int c = 0; c < right.get(p)[0].length; c++) {
                    dot += yours.get(p)[r][c] * right.get(p)[r][c];
                    norm += right.get(p)[r][c] * right.get(p)[r][c];
                }
            }
        }
        double factor = norm == 0 ? Double.NaN : dot / norm;
        if (Double.isNaN(factor) || Math.abs(factor - 1) < SAME || worstScaled(yours, right, factor) >= SAME) {
            return Double.NaN;
        }
        return factor;
    }

    private static double worstScaled(List<double[][]> yours, List<double[][]> right, double factor) {
        List<double[][]> scaled = new ArrayList<>();
        for (double[][] g : right) {
            double[][] s = new double[g.length][g[0].length];
            for (int r = 0; r < g.length; r++) {
                for (int c = 0; c < g[0].length; c++) {
                    s[r][c] = factor * g[r][c];
                }
            }
            scaled.add(s);
        }
        return worst(yours, scaled);
    }

    /** The least-squares factor c in yours ≈ c · right. */
    private static double ratio(double[][] yours, double[][] right) {
        double dot = 0;
        double norm = 0;
        for (int r = 0; r < right.length; r++) {
            for (int c = 0; c < right[0].length; c++) {
                dot += yours[r][c] * right[r][c];
                norm += right[r][c] * right[r][c];
            }
        }
        return norm == 0 ? Double.NaN : dot / norm;
    }

    private static double worst(List<double[][]> a, List<double[][]> b) {
        double worst = 0;
        for (int p = 0; p < a.size(); p++) {
            worst = Math.max(worst, relative(a.get(p), b.get(p)));
        }
        return worst;
    }

    /** ‖a − b‖ / max(‖b‖, 1e-9): the difference relative to the size of the expected values. */
    private static double relative(double[][] a, double[][] b) {
        if (!sameShape(a, b)) {
            return Double.POSITIVE_INFINITY;
        }
        double diff = 0;
        double norm = 0;
        for (int r = 0; r < b.length; r++) {
            for (int c = 0; c < b[0].length; c++) {
                diff += (a[r][c] - b[r][c]) * (a[r][c] - b[r][c]);
                norm += b[r][c] * b[r][c];
            }
        }
        return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-9);
    }

    private static boolean sameShapes(List<double[][]> a, List<double[][]> b) {
        for (int p = 0; p < a.size(); p++) {
            if (!sameShape(a.get(p), b.get(p))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameShape(double[][] a, double[][] b) {
        return a.length == b.length && a[0].length == b[0].length;
    }

    private static String shape(double[][] a) {
        return a.length + "x" + a[0].length;
    }
}
