package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/**
 * What the diagnosis knows about a run's data and how the model answers it: a fixed sample of up
 * to {@link #SAMPLE_ROWS} rows, the loss of always giving the same answer (the mean target row)
 * on it, the scale of the features the first dense layer sees, and, after {@link #measure}, the
 * model's loss, accuracy and output spread on the sample and how many units of each watched
 * layer sit in their flat region for every sampled row.
 *
 * <p>Buffers are kept between runs and grow only when a larger sample needs them, so a healthy
 * run's diagnosis allocates nothing once a model has trained before.
 */
final class DataProfile {

    /** Rows in the sample every check runs on: enough to count a unit dead or saturated, few enough to cost little. */
    static final int SAMPLE_ROWS = 256;
    /** A feature whose mean or standard deviation exceeds this is far from unit scale (DeepDiagnosis and TheDeepChecker use 1; 5 is the research's WARN level). */
    static final float UNSCALED = 5f;

    private final Sequential model;
    private final Kernels kernels;
    private final Operation[] layers;

    // The sample.
    int rows;
    int xWidth;
    int yWidth;
    private int[] index = new int[0];
    private int[] zeros = new int[0];
    float[] x = Slot.EMPTY;
    float[] y = Slot.EMPTY;
    private float[] constant = Slot.EMPTY;
    private float[] scratch = Slot.EMPTY;

    // The targets.
    float[] targetMean = Slot.EMPTY;
    float baseline;
    float majority;
    boolean classification;

    // The features the first dense layer sees (after any preprocessing before it).
    int scaleLayer;
    int featureWidth;
    float[] featureMean = Slot.EMPTY;
    float[] featureSpread = Slot.EMPTY;
    int worstFeature;
    float worstScale;
    private float[] ones = Slot.EMPTY;
    private float[] shift = Slot.EMPTY;

    // The model on the sample, after measure().
    float loss;
    float accuracy;
    float outputSpread;
    float targetSpread;
    int outputWidth;
    private float[] outMean = Slot.EMPTY;
    private float[] outSpread = Slot.EMPTY;
    /** Per watched layer (RunStatistics' order): units in their flat region on every (relu) or 95% of (sigmoid, tanh) the sampled rows. */
    int[] offUnits = new int[0];
    /** Per watched layer: the share of (row, unit) entries in the flat region. */
    float[] flatShare = new float[0];
    private int[][] counts = new int[0][];

    DataProfile(Sequential model, Kernels kernels) {
        this.model = model;
        this.kernels = kernels;
        this.layers = model.operations();
    }

    /** Takes the sample from checked data and measures the targets and the features. */
    void profile(Sequential.Batch data, LossFunction lossFunction) {
        int n = data.rows();
        rows = Math.min(n, SAMPLE_ROWS);
        xWidth = data.xWidth();
        yWidth = data.yWidth();
        if (index.length < rows) {
            index = new int[rows];
            zeros = new int[rows];
        }
        for (int s = 0; s < rows; s++) {
            index[s] = (int) ((long) s * n / rows);
        }
        x = ensure(x, rows * xWidth);
        y = ensure(y, rows * yWidth);
        kernels.gatherRows(index, 0, rows, xWidth, data.x(), x, 0);
        kernels.gatherRows(index, 0, rows, yWidth, data.y(), y, 0);

        // The best constant answer of the three losses is the mean target row; its loss is the baseline.
        targetMean = ensure(targetMean, yWidth);
        kernels.columnSums(n, yWidth, data.y(), 0, yWidth, 0f, targetMean, 0);
        float most = 0f;
        for (int j = 0; j < yWidth; j++) {
            targetMean[j] /= n;
            most = Math.max(most, targetMean[j]);
        }
        constant = ensure(constant, rows * yWidth);
        kernels.gatherRows(zeros, 0, rows, yWidth, targetMean, constant, 0);
        baseline = lossFunction.sum(kernels, constant, y, rows, yWidth, null, 0f)
                / lossFunction.normalizer(kernels, y, rows, yWidth);
        classification = lossFunction.classification();
        majority = yWidth == 1 ? Math.max(targetMean[0], 1f - targetMean[0]) : most;
        targetSpread = spread(y, rows, yWidth);

        scaleLayer = firstDense();
        Workspace ws = null;
        try {
            float[] z = x;
            int width = xWidth;
            if (scaleLayer > 0) {
                ws = model.borrowWorkspace();
                ws.reserve(rows, xWidth);
                z = ws.forward(x, rows, scaleLayer);
                width = ws.outputWidth(scaleLayer - 1);
            }
            featureWidth = width;
            featureMean = ensure(featureMean, width);
            featureSpread = ensure(featureSpread, width);
            columnStatistics(z, rows, width, featureMean, featureSpread);
            worstFeature = 0;
            worstScale = 0f;
            for (int j = 0; j < width; j++) {
                float scale = Math.max(Math.abs(featureMean[j]), featureSpread[j]);
                if (scale > worstScale) {
                    worstScale = scale;
                    worstFeature = j;
                }
            }
        } finally {
            if (ws != null) {
                model.returnWorkspace(ws);
            }
        }
    }

