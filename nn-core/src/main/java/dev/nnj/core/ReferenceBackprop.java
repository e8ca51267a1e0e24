package dev.nnj.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Backpropagation for chains of dense layers and element-wise activations, written out in float64
 * the way a learner writes it in numpy, with switches that put in the usual mistakes one at a
 * time. {@link BackpropCheck} compares a learner's gradients with what each mistake would give.
 * This is not how nnj trains (the kernels do that); it exists to recognise wrong gradients.
 */
final class ReferenceBackprop {

    /** One dense layer and the activation after it ("identity" when none). */
    record Layer(double[][] w, double[] b, String activation, float slope) {
    }

    final List<Layer> layers;
    final String loss;      // "mse", "bce" or "ce"
    final double[][] x;
    final double[][] y;

    private ReferenceBackprop(List<Layer> layers, String loss, double[][] x, double[][] y) {
        this.layers = layers;
        this.loss = loss;
        this.x = x;
        this.y = y;
    }

    /**
     * The model as a chain of (dense, activation) pairs, or an exception saying what it cannot read.
     * A leading normalisation is applied to x here, as it has no parameters to check.
     */
    static ReferenceBackprop of(Sequential model, float[][] x, float[][] y, LossFunction loss, String where) {
        Operation[] ops = model.operations();
        List<Layer> layers = new ArrayList<>();
        double[][] input = toDouble(x);
        int i = 0;
        if (ops.length > 0 && ops[0] instanceof Normalization) {
            float[] c = ((Normalization) ops[0]).center();
            float[] s = ((Normalization) ops[0]).spread();
            for (double[] row : input) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = (row[j] - c[j]) / s[j];
                }
            }
            i = 1;
        }
        for (; i < ops.length; i++) {
            if (!(ops[i] instanceof Dense)) {
                throw new IllegalArgumentException(where + ": layer " + i + " " + ops[i] + " is where a dense layer was expected;"
                        + " the check reads models of dense layers each followed by at most one element-wise activation.");
            }
            Dense d = (Dense) ops[i];
            double[][] w = toDouble(d.weight().toArray());
            double[] b = toDouble(d.bias().toArray())[0];
            String activation = "identity";
            float slope = 0f;
            if (i + 1 < ops.length && ops[i + 1] instanceof Activation) {
                Operation a = ops[++i];
                activation = a.kind();
                if (a instanceof LeakyRelu) {
                    slope = ((LeakyRelu) a).slope();
                }
                if (a instanceof Softmax && i != ops.length - 1) {
                    throw new IllegalArgumentException(where + ": softmax is read only as the last layer.");
                }
            }
            layers.add(new Layer(w, b, activation, slope));
        }
        String name = loss instanceof MeanSquaredError ? "mse" : loss instanceof BinaryCrossEntropy ? "bce" : "ce";
        String last = layers.get(layers.size() - 1).activation();
        if (name.equals("bce") && !last.equals("sigmoid") || name.equals("ce") && !last.equals("softmax")) {
            throw new IllegalArgumentException(where + ": the check reads binary cross-entropy after a sigmoid and"
                    + " cross-entropy after a softmax, the pairs whose delta is a − y.");
        }
        return new ReferenceBackprop(layers, name, input, toDouble(y));
    }

    static double[][] toDouble(float[][] a) {
        double[][] d = new double[a.length][];
        for (int r = 0; r < a.length; r++) {
            d[r] = new double[a[r].length];
            for (int c = 0; c < a[r].length; c++) {
                d[r][c] = a[r][c];
            }
        }
        return d;
    }

    /**
     * The usual mistakes, as switches; {@code layer} is the layer (from 1) a per-layer mistake is
     * made at, or 0 for every layer; {@code variant} tells apart the ways one mistake is made (for
     * DELTA_ONE_LAYER_OFF: 0, the layer's own output in place of its input; 1, the next layer's delta).
     */
    record Faults(BackpropCheck.Mistake mistake, int layer, int variant) {
        Faults(BackpropCheck.Mistake mistake, int layer) {
            this(mistake, layer, 0);
        }

        boolean at(BackpropCheck.Mistake m, int l) {
            return mistake == m && (layer == 0 || layer == l);
        }
    }

    /** dW1, db1, dW2, db2 ... as the learner's code with {@code faults} would compute them (mean loss). */
    List<double[][]> gradients(Faults faults) {
        int n = layers.size();
        int m = x.length;
        double[][][] z = new double[n][][];
        double[][][] a = new double[n + 1][][];
        a[0] = x;
        for (int l = 0; l < n; l++) {
            Layer layer = layers.get(l);
            z[l] = add(matmul(a[l], layer.w()), layer.b());
            a[l + 1] = activate(z[l], layer);
        }
        double[][][] delta = new double[n][][];
        double[][] out = a[n];
        int k = out[0].length;
        Layer top = layers.get(n - 1);
        if (loss.equals("mse") && !faults.at(BackpropCheck.Mistake.WRONG_LOSS_DERIVATIVE, 0)
                || !loss.equals("mse") && faults.at(BackpropCheck.Mistake.WRONG_LOSS_DERIVATIVE, 0)) {
            // MSE's delta: 2(a − y)/k times the activation's derivative.
            delta[n - 1] = scale(subtract(out, y), 2.0 / k);
            delta[n - 1] = derivativeApplied(delta[n - 1], z[n - 1], out, top, faults, n);
        } else {
            // The fused pairs (sigmoid + BCE, softmax + CE): a − y (BCE averages over the k outputs too).
            delta[n - 1] = scale(subtract(out, y), loss.equals("bce") ? 1.0 / k : 1.0);
        }
        if (faults.at(BackpropCheck.Mistake.SIGN_FLIPPED, 0)) {
            delta[n - 1] = scale(delta[n - 1], -1);
        }
        for (int l = n - 2; l >= 0; l--) {
            double[][] back = matmul(delta[l + 1], transpose(layers.get(l + 1).w()));
            delta[l] = derivativeApplied(back, z[l], a[l + 1], layers.get(l), faults, l + 1);
        }
        List<double[][]> gradients = new ArrayList<>();
        for (int l = 0; l < n; l++) {
            double[][] input = a[l];
            double[][] d = delta[l];
            if (faults.at(BackpropCheck.Mistake.DELTA_ONE_LAYER_OFF, l + 1)) {
                if (faults.variant() == 0 && a[l + 1][0].length == a[l][0].length) {
                    input = a[l + 1];   // the layer's own output where its input was meant
                } else if (faults.variant() == 1 && l + 1 < n && delta[l + 1][0].length == delta[l][0].length) {
                    d = delta[l + 1];   // the next layer's delta
                }
            }
            double[][] dw = scale(matmul(transpose(input), d), 1.0 / m);
            double[] db = columnSums(d);
            for (int j = 0; j < db.length; j++) {
                db[j] /= m;
            }
            if (faults.at(BackpropCheck.Mistake.BIAS_NOT_SUMMED, l + 1)) {
                db = d[0].clone();
            }
            if (faults.at(BackpropCheck.Mistake.SUM_NOT_MEAN, 0)) {
                dw = scale(dw, m);
                db = scale(new double[][] {db}, m)[0];
            }
            if (faults.at(BackpropCheck.Mistake.TRANSPOSED, l + 1)) {
                dw = transpose(dw);
            }
            gradients.add(dw);
            gradients.add(new double[][] {db});
        }
        return gradients;
    }

    /** {@code g ∘ f'(z)} as the learner computes it, with the activation-derivative mistakes. */
    private static double[][] derivativeApplied(double[][] g, double[][] z, double[][] a, Layer layer, Faults faults, int l) {
        if (faults.at(BackpropCheck.Mistake.DERIVATIVE_MISSING, l) || layer.activation().equals("identity")
                || layer.activation().equals("softmax")) {
            return g;
        }
        // The derivative written with the activation's output; the mistake feeds it the pre-activation z instead.
        double[][] at = faults.at(BackpropCheck.Mistake.DERIVATIVE_OF_PRE_ACTIVATION, l) ? z : a;
        double[][] d = new double[g.length][g[0].length];
        for (int r = 0; r < g.length; r++) {
            for (int c = 0; c < g[0].length; c++) {
                double f = derivative(layer, at[r][c], z[r][c]);
                d[r][c] = g[r][c] * f * (faults.at(BackpropCheck.Mistake.DERIVATIVE_TWICE, l) ? f : 1);
            }
        }
        return d;
    }

    private static double derivative(Layer layer, double output, double z) {
        switch (layer.activation()) {
            case "sigmoid":
                return output * (1 - output);
            case "tanh":
                return 1 - output * output;
            case "relu":
                return z > 0 ? 1 : 0;
            case "leakyRelu":
                return z > 0 ? 1 : layer.slope();
            default:
                return 1;
        }
    }

    private static double[][] activate(double[][] z, Layer layer) {
        double[][] a = new double[z.length][z[0].length];
        for (int r = 0; r < z.length; r++) {
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            if (layer.activation().equals("softmax")) {
                for (double v : z[r]) {
                    max = Math.max(max, v);
                }
                for (double v : z[r]) {
                    sum += Math.exp(v - max);
                }
            }
            for (int c = 0; c < z[0].length; c++) {
                double v = z[r][c];
                switch (layer.activation()) {
                    case "sigmoid":
                        a[r][c] = 1 / (1 + Math.exp(-v));
                        break;
                    case "tanh":
                        a[r][c] = Math.tanh(v);
                        break;
                    case "relu":
                        a[r][c] = Math.max(v, 0);
                        break;
                    case "leakyRelu":
                        a[r][c] = v > 0 ? v : layer.slope() * v;
                        break;
                    case "softmax":
                        a[r][c] = Math.exp(v - max) / sum;
                        break;
                    default:
                        a[r][c] = v;
                        break;
                }
            }
        }
        return a;
    }

    static double[][] matmul(double[][] p, double[][] q) {
        double[][] r = new double[p.length][q[0].length];
        for (int i = 0; i < p.length; i++) {
            for (int k = 0; k < q.length; k++) {
                for (int j = 0; j < q[0].length; j++) {
                    r[i][j] += p[i][k] * q[k][j];
                }
            }
        }
        return r;
    }

    static double[][] transpose(double[][] p) {
        double[][] t = new double[p[0].length][p.length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[0].length; j++) {
                t[j][i] = p[i][j];
            }
        }
        return t;
    }

    private static double[][] add(double[][] p, double[] b) {
        double[][] r = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            r[i] = p[i].clone();
            for (int j = 0; j < b.length; j++) {
                r[i][j] += b[j];
            }
        }
        return r;
    }

    private static double[][] subtract(double[][] p, double[][] q) {
        double[][] r = new double[p.length][p[0].length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[0].length; j++) {
                r[i][j] = p[i][j] - q[i][j];
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

    private static double[] columnSums(double[][] p) {
        double[] s = new double[p[0].length];
        for (double[] row : p) {
            for (int j = 0; j < row.length; j++) {
                s[j] += row[j];
            }
        }
        return s;
    }
}
