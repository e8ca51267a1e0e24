package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/**
 * The experiments the diagnosis runs to confirm a cause before naming it, each on a copy of the
 * model so the user's model is never touched: a few training steps at other learning rates from
 * the same starting weights, and a perceptron that looks for a straight line (hyperplane)
 * separating the classes. Only runs that show a symptom pay for them.
 */
final class Probes {

    /** The work the rate probes may do, in multiply-adds (about a second on the scalar kernels). */
    static final double PROBE_WORK = 2e9;
    /** Steps each rate probe takes at most. */
    static final int MAX_STEPS = 5_000;
    /** Steps each rate probe takes at least, so a rate has room to show what it does. */
    static final int MIN_STEPS = 20;

    private Probes() {
    }

    /** An independent copy of {@code model} holding {@code values}, one array per tensor in layer order. */
    static Sequential copyWith(Sequential model, float[][] values) {
        Sequential copy = model.copy();
        int i = 0;
        for (Operation layer : copy.operations()) {
            for (Tensor t : layer.tensors()) {
                System.arraycopy(values[i], 0, t.value().data(), 0, values[i].length);
                i++;
            }
            layer.tensorsLoaded();
        }
        return copy;
    }

    /** How many steps each rate probe takes: as many as the run took, within the bounds and the work budget. */
    static int steps(Sequential model, int batchSize, int probes, long runSteps) {
        long parameters = 0;
        for (Parameter p : model.parameters()) {
            parameters += p.value().data().length;
        }
        double perStep = 6.0 * Math.max(1, parameters) * batchSize;
        long affordable = (long) (PROBE_WORK / (probes * perStep));
        return (int) Math.max(MIN_STEPS, Math.min(Math.min(MAX_STEPS, affordable), Math.max(runSteps, MIN_STEPS)));
    }

    /**
     * Trains a copy of the model from {@code start} for {@code steps} steps at each rate (the
     * run's optimizer, batch size and seed) and returns its loss on the profile's sample after
     * them, +∞ where the loss became NaN or infinite.
     */
    static float[] afterSteps(Sequential model, float[][] start, Sequential.Batch data, LossFunction loss, Optimizer optimizer,
                              int batchSize, long seed, int steps, float[] rates, DataProfile sample) {
        Kernels kernels = Kernels.active();
        int batch = Math.min(batchSize, data.rows());
        Sequential.Batch part = spreadRows(data, Math.min(data.rows(), (long) steps * batch), kernels);
        int perEpoch = (part.rows() + batch - 1) / batch;
        int epochs = (steps + perEpoch - 1) / perEpoch;
        float[] losses = new float[rates.length];
        for (int r = 0; r < rates.length; r++) {
            Sequential copy = copyWith(model, start);
            Trainer trainer = new Trainer(copy, kernels, part, loss, optimizer, batch, true, seed);
            trainer.updater.learningRate = rates[r];
            float result = 0f;
            for (int e = 1; e <= epochs && !trainer.failed(); e++) {
                trainer.epoch(e, null);
            }
            if (!trainer.failed()) {
                Workspace ws = copy.borrowWorkspace();
                ws.reserve(sample.rows, sample.xWidth);
                result = ws.lossOnly(sample.x, sample.y, sample.rows, loss);
                copy.returnWorkspace(ws);
            }
            losses[r] = trainer.failed() || !Float.isFinite(result) ? Float.POSITIVE_INFINITY : result;
        }
        return losses;
    }

    /** Rows spread evenly over the data (all of them if count reaches its size). */
    private static Sequential.Batch spreadRows(Sequential.Batch data, long count, Kernels kernels) {
        if (count >= data.rows()) {
            return data;
        }
        int n = (int) count;
        int[] index = new int[n];
        for (int i = 0; i < n; i++) {
            index[i] = (int) ((long) i * data.rows() / n);
        }
        return Batches.pick(data, index, kernels);
    }

    /**
     * What a perceptron found on the sample.
     *
     * @param separable true if a pass made no mistake: a hyperplane separates the classes
     * @param accuracy  the best share of rows a pass's weights got right (a lower bound on what a linear model can do)
     * @param passes    the passes made
     */
    record Separation(boolean separable, float accuracy, int passes) {
    }

