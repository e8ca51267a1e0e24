package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.util.List;

/**
 * Checks a model's backpropagated gradients against central differences
 * {@code (L(w + ε) − L(w − ε)) / 2ε}, one parameter element at a time. If your gradients are
 * right, the worst relative error is small (around 1e-3 in float32); a sign error or a delta
 * taken from the wrong layer shows up as an error near 1 or above.
 * <pre>{@code
 * GradientCheck.Result result = GradientCheck.check(model, x, y, binaryCrossEntropy());
 * if (!result.passed()) System.out.println(result);   // names the worst parameter element
 * }</pre>
 * The relative error of an element is {@code |analytic − numeric| / max(|analytic|, |numeric|, floor)};
 * the floor keeps gradients near zero from turning float rounding into large ratios.
 *
 * <p>relu and leakyRelu have a kink at 0. Where a pre-activation lies within about ε of it, the
 * central difference straddles the kink and averages the two slopes, so a correct gradient can
 * fail. Zero biases make this common: a row whose relus are all off feeds an exact 0 to the next
 * layer. If a relu model fails, check again with a tenth of ε, or after moving the biases off
 * zero (or after a few training steps); a wrong gradient fails at any step, a kink only at some.
 */
public final class GradientCheck {

    /** Step for the central differences; large enough that float32 rounding stays well below the signal. */
    public static final float DEFAULT_EPSILON = 1e-2f;
    /** Worst relative error a correct float32 gradient stays under. */
    public static final double DEFAULT_TOLERANCE = 2e-2;
    /** Denominator floor for the relative error. */
    static final double FLOOR = 1e-2;

    private GradientCheck() {
    }

    /**
     * The outcome of a check.
     *
     * @param maxRelativeError the worst relative error over all checked elements
     * @param parameter        the name of the parameter holding the worst element
     * @param row              its row
     * @param col              its column
     * @param analytic         the backpropagated gradient there
     * @param numeric          the central-difference estimate there
     * @param checked          how many elements were compared
     */
    public record Result(double maxRelativeError, String parameter, int row, int col,
                         double analytic, double numeric, int checked) {

        /** True if the worst relative error is below {@link #DEFAULT_TOLERANCE}. */
        public boolean passed() {
            return maxRelativeError < DEFAULT_TOLERANCE;
        }

        @Override
        public String toString() {
            return String.format("GradientCheck %s: worst relative error %.3g at %s[%d][%d] (backprop %.6g, numeric %.6g), %d elements",
                    passed() ? "passed" : "FAILED", maxRelativeError, parameter, row, col, analytic, numeric, checked);
        }
    }

    /** Checks every parameter element with {@link #DEFAULT_EPSILON}. */
    public static Result check(Sequential model, float[][] x, float[][] y, Loss loss) {
        return check(model, x, y, loss, DEFAULT_EPSILON);
    }

    /**
     * Checks every parameter element with step {@code epsilon}. Parameters are restored
     * afterwards; the gradients hold the backpropagated values.
     *
     * @throws IllegalArgumentException as {@link Sequential#computeGradients} does, or if the model has no parameters
     */
    public static Result check(Sequential model, float[][] x, float[][] y, Loss loss, float epsilon) {
        if (model == null) {
            throw new IllegalArgumentException("GradientCheck: the model is null.");
        }
        Checks.positiveFinite("GradientCheck", "epsilon", epsilon);
        List<Parameter> parameters = model.parameters();
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("GradientCheck: the model " + model + " has no parameters to check.");
        }
        Sequential.Batch batch = model.checkedBatch("GradientCheck", x, y, loss);
        LossFunction function = (LossFunction) loss;
        long stamp = model.takeExclusively("GradientCheck");
        try {
            model.gradientsHeld(batch, function);
            // The numeric side runs in the same mode as the analytic one, without writing gradients.
            Workspace numeric = new Workspace(model, Kernels.active(), Workspace.Mode.TRAINING, null);
            numeric.reserve(batch.rows(), batch.xWidth());
            Result worst = new Result(0, parameters.get(0).name(), 0, 0, 0, 0, 0);
            int checked = 0;
            for (Parameter p : parameters) {
                float[] w = p.value().data();
                float[] g = p.gradient().data();
                int cols = p.value().cols();
                for (int i = 0; i < w.length; i++) {
                    float saved = w[i];
                    w[i] = saved + epsilon;
                    double plus = numeric.lossOnly(batch.x(), batch.y(), batch.rows(), function);
                    w[i] = saved - epsilon;
                    double minus = numeric.lossOnly(batch.x(), batch.y(), batch.rows(), function);
                    w[i] = saved;
                    double estimate = (plus - minus) / (2.0 * epsilon);
                    double analytic = g[i];
                    double error = Math.abs(analytic - estimate) / Math.max(Math.max(Math.abs(analytic), Math.abs(estimate)), FLOOR);
                    checked++;
                    if (error > worst.maxRelativeError() || Double.isNaN(error)) {
                        worst = new Result(error, p.name(), i / cols, i % cols, analytic, estimate, 0);
                    }
                }
            }
            return new Result(worst.maxRelativeError(), worst.parameter(), worst.row(), worst.col(),
                    worst.analytic(), worst.numeric(), checked);
        } finally {
            model.unlockUpdate(stamp);
        }
    }
}
