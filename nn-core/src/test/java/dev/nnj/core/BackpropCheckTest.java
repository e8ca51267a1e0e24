package dev.nnj.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Layers.tanh;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Losses.mse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A learner's hand-written backpropagation (below, in plain arrays, the way the seeds wrote it in
 * numpy), with each of the usual mistakes put in on purpose, over random small networks: the
 * check must name the mistake for at least 90% of them and say "matches" for the correct code.
 */
class BackpropCheckTest {

    enum Bug { NONE, SIGN, SUM, TRANSPOSE, DERIVATIVE_OF_Z, DERIVATIVE_TWICE, NO_DERIVATIVE, OWN_ACTIVATION, BIAS_FIRST_ROW, MSE_DELTA_WITH_BCE,
        DERIVATIVE_OF_Z_EVERY_LAYER, HALF_LOSS }

    /** The learner's code: X → h (f) → h (f) → 1 (sigmoid), mean loss, one bug at a time. */
    static Map<String, float[][]> learnerGradients(double[][] x, double[][] y, double[][][] w, double[][] b, boolean tanh,
                                                   boolean bce, Bug bug) {
        int m = x.length;
        double[][] z1 = plus(dot(x, w[0]), b[0]);
        double[][] a1 = act(z1, tanh);
        double[][] z2 = plus(dot(a1, w[1]), b[1]);
        double[][] a2 = act(z2, tanh);
        double[][] z3 = plus(dot(a2, w[2]), b[2]);
        double[][] a3 = act(z3, false);
        double[][] d3 = new double[m][1];
        for (int i = 0; i < m; i++) {
            double err = bug == Bug.SIGN ? y[i][0] - a3[i][0] : a3[i][0] - y[i][0];
            boolean mseDelta = !bce || bug == Bug.MSE_DELTA_WITH_BCE;
            // With the derivative helper called on z at every layer, mse's output delta takes it too.
            double out = bug == Bug.DERIVATIVE_OF_Z_EVERY_LAYER ? z3[i][0] : a3[i][0];
            d3[i][0] = mseDelta ? 2 * err * out * (1 - out) : err;
            if (bug == Bug.HALF_LOSS) {
                d3[i][0] /= 2;   // the loss written as ½·mse (or ½·bce): no 2 in the delta
            }
        }
        boolean zEverywhere = bug == Bug.DERIVATIVE_OF_Z_EVERY_LAYER;
        double[][] d2 = times(dot(d3, t(w[2])), deriv(bug == Bug.DERIVATIVE_OF_Z || zEverywhere ? z2 : a2, tanh));
        if (bug == Bug.DERIVATIVE_TWICE) {
            d2 = times(d2, deriv(a2, tanh));
        }
        double[][] back1 = dot(d2, t(w[1]));
        double[][] d1 = bug == Bug.NO_DERIVATIVE ? back1 : times(back1, deriv(zEverywhere ? z1 : a1, tanh));
        double mean = bug == Bug.SUM ? 1 : m;
        Map<String, float[][]> g = new LinkedHashMap<>();
        g.put("dW1", f(scale(bug == Bug.TRANSPOSE ? dot(t(d1), x) : dot(t(x), d1), 1 / mean)));
        g.put("db1", f(new double[][] {sum(d1, mean)}));
        g.put("dW2", f(scale(dot(t(bug == Bug.OWN_ACTIVATION ? a2 : a1), d2), 1 / mean)));
        g.put("db2", f(new double[][] {bug == Bug.BIAS_FIRST_ROW ? d2[0] : sum(d2, mean)}));
        g.put("dW3", f(scale(dot(t(a2), d3), 1 / mean)));
        g.put("db3", f(new double[][] {sum(d3, mean)}));
        return g;
    }

    static double[][] act(double[][] z, boolean tanh) {
        double[][] a = new double[z.length][z[0].length];
        for (int i = 0; i < z.length; i++) {
            for (int j = 0; j < z[0].length; j++) {
                a[i][j] = tanh ? Math.tanh(z[i][j]) : 1 / (1 + Math.exp(-z[i][j]));
            }
        }
        return a;
    }