    /**
     * Looks for a hyperplane separating the sample's classes with the (multiclass) perceptron on
     * standardised features: if the data are separable it converges in finitely many passes
     * (Novikoff); if a pass never comes out clean, the classes overlap as XOR's do. Returns null
     * when the targets are not classes (not 0/1 or one-hot).
     */
    static Separation separate(Sequential model, DataProfile sample) {
        Kernels kernels = Kernels.active();
        int rows = sample.rows;
        int classes = sample.yWidth;
        float[] y = sample.y;
        int[] hits = new int[classes];
        kernels.columnCountsAbove(rows, classes, y, 0, 0.5f, 0.49999f, hits, 0);
        for (int c = 0; c < classes; c++) {
            if (hits[c] != rows) {
                return null;   // targets other than 0 and 1: not classes
            }
        }
        int d = sample.featureWidth;
        float[] z = features(model, sample, kernels);
        int k = classes == 1 ? 1 : classes;
        int[] label = new int[rows];
        if (k > 1) {
            kernels.argmaxRows(rows, k, y, 0, label, 0);
        }
        float[] w = new float[k * d];
        float[] b = new float[k];
        float[] scores = new float[Math.max(k, rows * k)];
        int passes = (int) Math.min(1_000, Math.max(20, 200_000L / rows));
        float best = 0f;
        for (int pass = 1; pass <= passes; pass++) {
            int mistakes = 0;
            for (int i = 0; i < rows; i++) {
                kernels.gemm(false, true, 1, k, d, 1f, z, i * d, d, w, 0, d, 0f, scores, 0, k);
                kernels.addBias(1, k, scores, 0, k, b, 0);
                if (k == 1) {
                    boolean positive = y[i] > 0.5f;
                    if ((scores[0] > 0f) != positive) {
                        float sign = positive ? 1f : -1f;
                        kernels.axpy(d, sign, z, i * d, w, 0);
                        b[0] += sign;
                        mistakes++;
                    }
                } else {
                    int guess = 0;
                    for (int c = 1; c < k; c++) {
                        if (scores[c] > scores[guess]) {
                            guess = c;
                        }
                    }
                    if (guess != label[i]) {
                        kernels.axpy(d, 1f, z, i * d, w, label[i] * d);
                        kernels.axpy(d, -1f, z, i * d, w, guess * d);
                        b[label[i]] += 1f;
                        b[guess] -= 1f;
                        mistakes++;
                    }
                }
            }
            kernels.gemm(false, true, rows, k, d, 1f, z, 0, d, w, 0, d, 0f, scores, 0, k);
            kernels.addBias(rows, k, scores, 0, k, b, 0);
            best = Math.max(best, (float) kernels.countCorrect(rows, k, scores, 0, y, 0, 0f) / rows);
            if (mistakes == 0) {
                return new Separation(true, 1f, pass);
            }
        }
        return new Separation(false, best, passes);
    }

    /** The sample's rows as the first dense layer sees them, standardised per feature. */
    private static float[] features(Sequential model, DataProfile sample, Kernels kernels) {
        int d = sample.featureWidth;
        float[] z = new float[sample.rows * d];
        float[] source = sample.x;
        Workspace ws = null;
        if (sample.scaleLayer > 0) {
            ws = model.borrowWorkspace();
            ws.reserve(sample.rows, sample.xWidth);
            source = ws.forward(sample.x, sample.rows, sample.scaleLayer);
        }
        float[] scale = new float[d];
        float[] shift = new float[d];
        for (int j = 0; j < d; j++) {
            float spread = sample.featureSpread[j] > 0f ? sample.featureSpread[j] : 1f;
            scale[j] = 1f / spread;
            shift[j] = -sample.featureMean[j] / spread;
        }
        kernels.scaleColumns(sample.rows, d, source, 0, d, scale, 0, shift, 0, z, 0, d);
        if (ws != null) {
            model.returnWorkspace(ws);
        }
        return z;
    }
}