    /** True if a feature into the first dense layer is far from unit scale. */
    boolean unscaled() {
        return worstScale > UNSCALED;
    }

    /** The first dense layer's position (0 when the model starts with one, or the layer count without one). */
    private int firstDense() {
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] instanceof Dense) {
                return i;
            }
        }
        return 0;
    }

    /**
     * Runs the model on the sample (inference mode) and records its loss, accuracy and output
     * spread, and the units of each of {@code watched}'s layers that sit in their flat region.
     */
    void measure(LossFunction lossFunction, int[] watched) {
        if (counts.length != watched.length) {
            counts = new int[watched.length][];
            offUnits = new int[watched.length];
            flatShare = new float[watched.length];
        }
        Workspace ws = model.borrowWorkspace();
        try {
            ws.reserve(rows, xWidth);
            loss = ws.lossOnly(x, y, rows, lossFunction);
            accuracy = lossFunction.classification() ? (float) ws.correct(y, rows) / rows : Float.NaN;
            float[] out = ws.finishLast(rows);
            outputWidth = model.outputWidth(xWidth);
            outputSpread = spread(out, rows, outputWidth);
            for (int k = 0; k < watched.length; k++) {
                int layer = watched[k];
                int units = ws.outputWidth(layer);
                counts[k] = ensure(counts[k], units);
                java.util.Arrays.fill(counts[k], 0, units, 0);
                boolean relu = layers[layer] instanceof Relu;
                kernels.columnCountsAbove(rows, units, ws.output(layer), 0, RunStatistics.center(layers[layer]),
                        RunStatistics.threshold(layers[layer]), counts[k], 0);
                int off = 0;
                long flat = 0;
                for (int u = 0; u < units; u++) {
                    int c = counts[k][u];
                    flat += relu ? rows - c : c;
                    if (RunStatistics.isOff(relu, c, rows)) {
                        off++;
                    }
                }
                offUnits[k] = off;
                flatShare[k] = (float) flat / ((long) rows * units);
            }
        } finally {
            model.returnWorkspace(ws);
        }
    }

    /** The mean over columns of each column's standard deviation across rows. */
    float spread(float[] m, int r, int cols) {
        outMean = ensure(outMean, cols);
        outSpread = ensure(outSpread, cols);
        columnStatistics(m, r, cols, outMean, outSpread);
        float sum = 0f;
        for (int j = 0; j < cols; j++) {
            sum += outSpread[j];
        }
        return sum / cols;
    }

    /** Per column of m (r x cols): the mean and the (population) standard deviation. */
    private void columnStatistics(float[] m, int r, int cols, float[] mean, float[] deviation) {
        kernels.columnSums(r, cols, m, 0, cols, 0f, mean, 0);
        ones = ensure(ones, cols);
        shift = ensure(shift, cols);
        for (int j = 0; j < cols; j++) {
            mean[j] /= r;
            ones[j] = 1f;
            shift[j] = -mean[j];
        }
        scratch = ensure(scratch, r * cols);
        kernels.scaleColumns(r, cols, m, 0, cols, ones, 0, shift, 0, scratch, 0, cols);
        kernels.multiply(r * cols, scratch, 0, scratch, 0, scratch, 0);
        kernels.columnSums(r, cols, scratch, 0, cols, 0f, deviation, 0);
        for (int j = 0; j < cols; j++) {
            deviation[j] = (float) Math.sqrt(deviation[j] / r);
        }
    }

    /** The sample's rows as arrays, for the public API's checks (a gradient check on a few rows). */
    float[][] rowsOf(float[] m, int width, int count) {
        float[][] out = new float[count][width];
        for (int i = 0; i < count; i++) {
            System.arraycopy(m, i * width, out[i], 0, width);
        }
        return out;
    }

    private static float[] ensure(float[] a, int size) {
        return a.length >= size ? a : new float[size];
    }

    private static int[] ensure(int[] a, int size) {
        return a != null && a.length >= size ? a : new int[size];
    }
}