    /** The derivative from the activation's output: a(1 − a) for sigmoid, 1 − a² for tanh. */
    static double[][] deriv(double[][] a, boolean tanh) {
        double[][] d = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                d[i][j] = tanh ? 1 - a[i][j] * a[i][j] : a[i][j] * (1 - a[i][j]);
            }
        }
        return d;
    }

    static double[][] dot(double[][] p, double[][] q) {
        double[][] r = new double[p.length][q[0].length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < q[0].length; j++) {
                for (int k = 0; k < q.length; k++) {
                    r[i][j] += p[i][k] * q[k][j];
                }
            }
        }
        return r;
    }

    static double[][] t(double[][] p) {
        double[][] r = new double[p[0].length][p.length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[0].length; j++) {
                r[j][i] = p[i][j];
            }
        }
        return r;
    }

    static double[][] plus(double[][] p, double[] b) {
        double[][] r = new double[p.length][p[0].length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[0].length; j++) {
                r[i][j] = p[i][j] + b[j];
            }
        }
        return r;
    }

    static double[][] times(double[][] p, double[][] q) {
        double[][] r = new double[p.length][p[0].length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[0].length; j++) {
                r[i][j] = p[i][j] * q[i][j];
            }
        }
        return r;
    }

    static double[][] scale(double[][] p, double s) {
        double[][] r = new double[p.length][p[0].length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[0].length; j++) {
                r[i][j] = p[i][j] * s;
            }
        }
        return r;
    }

    static double[] sum(double[][] p, double divide) {
        double[] s = new double[p[0].length];
        for (double[] row : p) {
            for (int j = 0; j < row.length; j++) {
                s[j] += row[j] / divide;
            }
        }
        return s;
    }

    static float[][] f(double[][] p) {
        float[][] r = new float[p.length][p[0].length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[0].length; j++) {
                r[i][j] = (float) p[i][j];
            }
        }
        return r;
    }

    static final Map<Bug, BackpropCheck.Mistake> EXPECTED = Map.ofEntries(
            Map.entry(Bug.NONE, BackpropCheck.Mistake.NONE),
            Map.entry(Bug.SIGN, BackpropCheck.Mistake.SIGN_FLIPPED),
            Map.entry(Bug.SUM, BackpropCheck.Mistake.SUM_NOT_MEAN),
            Map.entry(Bug.TRANSPOSE, BackpropCheck.Mistake.TRANSPOSED),
            Map.entry(Bug.DERIVATIVE_OF_Z, BackpropCheck.Mistake.DERIVATIVE_OF_PRE_ACTIVATION),
            Map.entry(Bug.DERIVATIVE_TWICE, BackpropCheck.Mistake.DERIVATIVE_TWICE),
            Map.entry(Bug.NO_DERIVATIVE, BackpropCheck.Mistake.DERIVATIVE_MISSING),
            Map.entry(Bug.OWN_ACTIVATION, BackpropCheck.Mistake.DELTA_ONE_LAYER_OFF),
            Map.entry(Bug.BIAS_FIRST_ROW, BackpropCheck.Mistake.BIAS_NOT_SUMMED),
            Map.entry(Bug.MSE_DELTA_WITH_BCE, BackpropCheck.Mistake.WRONG_LOSS_DERIVATIVE),
            Map.entry(Bug.DERIVATIVE_OF_Z_EVERY_LAYER, BackpropCheck.Mistake.DERIVATIVE_OF_PRE_ACTIVATION),
            Map.entry(Bug.HALF_LOSS, BackpropCheck.Mistake.LOSS_SCALED));

    @Test
    void eachMistakeIsNamedForNearlyEveryRandomNetworkAndCorrectCodeMatches() {
        SplittableRandom r = new SplittableRandom(2026);
        int named = 0;
        int mistakes = 0;
        List<String> wrong = new ArrayList<>();
        for (int net = 0; net < 12; net++) {
            int in = 2 + r.nextInt(3);
            int h = 2 + r.nextInt(4);
            int m = 2 + r.nextInt(5);
            boolean tanh = net % 2 == 1;
            boolean bce = net % 3 != 0;
            Sequential model = Sequential.of(dense(in, h), tanh ? tanh() : sigmoid(), dense(h, h), tanh ? tanh() : sigmoid(),
                    dense(h, 1), sigmoid()).initialize(net);
            double[][][] w = new double[3][][];
            double[][] b = new double[3][];
            for (int l = 0; l < 3; l++) {
                // Biases off zero, so that the bias mistakes show.
                for (int j = 0; j < model.parameters().get(2 * l + 1).value().cols(); j++) {
                    model.parameters().get(2 * l + 1).value().set(0, j, (float) r.nextDouble(-0.5, 0.5));
                }
                w[l] = ReferenceBackprop.toDouble(model.parameters().get(2 * l).value().toArray());
                b[l] = ReferenceBackprop.toDouble(model.parameters().get(2 * l + 1).value().toArray())[0];
            }
            float[][] xf = new float[m][in];
            float[][] yf = new float[m][1];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < in; j++) {
                    xf[i][j] = (float) r.nextDouble(-2, 2);
                }
                yf[i][0] = i % 2;
            }
            double[][] x = ReferenceBackprop.toDouble(xf);
            double[][] y = ReferenceBackprop.toDouble(yf);
            for (Bug bug : Bug.values()) {
                if (bug == Bug.MSE_DELTA_WITH_BCE && !bce || bug == Bug.TRANSPOSE && in == h) {
                    continue;   // a mistake that cannot be made here (no BCE), or one no shape reveals
                }
                BackpropCheck.Result result = BackpropCheck.gradients(model, xf, yf, bce ? binaryCrossEntropy() : mse(),
                        learnerGradients(x, y, w, b, tanh, bce, bug));
                if (bug == Bug.NONE) {
                    assertTrue(result.matches(), "correct code must match: " + result);
                    continue;
                }
                mistakes++;
                if (bug == Bug.DERIVATIVE_OF_Z_EVERY_LAYER && result.mistake() == EXPECTED.get(bug)) {
                    assertEquals(0, result.layer(), result.toString());
                    assertTrue(result.toString().contains("at every layer"), result.toString());
                }
                if (bug == Bug.HALF_LOSS && result.mistake() == EXPECTED.get(bug)) {
                    assertTrue(result.evidence().contains("0.5000 times"), result.toString());
                }
                if (result.mistake() == EXPECTED.get(bug)) {
                    named++;
                } else {
                    wrong.add(bug + " on net " + net + " read as " + result.mistake());
                }
            }
        }
        assertTrue(named >= 0.9 * mistakes, named + " of " + mistakes + " mistakes named right; wrong: " + wrong);
    }

    @Test
    void theReportSaysWhereAndWhatToDo() {
        Sequential model = ExplanationTest.handComputed();
        double[][] x = ReferenceBackprop.toDouble(HandComputedTest.X);
        double[][] y = ReferenceBackprop.toDouble(HandComputedTest.Y);
        Map<String, float[][]> right = new LinkedHashMap<>();
        Explanation step = model.explain(HandComputedTest.X, HandComputedTest.Y, binaryCrossEntropy(), null);
        for (String name : new String[] {"dW1", "db1", "dW2", "db2"}) {
            right.put(name, step.entry(name).value().toArray());
        }
        assertTrue(BackpropCheck.gradients(model, HandComputedTest.X, HandComputedTest.Y, binaryCrossEntropy(), right).matches());
        Map<String, float[][]> summed = new LinkedHashMap<>();
        right.forEach((k, v) -> summed.put(k, f(scale(ReferenceBackprop.toDouble(v), 2))));
        BackpropCheck.Result sum = BackpropCheck.gradients(model, HandComputedTest.X, HandComputedTest.Y, binaryCrossEntropy(), summed);
        assertEquals(BackpropCheck.Mistake.SUM_NOT_MEAN, sum.mistake());
        assertTrue(sum.toString().contains("dW1 2.00") && sum.toString().contains("m = 2") && sum.toString().contains("divide"),
                sum.toString());
        // The weights after a step that adds the gradient: the sign, found from the update.
        Map<String, float[][]> after = new LinkedHashMap<>();
        after.put("W1", new float[][] {{0.1f - 0.5f * 0.057768103f, -0.2f + 0.5f * 0.070338853f},
            {0.3f - 0.5f * 0.037196323f, 0.4f + 0.5f * 0.049262905f}});
        after.put("b1", new float[][] {{0.05f + 0.5f * 0.0049038034f, -0.05f - 0.5f * 0.0027929878f}});
        after.put("W2", new float[][] {{0.5f - 0.5f * 0.032842948f}, {-0.6f - 0.5f * 0.006424231f}});
        after.put("b2", new float[][] {{0.1f + 0.5f * 0.008701218f}});
        BackpropCheck.Result update = BackpropCheck.update(model, HandComputedTest.X, HandComputedTest.Y, binaryCrossEntropy(), 0.5f,
                after);
        assertEquals(BackpropCheck.Mistake.SIGN_FLIPPED, update.mistake(), update.toString());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> BackpropCheck.gradients(model,
                HandComputedTest.X, HandComputedTest.Y, binaryCrossEntropy(), Map.of("dW1", right.get("dW1"))));
        assertTrue(missing.getMessage().contains("[db1, dW2, db2]"), missing.getMessage());
        assertEquals(x.length, y.length);
    }
}
