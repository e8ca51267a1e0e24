package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * What a training run's diagnosis samples while it trains: every {@link #INTERVAL} steps, the size
 * of the gradient backpropagation carries into each dense layer, and, for each sigmoid, tanh and
 * relu layer, how many of the batch's rows left each unit in its flat region (saturated, or not
 * firing); every {@link #UPDATE_EVERY}-th sample also how far the step moved each weight matrix.
 * The trainer calls it from inside the step (the batch's activations and gradients are then in
 * the workspace), and it also stops a loss that explodes. Everything is allocated when a run
 * starts; a sample allocates nothing.
 *
 * <p>One per model, reused by its runs (one run at a time), like the run's workspace.
 */
final class RunStatistics {

    /** Steps between samples. A sample reads the activations and gradients of one batch, a small part of a step's work. */
    static final int INTERVAL = 64;
    /**
     * Samples between measurements of the update size, which copies and compares every weight (four
     * passes over them, about half a step of a 784-128-10 net): so they cost under 0.2% of the steps.
     */
    static final int UPDATE_EVERY = 4;
    /** Samples kept per layer, the most recent ones. */
    static final int KEPT = 64;
    /** Samples per census window: a unit counts as off when it was off on every row of a window's batches. */
    static final int WINDOW = 8;
    /**
     * A loss this many times above where the run started (or above the loss of always giving the
     * same answer, if that is larger) explodes: the run stops as it does on NaN. A healthy run
     * does not climb two orders of magnitude above its start.
     */
    static final float EXPLOSION_FACTOR = 100f;

    // A sigmoid's input beyond ±5 (output within 0.0067 of 0 or 1; slope below 0.0066) is saturated, as in
    // DeepDiagnosis; a tanh's beyond ±3 (slope below 0.01).
    static final float SIGMOID_SATURATED = (float) (1 / (1 + Math.exp(-5)) - 0.5);
    static final float TANH_SATURATED = (float) Math.tanh(3);

    // How a watched activation's outputs are counted, here and in the end-of-run census (DataProfile):
    // a relu's rows above 0 (it fired), a sigmoid's or tanh's rows beyond the flat threshold around its centre.

    /** The value a watched activation's outputs are measured from: 0.5 for sigmoid, 0 for tanh and relu. */
    static float center(Operation layer) {
        return layer instanceof Sigmoid ? 0.5f : 0f;
    }

    /** How far from {@link #center} an output counts: 0 for relu (it fired), the flat region's edge for sigmoid and tanh. */
    static float threshold(Operation layer) {
        return layer instanceof Relu ? 0f : layer instanceof Sigmoid ? SIGMOID_SATURATED : TANH_SATURATED;
    }

    /** A unit is off when a relu fired on none of the rows, or a sigmoid or tanh sat flat on 95 % of them. */
    static boolean isOff(boolean relu, int count, long rows) {
        return relu ? count == 0 : count >= 0.95 * rows;
    }

    private final Kernels kernels;
    private final Operation[] layers;

    // Weight matrices: their layer, their values (live), and a copy for measuring an update.
    final int[] weightLayer;
    private final float[][] weights;
    private final float[][] before;

    // Activation layers whose flat region is watched: their layer, and per unit the rows in the flat region.
    final int[] activationLayer;
    private final boolean[] relu;
    private final int[][] flatRows;

    // Per run.
    private long nextSample;
    private int samples;
    /** Per weight matrix from the second on: the RMS of d(loss)/d(its layer's input), the signal backpropagation carries. */
    final float[][] signalRms;
    /** Per weight matrix: how far a step moved it, relative to its size (‖Δw‖ / ‖w‖), every {@link #UPDATE_EVERY}-th sample. */
    final float[][] updateRatio;
    private int updates;
    private boolean measuringUpdate;
    /** {@link #signalRms} at the run's first sample, kept after the ring moves on. */
    final float[] firstSignalRms;
    private boolean sampling;
    float firstLoss = Float.NaN;
    float explosionLimit = Float.POSITIVE_INFINITY;
    private float baseline;
    private int windowSamples;
    private int windowRows;
    /** For each activation layer: units off in the last complete window, and since which step at least half were off (-1 if not). */
    final int[] offUnits;
    final int[] units;
    final long[] halfOffSince;
    private long windowStart;

    // The step that failed (NaN, infinity, or an explosion), where it showed first.
    long badStep = -1;
    float badLoss;
    int badLayer = -2;
    int badParameter = -1;

    RunStatistics(Sequential model, Kernels kernels, int inputWidth) {
        this.kernels = kernels;
        this.layers = model.operations();
        List<Parameter> parameters = model.parameters();
        List<Integer> matrixLayers = new ArrayList<>();
        List<Integer> matrixParameters = new ArrayList<>();
        int p = 0;
        for (int i = 0; i < layers.length; i++) {
            for (int t = 0; t < model.trainableCount(i); t++, p++) {
                if (layers[i] instanceof Dense && model.isWeightMatrix(p)) {
                    matrixLayers.add(i);
                    matrixParameters.add(p);
                }
            }
        }
        int m = matrixLayers.size();
        this.weightLayer = new int[m];
        this.weights = new float[m][];
        this.before = new float[m][];
        for (int k = 0; k < m; k++) {
            weightLayer[k] = matrixLayers.get(k);
            Parameter parameter = parameters.get(matrixParameters.get(k));
            weights[k] = parameter.value().data();
            before[k] = new float[weights[k].length];
        }
        this.signalRms = new float[m][KEPT];
        this.updateRatio = new float[m][KEPT];
        this.firstSignalRms = new float[m];

        List<Integer> watched = new ArrayList<>();
        int width = inputWidth;
        List<Integer> widths = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            width = layers[i].outputWidth(width);
            if (layers[i] instanceof Sigmoid || layers[i] instanceof Tanh || layers[i] instanceof Relu) {
                watched.add(i);
                widths.add(width);
            }
        }
        int a = watched.size();
        this.activationLayer = new int[a];
        this.relu = new boolean[a];
        this.flatRows = new int[a][];
        this.units = new int[a];
        this.offUnits = new int[a];
        this.halfOffSince = new long[a];
        for (int k = 0; k < a; k++) {
            activationLayer[k] = watched.get(k);
            relu[k] = layers[activationLayer[k]] instanceof Relu;
            units[k] = widths.get(k);
            flatRows[k] = new int[units[k]];
        }
    }

    /** True if these statistics were made for these kernels and inputs of this width. */
    boolean fits(Kernels k, int inputWidth) {
        if (k != kernels) {
            return false;
        }
        int width = inputWidth;
        for (int i = 0, a = 0; i < layers.length && a < activationLayer.length; i++) {
            width = layers[i].outputWidth(width);
            if (i == activationLayer[a]) {
                if (units[a] != width) {
                    return false;
                }
                a++;
            }
        }
        return true;
    }

    /** Forgets the last run; {@code baseline} is the loss of always giving the same answer, for the explosion limit. */
    void start(long firstStep, float baseline) {
        this.nextSample = firstStep;
        this.samples = 0;
        this.updates = 0;
        this.baseline = baseline;
        this.firstLoss = Float.NaN;
        this.explosionLimit = Float.POSITIVE_INFINITY;
        this.windowSamples = 0;
        this.windowRows = 0;
        this.badStep = -1;
        this.badLayer = -2;
        this.badParameter = -1;
        for (int k = 0; k < activationLayer.length; k++) {
            java.util.Arrays.fill(flatRows[k], 0);
            offUnits[k] = 0;
            halfOffSince[k] = -1;
        }
    }

    int samples() {
        return samples;
    }

    /** The ring position of the i-th most recent sample (0 = the latest). */
    int recent(int i) {
        return Math.floorMod(samples - 1 - i, KEPT);
    }

    /** True if the batch loss of step {@code step} stops the run: NaN, infinite, or exploded. */
    boolean fails(float batchLoss) {
        return !(batchLoss < explosionLimit);
    }

    /**
     * Called by the trainer after the forward and backward pass of step {@code step} (numbered from
     * 0), before the update: samples the gradients and the batch's activations when a sample is due.
     */
    void beforeUpdate(Workspace ws, int rows, float batchLoss, long step) {
        if (Float.isNaN(firstLoss)) {
            firstLoss = batchLoss;
            explosionLimit = EXPLOSION_FACTOR * Math.max(batchLoss, baseline);
        }
        sampling = step >= nextSample;
        if (!sampling) {
            return;
        }
        nextSample = step + INTERVAL;
        int at = samples % KEPT;
        measuringUpdate = samples % UPDATE_EVERY == 0;
        for (int k = 0; k < weights.length; k++) {
            if (measuringUpdate) {
                System.arraycopy(weights[k], 0, before[k], 0, weights[k].length);
            }
            if (k > 0) {
                int layer = weightLayer[k];
                int n = rows * ws.inputWidth(layer);
                signalRms[k][at] = (float) Math.sqrt(kernels.sumOfSquares(n, ws.inputGradient(layer), 0) / n);
                if (samples == 0) {
                    firstSignalRms[k] = signalRms[k][at];
                }
            }
        }
        if (windowSamples == 0) {
            windowStart = step;
        }
        int end = ws.lastEnd();
        for (int k = 0; k < activationLayer.length; k++) {
            int layer = activationLayer[k];
            if (layer < end) {
                kernels.columnCountsAbove(rows, units[k], ws.output(layer), 0, center(layers[layer]), threshold(layers[layer]),
                        flatRows[k], 0);
            }
        }
        windowRows += rows;
        if (++windowSamples == WINDOW) {
            closeWindow();
        }
    }

    // A relu layer is flat when at least half its units fired on no row of the window (dead); a sigmoid or tanh layer
    // when at least half of all its values sat in the flat region (saturated), as the end-of-run census counts them.
    private void closeWindow() {
        for (int k = 0; k < activationLayer.length; k++) {
            int off = 0;
            long flat = 0;
            for (int u = 0; u < units[k]; u++) {
                int count = flatRows[k][u];
                flat += count;
                if (isOff(relu[k], count, windowRows)) {
                    off++;
                }
            }
            offUnits[k] = off;
            boolean flatLayer = relu[k] ? 2 * off >= units[k] : 2 * flat >= (long) windowRows * units[k];
            if (flatLayer) {
                if (halfOffSince[k] < 0) {
                    halfOffSince[k] = windowStart;
                }
            } else {
                halfOffSince[k] = -1;
            }
            java.util.Arrays.fill(flatRows[k], 0);
        }
        windowSamples = 0;
        windowRows = 0;
    }

    /** Called after the update of a step whose {@link #beforeUpdate} sampled: measures how far each weight matrix moved. */
    void afterUpdate() {
        if (!sampling) {
            return;
        }
        if (measuringUpdate) {
            int at = updates % KEPT;
            for (int k = 0; k < weights.length; k++) {
                float[] w = weights[k];
                float size = kernels.sumOfSquares(w.length, w, 0);
                kernels.axpy(w.length, -1f, w, 0, before[k], 0);
                float moved = kernels.sumOfSquares(w.length, before[k], 0);
                updateRatio[k][at] = size > 0f ? (float) Math.sqrt(moved / size) : (moved > 0f ? Float.POSITIVE_INFINITY : 0f);
            }
            updates++;
        }
        samples++;
        sampling = false;
    }

    /**
     * Called when step {@code step}'s loss is NaN, infinite or exploded, before anything changes:
     * records the first layer whose output holds a non-finite value (-1 if only the loss does) and
     * the first weight matrix that does.
     */
    void failed(Workspace ws, int rows, float batchLoss, long step) {
        badStep = step;
        badLoss = batchLoss;
        badLayer = -1;
        int end = ws.lastEnd();
        for (int i = 0; i < end && badLayer < 0; i++) {
            int n = rows * ws.outputWidth(i);
            if (kernels.indexOfFirstOutside(n, ws.output(i), 0, -Float.MAX_VALUE, Float.MAX_VALUE) >= 0) {
                badLayer = i;
            }
        }
        for (int k = 0; k < weights.length && badParameter < 0; k++) {
            if (kernels.indexOfFirstOutside(weights[k].length, weights[k], 0, -Float.MAX_VALUE, Float.MAX_VALUE) >= 0) {
                badParameter = k;
            }
        }
    }

    /** The median of the kept samples of {@link #signalRms}{@code [k]} (NaN without samples). */
    float medianSignal(int k) {
        return median(signalRms[k], samples);
    }

    /** The median of the kept measurements of {@link #updateRatio}{@code [k]} (NaN without any). */
    float medianUpdate(int k) {
        return median(updateRatio[k], updates);
    }

    private static float median(float[] ring, int count) {
        int n = Math.min(count, KEPT);
        if (n == 0) {
            return Float.NaN;
        }
        float[] copy = java.util.Arrays.copyOf(ring, n);
        java.util.Arrays.sort(copy);
        return copy[n / 2];
    }
}
