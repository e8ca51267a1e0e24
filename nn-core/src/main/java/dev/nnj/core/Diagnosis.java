package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A training run's diagnosis: checks before the first step, statistics sampled during the run
 * ({@link RunStatistics}), and a verdict at its end. It follows three rules from the research
 * behind it (docs/guide): name a cause only when its symptom is present (the loss sits where
 * always giving the same answer puts it, does not move, rises, or becomes NaN), confirm the cause
 * cheaply where possible (other learning rates tried from the same starting weights, a
 * perceptron looking for a separating line, a gradient check on a few rows), and give one primary
 * finding per symptom, with its numbers and a concrete fix. Faults that are certain before
 * training (identical units, targets the output cannot produce, NaN weights) are reported at once.
 *
 * <p>One per model, reused by its runs (one at a time), so a healthy run's diagnosis allocates
 * nothing once the model has trained before.
 */
final class Diagnosis {

    /** Fewer steps than this are too few to call a loss stuck or still. */
    static final int MIN_STEPS = 50;
    /** A final loss at or above this share of the constant answer's loss has learned (next to) nothing. */
    static final float STUCK = 0.9f;
    /** A final loss above this multiple of the constant answer's loss is worse than answering the same thing every time. */
    static final float WORSE = 1.1f;
    /**
     * A final loss at or above this share of the constant answer's loss learned poorly: only causes
     * that show in the network itself (flat units, unscaled inputs, a mismatched loss) are named then.
     */
    static final float POOR = 0.4f;
    /** A loss that fell by less than this share over the run has not moved. */
    static final float STILL = 0.01f;
    /** A probe's loss must be below this share of the run's rate's to count as clearly better. */
    static final float CLEARLY_BETTER = 0.7f;
    /** A sigmoid or tanh layer with at least this share of its values in the flat region is saturated (DeepDiagnosis: half). */
    static final float FLAT_UNITS = 0.5f;
    /**
     * A relu layer with at least this share of its units dead on every row is named as the cause. Below it
     * the live units can still learn: a 784-128-10 net stuck on a hard task with 80% of its relus dead
     * learned no faster with leakyRelu, so half (the research's first guess) named the wrong cause.
     */
    static final float DEAD_UNITS = 0.9f;
    /**
     * The gradient flowing back into the second dense layer at most this share of the one flowing into
     * the last has vanished (AUTOTRAINER's first-to-last ratio, 1e-3).
     */
    static final float VANISHING = 1e-3f;
    /** ... and at least this multiple of it has exploded (AUTOTRAINER flags 70; its sweep found 40 to 100 equally good). */
    static final float EXPLODING = 100f;
    /** A single-layer model whose best separating line gets fewer rows right than this is not separable enough. */
    static final float SEPARABLE_ENOUGH = 0.85f;
    /** The validation loss must end this share above its lowest to call the run overfitted. */
    static final float OVERFIT_RISE = 0.5f;

    /** What the loss did, as the user sees it. */
    enum Symptom { NONE, DIVERGED, RISING, NO_PROGRESS, WORSE, STUCK, POOR }

    private final Sequential model;
    private final Kernels kernels;
    private final Operation[] layers;
    final DataProfile profile;
    private RunStatistics statistics;
    private final float[][] live;
    private final float[][] initial;
    private final List<Finding> found = new ArrayList<>();
    private int handedOut;
    private float[] fingerprints = Slot.EMPTY;
    private float[] sorted = Slot.EMPTY;

    // The run.
    private Sequential.Batch data;
    private LossFunction loss;
    private Optimizer optimizer;
    private int batchSize;
    private long seed;
    private boolean certain;
    /** The run's History and the epoch it stopped in, for the symptom's words; null on demand. */
    private History history;
    private int stopEpoch;

    Diagnosis(Sequential model, Kernels kernels) {
        this.model = model;
        this.kernels = kernels;
        this.layers = model.operations();
        this.profile = new DataProfile(model, kernels);
        List<float[]> arrays = new ArrayList<>();
        for (Operation layer : layers) {
            for (Tensor t : layer.tensors()) {
                arrays.add(t.value().data());
            }
        }
        this.live = arrays.toArray(new float[0][]);
        this.initial = new float[live.length][];
        for (int i = 0; i < live.length; i++) {
            initial[i] = new float[live[i].length];
        }
    }

    Kernels kernels() {
        return kernels;
    }

    // ---- the run's hooks ----------------------------------------------------------------------

    /**
     * Starts a run's diagnosis: profiles the data, keeps the starting weights for the probes, runs
     * the checks that need no training, and returns the statistics for the trainer to sample.
     */
    RunStatistics begin(Sequential.Batch data, LossFunction loss, Optimizer optimizer, int batchSize, long seed, long firstStep) {
        this.data = data;
        this.loss = loss;
        this.optimizer = optimizer;
        this.batchSize = batchSize;
        this.seed = seed;
        found.clear();
        handedOut = 0;
        for (int i = 0; i < live.length; i++) {
            System.arraycopy(live[i], 0, initial[i], 0, live[i].length);
        }
        if (statistics == null || !statistics.fits(kernels, data.xWidth())) {
            statistics = new RunStatistics(model, kernels, data.xWidth());
        }
        profile.profile(data, loss);
        statistics.start(firstStep, Float.isFinite(profile.baseline) ? profile.baseline : 0f);
        nonFiniteValues();
        outputRange(data);
        identicalUnits();
        certain = !found.isEmpty();
        return statistics;
    }

    /** The findings made since the last call (printed once by the run), empty if none. */
    List<Finding> fresh() {
        if (handedOut == found.size()) {
            return List.of();
        }
        List<Finding> f = List.copyOf(found.subList(handedOut, found.size()));
        handedOut = found.size();
        return f;
    }

    /**
     * The run stopped because step {@link RunStatistics#badStep}'s loss was NaN, infinite or
     * exploded; the model already holds its last finite epoch's weights. Explains why.
     */
    void diverged(History history, int epoch) {
        if (certain) {
            return;
        }
        found.add(explain(Symptom.DIVERGED, history, epoch));
    }

    /** The run ended (all epochs, early stopping or a callback): the verdict on the model as it now is. */
    void end(History history, long steps, boolean restoredBest) {
        profile.measure(loss, statistics.activationLayer);
        if (!certain) {
            Symptom symptom = symptom(history, steps, restoredBest);
            Finding cause = symptom == Symptom.NONE ? null : explain(symptom, history, history.count());
            if (cause != null) {
                found.add(cause);
            }
        }
        if (!restoredBest) {
            Finding overfitting = overfitting(history);
            if (overfitting != null) {
                found.add(overfitting);
            }
        }
    }

    // ---- on demand ------------------------------------------------------------------------------

    /**
     * {@link Sequential#diagnose}: the checks that need no run, on the model as it is. Problems
     * that would make {@code train()} refuse the data (targets outside the loss's range, NaN) are
     * findings here, not exceptions; sizes that do not fit still throw.
     */
    static List<Finding> inspect(Sequential model, float[][] x, float[][] y, Loss lossGiven) {
        if (lossGiven == null) {
            throw new IllegalArgumentException("diagnose: loss is null; pass the loss you train with, e.g. binaryCrossEntropy().");
        }
        LossFunction function = (LossFunction) lossGiven;
        Kernels kernels = Kernels.active();
        int xw = Checks.width("diagnose", "inputs", x);
        int yw = Checks.width("diagnose", "targets", y);
        if (x.length != y.length) {
            throw new IllegalArgumentException("diagnose: inputs have " + x.length + " rows but targets have " + y.length
                    + "; give one target row per input row.");
        }
        float[] fx = Checks.flatten(x, xw);
        float[] fy = Checks.flatten(y, yw);
        model.checkWidths("diagnose", xw, yw, function);
        Operation[] layers = model.operations();
        int outWidth = model.outputWidth(xw);
        List<Finding> findings = new ArrayList<>();
        try {
            function.checkModel(layers[layers.length - 1], outWidth);
        } catch (IllegalArgumentException e) {
            findings.add(new Finding(Finding.Kind.LOSS_MISMATCH, layers.length - 1,
                    "the loss cannot be computed on what the model outputs", e.getMessage(),
                    lossGiven + " expects " + (function.classification() ? "probabilities" : "numbers")
                            + " that the model's last layer, " + layers[layers.length - 1] + ", does not produce",
                    "end the model with sigmoid() for binaryCrossEntropy() or softmax() for crossEntropy(); use mse() for"
                            + " numbers"));
            return findings;
        }
        int badX = kernels.indexOfFirstOutside(fx.length, fx, 0, -Float.MAX_VALUE, Float.MAX_VALUE);
        int badY = kernels.indexOfFirstOutside(fy.length, fy, 0, -Float.MAX_VALUE, Float.MAX_VALUE);
        if (badX >= 0 || badY >= 0) {
            boolean input = badX >= 0;
            int at = input ? badX : badY;
            int width = input ? xw : yw;
            float value = input ? fx[at] : fy[at];
            findings.add(new Finding(Finding.Kind.NON_FINITE, -1, "training on this data gives a NaN loss from the first step",
                    (input ? "input" : "target") + " row " + at / width + ", column " + at % width + " is " + value,
                    "one NaN or infinite value makes the loss, every gradient and then every weight NaN",
                    "remove or impute that row (train() refuses it with the same row and column)"));
            return findings;
        }
        try {
            function.checkTargets("diagnose", fy, yw, outWidth, kernels);
        } catch (IllegalArgumentException e) {
            int bad = kernels.indexOfFirstOutside(fy.length, fy, 0, 0f, 1f);
            if (lossGiven instanceof BinaryCrossEntropy && bad >= 0) {
                findings.add(targetsOutside(lossGiven, layers, fy[bad], "target row " + bad / yw + ", column " + bad % yw
                        + " is " + fy[bad] + "; binaryCrossEntropy takes targets in [0, 1]"));
            } else {
                findings.add(new Finding(Finding.Kind.LOSS_MISMATCH, layers.length - 1, "the loss cannot take these targets",
                        e.getMessage().replaceFirst("^diagnose: ", ""),
                        lossGiven + " reads each target row as " + (function.targetWidth(outWidth) == 1 ? "a class index"
                                : "one-hot (or class probabilities)") + ", and these rows are not that",
                        "one-hot rows go with crossEntropy(), class indices 0 to k−1 with sparseCrossEntropy(), both after"
                                + " dense(..., k) and softmax()"));
            }
            return findings;
        }
        Diagnosis d = new Diagnosis(model, kernels);
        Sequential.Batch batch = new Sequential.Batch(fx, function.prepareTargets(fy, x.length, outWidth), x.length, xw, outWidth);
        d.data = batch;
        d.loss = function;
        d.profile.profile(batch, function);
        d.statistics = new RunStatistics(model, kernels, xw);
        d.nonFiniteValues();
        d.outputRange(batch);
        d.identicalUnits();
        if (d.found.isEmpty()) {
            d.profile.measure(function, d.statistics.activationLayer);
            Finding state = d.inspectState();
            if (state != null) {
                d.found.add(state);
            }
        }
        findings.addAll(d.found);
        return findings;
    }

    /**
     * On demand there is no run to show a symptom, so only what certainly stops learning is named:
     * units flat for every row (with the inputs as the cause when they are unscaled), a
     * single-layer model on classes no line separates, and outputs that ignore the inputs.
     */
    private Finding inspectState() {
        boolean atBaseline = Float.isFinite(profile.baseline) && profile.baseline > 0f && profile.loss >= STUCK * profile.baseline;
        int flat = flattestLayer();
        if (flat >= 0 && profile.unscaled() && firstWatched(flat)) {
            return unscaledInputs(atBaseline ? Symptom.STUCK : Symptom.NONE, flat);
        }
        if (flat >= 0) {
            return flatUnits(atBaseline ? Symptom.STUCK : Symptom.NONE, flat);
        }
        if (atBaseline && hiddenLayers() == 0) {
            Finding separable = notSeparable(Symptom.STUCK);
            if (separable != null) {
                return separable;
            }
        }
        if (atBaseline && profile.outputSpread < 0.01f * profile.targetSpread) {
            return notLearning(Symptom.STUCK, null, null, 0);
        }
        return null;
    }

    // ---- checks before training ------------------------------------------------------------------

    /** A NaN or infinite weight (or fixed value) makes every output NaN. */
    private void nonFiniteValues() {
        int t = 0;
        for (int i = 0; i < layers.length; i++) {
            for (Tensor tensor : layers[i].tensors()) {
                float[] values = live[t++];
                int bad = kernels.indexOfFirstOutside(values.length, values, 0, -Float.MAX_VALUE, Float.MAX_VALUE);
                if (bad >= 0) {
                    int cols = tensor.value().cols();
                    found.add(new Finding(Finding.Kind.NON_FINITE, i,
                            "every output and every gradient will be NaN, from the first step",
                            "layer " + i + " " + layers[i] + " holds " + values[bad] + " at " + tensor.name() + "[" + bad / cols
                                    + "][" + bad % cols + "] before training",
                            "a NaN or infinite parameter turns every sum it enters into NaN; such values come from a run that"
                                    + " diverged, or from setting them by hand",
                            "re-initialise the model (model.initialize(seed)), or load weights saved before the run that diverged"));
                    return;
                }
            }
        }
    }

    /** Targets the last layer cannot produce (a sigmoid asked for 2, a relu for −1), or a softmax over one output. */
    private void outputRange(Sequential.Batch batch) {
        int last = layers.length - 1;
        Operation end = layers[last];
        if (end instanceof Softmax && model.outputWidth(batch.xWidth()) == 1) {
            found.add(new Finding(Finding.Kind.LOSS_MISMATCH, last, "the model answers 1.0 for every input, whatever it learns",
                    "layer " + last + " is softmax over a single output",
                    "softmax divides each output by the sum of all outputs, so a lone output is always exactly 1",
                    "for two classes with one output use sigmoid() (with binaryCrossEntropy()); for k classes use dense(..., k)"
                            + " before softmax()"));
            return;
        }
        float lo;
        float hi;
        String range;
        if (end instanceof Sigmoid || end instanceof Softmax) {
            lo = 0f;
            hi = 1f;
            range = "between 0 and 1";
        } else if (end instanceof Tanh) {
            lo = -1f;
            hi = 1f;
            range = "between −1 and 1";
        } else if (end instanceof Relu) {
            lo = 0f;
            hi = Float.MAX_VALUE;
            range = "0 or more";
        } else {
            return;
        }
        float[] y = batch.y();
        int bad = kernels.indexOfFirstOutside(y.length, y, 0, lo, hi);
        if (bad >= 0) {
            found.add(targetsOutside(loss, layers, y[bad], "layer " + last + " " + end + " outputs values "
                    + range + ", but target row " + bad / batch.yWidth() + ", column " + bad % batch.yWidth() + " is " + y[bad]));
        }
    }

    private static Finding targetsOutside(Loss lossGiven, Operation[] layers, float value, String evidence) {
        Operation end = layers[layers.length - 1];
        boolean labels = value == Math.rint(value) && value >= 1f;
        String cause;
        String advice;
        if (lossGiven instanceof BinaryCrossEntropy) {
            cause = "binaryCrossEntropy compares a probability with a target between 0 and 1; a target of " + value
                    + " asks for a probability no output can give, so the loss has no minimum where the model can reach it";
            advice = labels ? "for two classes use labels 0 and 1 (here: subtract 1 from each label); for more classes use"
                    + " dense(..., k), softmax() and sparseCrossEntropy() with class indices 0 to k−1"
                    : "scale the targets into [0, 1], or use mse() on a model that ends without an activation";
        } else {
            cause = end + " cannot output " + value + ", so the loss never reaches 0 and the network settles between the targets"
                    + (labels && end instanceof Sigmoid ? "; labels 0, 1, 2 ... are classes, which one sigmoid output cannot"
                    + " tell apart" : "");
            advice = labels ? "give each class its own output: dense(..., k), softmax() and sparseCrossEntropy() with class"
                    + " indices 0 to k−1 (or crossEntropy() with one-hot rows); for numbers, end the model with dense (no"
                    + " activation) and use mse()"
                    : "end the model with dense (no activation) so it can output any number, or scale the targets into the"
                    + " output's range";
        }
        return new Finding(Finding.Kind.LOSS_MISMATCH, layers.length - 1,
                "the model cannot give the answers it is trained toward", evidence, cause, advice);
    }

    /**
     * Units of a hidden dense layer with identical incoming weights, bias and outgoing weights get
     * identical gradients and stay identical: exact, so reported before training.
     */
    private void identicalUnits() {
        for (int i = 0; i < layers.length; i++) {
            if (!(layers[i] instanceof Dense)) {
                continue;
            }
            int j = i + 1;
            while (j < layers.length && layers[j] instanceof Activation) {
                j++;
            }
            if (j >= layers.length || !(layers[j] instanceof Dense)) {
                continue;   // an output layer (each unit has its own target), or something that breaks symmetry between
            }
            Dense dense = (Dense) layers[i];
            Dense next = (Dense) layers[j];
            int out = dense.out();
            if (out < 2) {
                continue;
            }
            fingerprints = out <= fingerprints.length ? fingerprints : new float[out];
            sorted = out <= sorted.length ? sorted : new float[out];
            kernels.columnSums(dense.in(), out, dense.weight().data(), 0, out, 0f, fingerprints, 0);
            System.arraycopy(fingerprints, 0, sorted, 0, out);
            java.util.Arrays.sort(sorted, 0, out);
            boolean candidates = false;
            for (int u = 1; u < out && !candidates; u++) {
                candidates = sorted[u] == sorted[u - 1];
            }
            if (candidates) {
                int[] clones = largestCloneGroup(dense, next);
                if (clones != null) {
                    found.add(symmetric(i, j, clones, out));
                    return;
                }
            }
        }
    }

    /** The largest set of units that are exact copies of each other, or null if there is none. */
    private int[] largestCloneGroup(Dense dense, Dense next) {
        int in = dense.in();
        int out = dense.out();
        int out2 = next.out();
        float[] w = dense.weight().data();
        float[] b = dense.bias().data();
        float[] w2 = next.weight().data();
        float[] e = new float[out];
        float[] d = new float[in];
        float[] row = new float[out2];
        boolean[] grouped = new boolean[out];
        int[] best = null;
        for (int u = 0; u < out; u++) {
            if (grouped[u]) {
                continue;
            }
            List<Integer> group = new ArrayList<>();
            group.add(u);
            for (int v = u + 1; v < out; v++) {
                if (grouped[v] || fingerprints[v] != fingerprints[u] || b[v] != b[u]) {
                    continue;
                }
                java.util.Arrays.fill(e, 0f);
                e[u] = 1f;
                e[v] = -1f;
                kernels.gemm(false, false, in, 1, out, 1f, w, 0, out, e, 0, 1, 0f, d, 0, 1);
                System.arraycopy(w2, u * out2, row, 0, out2);
                kernels.axpy(out2, -1f, w2, v * out2, row, 0);
                if (kernels.sumOfSquares(in, d, 0) == 0f && kernels.sumOfSquares(out2, row, 0) == 0f) {
                    group.add(v);
                    grouped[v] = true;
                }
            }
            if (group.size() > 1 && (best == null || group.size() > best.length)) {
                best = group.stream().mapToInt(Integer::intValue).toArray();
            }
        }
        return best;
    }

    private Finding symmetric(int layer, int nextLayer, int[] clones, int units) {
        Dense dense = (Dense) layers[layer];
        boolean all = clones.length == units;
        float[] w = dense.weight().data();
        boolean zero = kernels.sumOfSquares(w.length, w, 0) == 0f;
        return new Finding(Finding.Kind.SYMMETRIC_WEIGHTS, layer,
                (all ? "the " + units + " units" : clones.length + " of the " + units + " units") + " of layer " + layer + " "
                        + dense + " will stay identical: the network will learn as if " + (all ? "that layer had one unit"
                        : "they were one unit"),
                (all ? "all " + units + " units" : "units " + list(clones)) + " of layer " + layer + " " + dense
                        + " start with the same incoming weights" + (zero ? " (every weight is 0)" : "") + " and bias, and the"
                        + " same outgoing weights in layer " + nextLayer + " " + layers[nextLayer],
                "units that start identical receive identical gradients, so every update keeps them identical; nothing"
                        + " breaks the symmetry" + (zero ? " (with all weights 0 the first updates of the hidden layer are 0"
                        + " as well)" : ""),
                "initialise the weights randomly: leave the initializer out (dense(" + dense.in() + ", " + dense.out() + ") draws"
                        + " them with glorotUniform, or heUniform before relu); keep zeros() and constant(...) for biases"
                        + " and experiments");
    }

    // ---- the verdict --------------------------------------------------------------------------------

    /** What the loss did, from the History and the model's loss on the sample now. */
    Symptom symptom(History history, long steps, boolean restoredBest) {
        int epochs = history.count();
        if (steps < MIN_STEPS || epochs == 0) {
            return Symptom.NONE;
        }
        float base = profile.baseline;
        boolean hasBase = Float.isFinite(base) && base > 0f;
        float first = epochs >= 2 ? history.lossAt(0) : statistics.firstLoss;
        float last = history.lossAt(epochs - 1);
        float lowest = last;
        for (int e = 0; e < epochs; e++) {
            lowest = Math.min(lowest, history.lossAt(e));
        }
        float now = profile.loss;
        if (!restoredBest && epochs >= 2 && last >= 2f * lowest && (!hasBase || last >= 0.5f * base)) {
            return Symptom.RISING;
        }
        boolean still = (first - last) < STILL * first;
        if (still && (!hasBase || now > 0.5f * base)) {
            return last > first * 1.05f ? Symptom.RISING : Symptom.NO_PROGRESS;
        }
        if (hasBase && now > WORSE * base) {
            return Symptom.WORSE;
        }
        if (hasBase && now >= STUCK * base) {
            return Symptom.STUCK;
        }
        if (hasBase && now >= POOR * base) {
            return Symptom.POOR;
        }
        return Symptom.NONE;
    }

    /** The primary cause of a symptom: the first of the ordered checks that holds, or what the symptom itself says. */
    private Finding explain(Symptom symptom, History history, int epoch) {
        this.history = history;
        this.stopEpoch = epoch;
        if (symptom == Symptom.DIVERGED) {
            profile.measure(loss, statistics.activationLayer);
        }
        boolean blownUp = symptom == Symptom.DIVERGED || symptom == Symptom.RISING;
        int flat = flattestLayer();
        // The data first: inputs far from unit scale, when the first layer shows it or the loss blew up.
        if (profile.unscaled() && (blownUp || symptom == Symptom.WORSE || flat >= 0 && firstWatched(flat))) {
            return unscaledInputs(symptom, flat >= 0 && firstWatched(flat) ? flat : -1);
        }
        // Then the loss and the model's ending.
        if (layers[layers.length - 1] instanceof Softmax && loss instanceof MeanSquaredError && !blownUp) {
            return softmaxWithMse(symptom);
        }
        if (symptom == Symptom.DIVERGED && statistics.badStep == 0) {
            return nonFinite(symptom, history, epoch);
        }
        // Then the units.
        if (flat >= 0 && !blownUp) {
            return flatUnits(symptom, flat);
        }
        if (symptom == Symptom.POOR) {
            return null;   // a poor fit with nothing visibly wrong may be all the data allow
        }
        if (!blownUp && hiddenLayers() == 0) {
            Finding separable = notSeparable(symptom);
            if (separable != null) {
                return separable;
            }
        }
        // Then the gradients through the layers.
        float ratio = gradientRatio(blownUp);
        if (blownUp && ratio >= EXPLODING) {
            return exploding(symptom, ratio);
        }
        if (!blownUp && ratio <= VANISHING) {
            return vanishing(symptom, ratio);
        }
        // Then the learning rate, tried for real.
        float rate = learningRate(optimizer);
        float[] rates = probeRates(rate);
        int steps = Probes.steps(model, batchSize, rates.length, Math.max(history.count() * stepsPerEpoch(), 1));
        float[] losses = Probes.afterSteps(model, initial, data, loss, optimizer, batchSize, seed, steps, rates, profile);
        Finding byRate = byLearningRate(symptom, history, epoch, rate, rates, losses, steps);
        if (byRate != null) {
            return byRate;
        }
        if (symptom == Symptom.DIVERGED) {
            return Float.isFinite(statistics.badLoss) ? diverging(symptom, history, epoch, rate, rates, losses, steps, false)
                    : nonFinite(symptom, history, epoch);
        }
        if (symptom == Symptom.RISING) {
            return diverging(symptom, history, epoch, rate, rates, losses, steps, false);
        }
        return notLearning(symptom, rates, losses, steps);
    }

    private int stepsPerEpoch() {
        int batch = Math.min(batchSize, data.rows());
        return (data.rows() + batch - 1) / batch;
    }

    /**
     * The watched layer that is flattest, if it is flat enough to stop learning, else -1: a relu
     * layer counts the share of its units that output 0 on every row (dead; {@link #DEAD_UNITS}
     * flags it), a sigmoid or tanh layer the share of all its values in the flat region
     * (saturated; {@link #FLAT_UNITS} flags it).
     */
    private int flattestLayer() {
        int best = -1;
        float bestShare = 0f;
        int[] watched = statistics.activationLayer;
        for (int k = 0; k < watched.length && k < profile.offUnits.length; k++) {
            int layer = watched[k];
            // A sigmoid or softmax the loss is computed fused with passes σ − t back however saturated it is.
            if (layer == layers.length - 1 && loss.fusesWith(layers[layer])) {
                continue;
            }
            boolean relu = layers[layer] instanceof Relu;
            float share = relu ? (float) profile.offUnits[k] / statistics.units[k] : profile.flatShare[k];
            if (share >= (relu ? DEAD_UNITS : FLAT_UNITS) && share > bestShare) {
                best = k;
                bestShare = share;
            }
        }
        return best;
    }

    /** True if watched layer k is the first watched layer (the one the inputs reach first). */
    private boolean firstWatched(int k) {
        return k == 0;
    }

    private int hiddenLayers() {
        int dense = 0;
        for (Operation layer : layers) {
            if (layer instanceof Dense) {
                dense++;
            }
        }
        return dense - 1;
    }

    /**
     * How the gradient backpropagation carries changes on its way to the input: the RMS of
     * d(loss)/d(input) of the second dense layer over that of the last one (the first dense layer
     * computes none). At the first step when the loss blew up, else the median over the samples;
     * NaN for models with fewer than three dense layers.
     */
    private float gradientRatio(boolean atStart) {
        int m = statistics.weightLayer.length;
        if (m < 3 || statistics.samples() == 0) {
            return Float.NaN;
        }
        float near = atStart ? statistics.firstSignalRms[1] : statistics.medianSignal(1);
        float far = atStart ? statistics.firstSignalRms[m - 1] : statistics.medianSignal(m - 1);
        return far > 0f ? near / far : Float.NaN;
    }

    private static float[] probeRates(float rate) {
        float[] decades = {1e-4f, 1e-3f, 1e-2f, 1e-1f, 1f, 10f};
        float[] rates = new float[decades.length + 1];
        int n = 0;
        rates[n++] = rate;
        for (float r : decades) {
            if (r > 3f * rate || r < rate / 3f) {
                rates[n++] = r;
            }
        }
        return java.util.Arrays.copyOf(rates, n);
    }

    /** DIVERGING when a smaller rate does clearly better from the same start, LEARNING_RATE_TOO_SMALL when a larger one does. */
    private Finding byLearningRate(Symptom symptom, History history, int epoch, float rate, float[] rates, float[] losses,
                                   int steps) {
        int best = 0;
        for (int r = 1; r < rates.length; r++) {
            if (losses[r] < losses[best]) {
                best = r;
            }
        }
        float atRate = losses[0];
        boolean clearly = losses[best] < CLEARLY_BETTER * atRate
                && (!Float.isFinite(profile.baseline) || losses[best] < STUCK * profile.baseline);
        if (!clearly) {
            return null;
        }
        if (rates[best] < rate && symptom != Symptom.NO_PROGRESS && symptom != Symptom.STUCK) {
            return diverging(symptom, history, epoch, rate, rates, losses, steps, true);
        }
        if (rates[best] > rate && symptom != Symptom.DIVERGED && symptom != Symptom.RISING) {
            return tooSmall(symptom, history, rate, rates, losses, steps, best);
        }
        return null;
    }

    // ---- the findings, in words ---------------------------------------------------------------------

    private String symptomText(Symptom symptom) {
        int epoch = stopEpoch;
        int epochs = history == null ? 0 : history.count();
        switch (symptom) {
            case DIVERGED: {
                boolean nan = !Float.isFinite(statistics.badLoss);
                return "at step " + (statistics.badStep + 1) + " (epoch " + epoch + ") the loss " + (nan ? "became "
                        + statistics.badLoss : "rose to " + f(statistics.badLoss) + ", over " + (int) RunStatistics.EXPLOSION_FACTOR
                        + " times its starting level (" + f(statistics.explosionLimit / RunStatistics.EXPLOSION_FACTOR) + ")")
                        + "; the run stopped and the model keeps "
                        + (epoch <= 1 ? "its weights from before the run" : "the weights of epoch " + (epoch - 1));
            }
            case RISING: {
                int low = 0;
                for (int e = 1; e < epochs; e++) {
                    if (history.lossAt(e) < history.lossAt(low)) {
                        low = e;
                    }
                }
                return "the loss rose from " + f(history.lossAt(low)) + " (epoch " + (low + 1) + ") to "
                        + f(history.lossAt(epochs - 1)) + " (epoch " + epochs + ")";
            }
            case NO_PROGRESS: {
                float first = epochs >= 2 ? history.lossAt(0) : statistics.firstLoss;
                float last = history.lossAt(epochs - 1);
                return "the loss hardly moved in " + epochs + " epoch" + (epochs == 1 ? "" : "s") + ": " + f(first) + " at the"
                        + " start, " + f(last) + " at the end (" + String.format(Locale.ROOT, "%+.2f%%", 100f * (last - first) / first)
                        + ")" + baselineNote();
            }
            case WORSE:
                return "the loss ends at " + f(profile.loss) + ", worse than " + answering() + " (" + f(profile.baseline) + ")";
            case POOR:
                return "the loss ends at " + f(profile.loss) + ", " + String.format(Locale.ROOT, "%.0f%%",
                        100 * (1 - profile.loss / profile.baseline)) + " below what " + answering() + " gives ("
                        + f(profile.baseline) + ")" + accuracyNote();
            case STUCK:
                return (profile.outputSpread < 0.05f * profile.targetSpread
                        ? "the network gives (nearly) the same answer for every input: " : "")
                        + "the loss stays at " + f(profile.loss) + ", where " + answering() + " puts it (" + f(profile.baseline)
                        + ")" + accuracyNote();
            default:
                return "before training, on the data given";
        }
    }

    private String baselineNote() {
        return Float.isFinite(profile.baseline) ? "; " + answering() + " would give " + f(profile.baseline) : "";
    }

    private String accuracyNote() {
        if (Float.isNaN(profile.accuracy)) {
            return "";
        }
        return String.format(Locale.ROOT, "; %.0f%% of the rows are classified right, and always answering the most common"
                + " class gives %.0f%%", 100 * profile.accuracy, 100 * profile.majority);
    }

    /** How the constant answer reads: "always answering 0.50", "always answering the class shares" ... */
    private String answering() {
        if (loss instanceof CrossEntropy) {
            return "always answering the class shares";
        }
        if (profile.yWidth == 1) {
            return "always answering " + String.format(Locale.ROOT, "%.2f", profile.targetMean[0])
                    + (loss instanceof MeanSquaredError ? " (the mean target)" : "");
        }
        return "always answering each output's mean";
    }

    private String describe(int layer) {
        return "layer " + layer + " " + layers[layer];
    }

    private Finding unscaledInputs(Symptom symptom, int flat) {
        int j = profile.worstFeature;
        String features = "feature " + j + " has mean " + f(profile.featureMean[j]) + " and standard deviation "
                + f(profile.featureSpread[j]) + " (unit scale is about 0 and 1)";
        String units = flat >= 0 ? "; " + unitsText(flat) : "";
        boolean before = profile.scaleLayer > 0;
        return new Finding(Finding.Kind.UNSCALED_INPUTS, flat >= 0 ? statistics.activationLayer[flat] : profile.scaleLayer,
                symptom == Symptom.NONE ? "the first layer's units sit at their limits for the data given" : symptomText(symptom),
                features + (before ? " after the layers before " + describe(profile.scaleLayer) : "") + units,
                "a dense layer adds up inputs times weights; inputs in the tens or hundreds make those sums large, so sigmoid"
                        + " and tanh units sit at their flat ends where the slope is nearly 0, relus swing wildly, and each step"
                        + " on the first layer's weights is outsized",
                "standardize each feature, x' = (x − mean) / standard deviation with the training rows' mean and deviation:"
                        + " with nn-data, TabularData...standardize() and Sequential.of(train.preprocessing(), ...); by hand,"
                        + " Layers.normalization(means, deviations) as the first layer");
    }

    private String unitsText(int k) {
        int layer = statistics.activationLayer[k];
        String since = statistics.halfOffSince[k] >= 0 ? "; it was this flat in every batch sampled since step "
                + (statistics.halfOffSince[k] + 1) : "";
        if (layers[layer] instanceof Relu) {
            return profile.offUnits[k] + " of " + statistics.units[k] + " units of " + describe(layer) + " output 0 for every"
                    + " one of the " + profile.rows + " rows checked" + since;
        }
        String limit = layers[layer] instanceof Sigmoid ? "±5 (outputs within 0.007 of 0 or 1)" : "±3 (outputs within 0.005"
                + " of −1 or 1)";
        String units = profile.offUnits[k] == 0 ? "" : String.format(Locale.ROOT, "; %d of its %d units are there for 95%% or"
                + " more of the rows", profile.offUnits[k], statistics.units[k]);
        return String.format(Locale.ROOT, "%.0f%% of the values of %s%s on the %d rows checked have inputs beyond %s",
                100 * profile.flatShare[k], describe(layer), layer == layers.length - 1 ? " (the model's output)" : "",
                profile.rows, limit) + units + since;
    }

    private Finding flatUnits(Symptom symptom, int k) {
        int layer = statistics.activationLayer[k];
        String symptomText = symptom == Symptom.NONE ? "units that cannot learn: they are flat for every row of the data"
                : symptomText(symptom);
        if (layers[layer] instanceof Relu) {
            String bias = biasNote(layer);
            return new Finding(Finding.Kind.DEAD_RELU, layer, symptomText, unitsText(k) + bias,
                    "a relu whose input is negative for every row passes no gradient back, so its weights never change and"
                            + " it cannot come back; " + (profile.offUnits[k] == statistics.units[k]
                            ? "with the whole layer dead nothing reaches the layers after it" : "the layer works with a"
                            + " fraction of its units"),
                    "start the biases at 0 (the default), lower the learning rate (one large step can push a unit's bias"
                            + " far below 0), or use leakyRelu(), which keeps a small slope below 0");
        }
        return new Finding(Finding.Kind.SATURATED, layer, symptomText, unitsText(k),
                "where " + layers[layer] + " is flat its slope is nearly 0, so almost no gradient flows through those units"
                        + " and the weights before them stop learning; large initial weights or large inputs put them there",
                "keep the initial weights small (the default glorotUniform suits " + layers[layer] + "), standardize the"
                        + " inputs, lower the learning rate, or use relu in the hidden layers");
    }

    /** ", the biases of layer i dense(...) average −10" when the dense layer before a dead relu holds very negative biases. */
    private String biasNote(int relu) {
        int i = relu - 1;
        while (i >= 0 && !(layers[i] instanceof Dense)) {
            i--;
        }
        if (i < 0) {
            return "";
        }
        float[] b = ((Dense) layers[i]).bias().data();
        float sum = 0f;
        for (float v : b) {
            sum += v;
        }
        float mean = sum / b.length;
        return mean < -1f ? "; the biases of " + describe(i) + " average " + f(mean) : "";
    }

    private Finding softmaxWithMse(Symptom symptom) {
        int last = layers.length - 1;
        return new Finding(Finding.Kind.LOSS_MISMATCH, last, symptomText(symptom),
                "the model ends with softmax over " + profile.outputWidth + " outputs and the loss is mse",
                "mean squared error on softmax probabilities damps each gradient by the softmax's own slope, which is"
                        + " smallest when an answer is confidently wrong, and spreads a small error over all "
                        + profile.outputWidth + " outputs, so learning crawls; cross-entropy on the same softmax gives the"
                        + " gradient p − t",
                "use crossEntropy() with one-hot targets (or sparseCrossEntropy() with class indices) and keep softmax()");
    }

    private Finding notSeparable(Symptom symptom) {
        Probes.Separation s = Probes.separate(model, profile);
        if (s == null || s.separable() || s.accuracy() >= SEPARABLE_ENOUGH) {
            return null;
        }
        int first = profile.scaleLayer;
        return new Finding(Finding.Kind.NOT_SEPARABLE, first,
                symptom == Symptom.NONE ? "no setting of this model's weights fits the data" : symptomText(symptom),
                "the model has no hidden layer (" + describe(first) + "), so it splits the inputs with one straight line"
                        + " (hyperplane); a perceptron made " + s.passes() + " passes over the " + profile.rows + " rows without"
                        + " separating the classes, and its best line got " + String.format(Locale.ROOT, "%.0f%%", 100 * s.accuracy())
                        + " of them right",
                "no straight line separates these classes (as in XOR), so no single layer can, however long it trains",
                "add a hidden layer, e.g. Sequential.of(dense(" + profile.featureWidth + ", 8), tanh(), dense(8, "
                        + profile.outputWidth + "), " + layers[layers.length - 1] + "()), or add features that make the"
                        + " classes separable (such as x1·x2 for XOR)");
    }

    private Finding exploding(Symptom symptom, float ratio) {
        int m = statistics.weightLayer.length;
        return new Finding(Finding.Kind.EXPLODING_GRADIENT, statistics.weightLayer[1], symptomText(symptom),
                "at the first step the gradient flowing back into " + describe(statistics.weightLayer[1]) + " was " + times(ratio)
                        + " times the size of the one into " + describe(statistics.weightLayer[m - 1]) + " (RMS "
                        + f(statistics.firstSignalRms[1]) + " against " + f(statistics.firstSignalRms[m - 1]) + ")",
                "on the way back each layer multiplies the gradient by its weights; weights larger than the layer's fan-in"
                        + " calls for make it grow layer by layer (and the activations on the way forward), so the first"
                        + " layers take huge steps and the loss blows up",
                "initialise with the defaults (heUniform before relu, glorotUniform before sigmoid or tanh), whose scale keeps"
                        + " gradients level from layer to layer, lower the learning rate, or add batchNorm() after the dense"
                        + " layers");
    }

    private Finding vanishing(Symptom symptom, float ratio) {
        int m = statistics.weightLayer.length;
        return new Finding(Finding.Kind.VANISHING_GRADIENT, statistics.weightLayer[1], symptomText(symptom),
                "the gradient flowing back into " + describe(statistics.weightLayer[1]) + " is " + times(ratio) + " times the"
                        + " size of the one into " + describe(statistics.weightLayer[m - 1]) + " (RMS "
                        + f(statistics.medianSignal(1)) + " against "
                        + f(statistics.medianSignal(m - 1)) + ", the median of "
                        + Math.min(statistics.samples(), RunStatistics.KEPT) + " samples)",
                "on the way back every sigmoid or tanh multiplies the gradient by its slope (at most 0.25 for sigmoid), so"
                        + " after " + (m - 2) + " of them the first layers get almost nothing and hardly learn",
                "use relu (or leakyRelu) in the hidden layers with the default He initialisation, use fewer layers, or add"
                        + " batchNorm() after the dense layers");
    }

    private Finding diverging(Symptom symptom, History history, int epoch, float rate, float[] rates, float[] losses,
                              int steps, boolean confirmed) {
        int best = 0;
        for (int r = 1; r < rates.length; r++) {
            if (losses[r] < losses[best]) {
                best = r;
            }
        }
        float suggest = confirmed ? rates[best] : rate / 10f;
        return new Finding(Finding.Kind.DIVERGING, -1, symptomText(symptom),
                probeText(rates, losses, steps) + (confirmed ? "" : "; no rate did clearly better, so the rate is only the"
                        + " likeliest cause"),
                "with " + withRate(optimizer, rate) + " each step overshoots the low point it aims at, so the loss grows instead of falling",
                "lower the learning rate to " + rate(suggest) + ": .optimizer(" + withRate(optimizer, suggest) + ")"
                        + "; model.findLearningRate(data, loss, optimizer) measures a good rate for this model and data");
    }

    private Finding tooSmall(Symptom symptom, History history, float rate, float[] rates, float[] losses, int steps, int best) {
        int m = statistics.weightLayer.length;
        String moved = m > 0 && statistics.samples() > 0 ? "each sampled step changed " + describe(statistics.weightLayer[0])
                + "'s weights by " + String.format(Locale.ROOT, "%.2g%%", 100 * statistics.medianUpdate(0))
                + " of their size (median); " : "";
        return new Finding(Finding.Kind.LEARNING_RATE_TOO_SMALL, -1, symptomText(symptom),
                moved + probeText(rates, losses, steps),
                "with " + withRate(optimizer, rate) + " the steps are too small to get anywhere in this many epochs",
                "raise the learning rate to " + rate(rates[best]) + ": .optimizer(" + withRate(optimizer, rates[best]) + ")"
                        + "; model.findLearningRate(data, loss, optimizer) measures a good rate for this model and data");
    }

    private Finding nonFinite(Symptom symptom, History history, int epoch) {
        int layer = statistics.badLayer;
        String where = layer >= 0 ? "the first non-finite value appeared in the output of " + describe(layer)
                : "the outputs were finite and the loss itself overflowed";
        boolean first = statistics.badStep == 0;
        float[] y = data.y();
        float largestTarget = 0f;
        int big = kernels.indexOfFirstOutside(y.length, y, 0, -1e6f, 1e6f);
        if (big >= 0) {
            largestTarget = y[big];
        }
        String targets = big >= 0 ? "; target row " + big / data.yWidth() + " is " + largestTarget : "";
        return new Finding(Finding.Kind.NON_FINITE, Math.max(layer, -1), symptomText(symptom),
                where + " at step " + (statistics.badStep + 1) + (first ? ", before any update" : "")
                        + (statistics.badParameter >= 0 ? "; " + describe(statistics.weightLayer[statistics.badParameter])
                        + "'s weights were no longer finite" : "") + targets,
                first ? "the numbers overflow float32 (beyond 3.4e38) in the first forward pass, before the learning rate"
                        + " plays any part: the inputs, the targets or the initial weights are too large"
                        : "a weight grew until the sums overflowed float32 (beyond 3.4e38)",
                first ? "scale the inputs and the targets (standardize them; for targets in the millions, divide by their"
                        + " spread and multiply the predictions back), and keep the default initialisers"
                        : "lower the learning rate (model.findLearningRate(...) measures one), and standardize the inputs");
    }

    private Finding notLearning(Symptom symptom, float[] rates, float[] losses, int steps) {
        StringBuilder evidence = new StringBuilder();
        evidence.append(String.format(Locale.ROOT, "the outputs vary by %s across the %d rows checked (the targets by %s)",
                f(profile.outputSpread), profile.rows, f(profile.targetSpread)));
        GradientCheck.Result check = gradientCheck();
        if (check != null) {
            evidence.append("; a gradient check on ").append(Math.min(4, profile.rows)).append(" rows ")
                    .append(check.passed() ? "passed" : "FAILED").append(" (worst relative error ")
                    .append(f((float) check.maxRelativeError())).append(')');
        }
        if (rates != null) {
            evidence.append("; ").append(probeText(rates, losses, steps));
        }
        evidence.append(censusNote());
        return new Finding(Finding.Kind.NOT_LEARNING, -1, symptomText(symptom), evidence.toString(),
                "the model does no better than ignoring its inputs, and the checks found no cause: the inputs are near unit"
                        + " scale, no layer is dead or saturated enough to stop it, and no learning rate did clearly better",
                "check that each target belongs to its input row (rows and labels shuffled, sorted or read separately are a"
                        + " common cause) and that the targets depend on the inputs at all: a model should memorise 8 rows"
                        + " (train on 8 of them); if it does, make the hidden layers wider or train longer");
    }

    /** "; 103 of 128 units of layer 1 relu are dead" for watched layers with a notable share flat, else "". */
    private String censusNote() {
        StringBuilder s = new StringBuilder();
        int[] watched = statistics.activationLayer;
        for (int k = 0; k < watched.length && k < profile.offUnits.length; k++) {
            int layer = watched[k];
            if (layers[layer] instanceof Relu && 4 * profile.offUnits[k] >= statistics.units[k]) {
                s.append("; ").append(profile.offUnits[k]).append(" of ").append(statistics.units[k]).append(" units of ")
                        .append(describe(layer)).append(" are dead, too few to explain it (the rest still learn)");
            } else if (!(layers[layer] instanceof Relu) && profile.flatShare[k] >= 0.25f) {
                s.append(String.format(Locale.ROOT, "; %.0f%% of the values of %s are saturated, too few to explain it",
                        100 * profile.flatShare[k], describe(layer)));
            }
        }
        return s.toString();
    }

    private GradientCheck.Result gradientCheck() {
        long parameters = 0;
        for (Parameter p : model.parameters()) {
            parameters += p.value().data().length;
        }
        if (parameters == 0 || parameters > 5_000 || loss.targetWidth(profile.yWidth) != profile.yWidth) {
            return null;   // too big to check element by element, or targets the sample holds in another form
        }
        int rows = Math.min(4, profile.rows);
        Sequential copy = model.copy();
        return GradientCheck.check(copy, profile.rowsOf(profile.x, profile.xWidth, rows),
                profile.rowsOf(profile.y, profile.yWidth, rows), loss);
    }

    private String probeText(float[] rates, float[] losses, int steps) {
        StringBuilder s = new StringBuilder("from the run's starting weights" + (steps > 0 ? ", " + steps + " steps" : "")
                + " at each rate gave a loss of");
        Integer[] order = new Integer[rates.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(rates[a], rates[b]));
        for (int i = 0; i < order.length; i++) {
            int r = order[i];
            s.append(i == 0 ? " " : ", ").append(rate(rates[r])).append(" → ")
                    .append(Float.isFinite(losses[r]) ? f(losses[r]) : "NaN").append(r == 0 ? " (the run's rate)" : "");
        }
        return s.toString();
    }

    private Finding overfitting(History history) {
        int epochs = history.count();
        if (epochs < 10 || Float.isNaN(history.validationLossAt(0))) {
            return null;
        }
        int best = 0;
        for (int e = 1; e < epochs; e++) {
            if (history.validationLossAt(e) < history.validationLossAt(best)) {
                best = e;
            }
        }
        float lowest = history.validationLossAt(best);
        float end = history.validationLossAt(epochs - 1);
        float trainAtBest = history.lossAt(best);
        float trainEnd = history.lossAt(epochs - 1);
        boolean margin = end > (1 + OVERFIT_RISE) * lowest
                && (!Float.isFinite(profile.baseline) || end - lowest > 0.1f * profile.baseline);
        boolean trainingFell = trainEnd < 0.9f * trainAtBest;
        int since = epochs - 1 - best;
        if (!margin || !trainingFell || since < 10 || since < epochs / 5) {
            return null;
        }
        return new Finding(Finding.Kind.OVERFITTING, -1,
                "the validation loss rose from " + f(lowest) + " (epoch " + (best + 1) + ") to " + f(end) + " (epoch " + epochs
                        + ") while the training loss kept falling, from " + f(trainAtBest) + " to " + f(trainEnd),
                "at the end the validation loss is " + times(end / Math.max(trainEnd, 1e-12f)) + " times the training loss; it"
                        + " was lowest " + (epochs - 1 - best) + " epochs before the end",
                "past epoch " + (best + 1) + " each epoch fits the training rows more closely and new rows worse: the network"
                        + " memorises the training rows instead of the pattern",
                ".earlyStopping(10) stops near epoch " + (best + 1) + " and keeps its weights; or train on more rows, add"
                        + " dropout(0.2) or .l2(1e-4), or use a smaller network");
    }

    // ---- helpers shared with the learning-rate finder ------------------------------------------------

    static float learningRate(Optimizer optimizer) {
        if (optimizer instanceof Sgd) {
            return ((Sgd) optimizer).learningRate();
        }
        if (optimizer instanceof RmsProp) {
            return ((RmsProp) optimizer).learningRate();
        }
        return ((Adam) optimizer).learningRate();
    }

    /** The optimizer with another rate, as the code that makes it: {@code sgd(0.1f)}, {@code adam(0.001f)}. */
    static String withRate(Optimizer optimizer, float rate) {
        String r = rate(rate) + "f";
        if (optimizer instanceof Sgd) {
            Sgd sgd = (Sgd) optimizer;
            if (sgd.nesterov()) {
                return "nesterov(" + r + ", " + sgd.momentum() + "f)";
            }
            return sgd.momentum() == 0f ? "sgd(" + r + ")" : "sgd(" + r + ", " + sgd.momentum() + "f)";
        }
        if (optimizer instanceof RmsProp) {
            return "rmsprop(" + r + ")";
        }
        Adam adam = (Adam) optimizer;
        return adam.weightDecay() > 0f ? "adamW(" + r + ", " + adam.weightDecay() + "f)" : "adam(" + r + ")";
    }

    /** A rate to three significant digits, without float noise: 0.1, 0.003, 1e-07. */
    static String rate(float rate) {
        if (!Float.isFinite(rate)) {
            return String.valueOf(rate);
        }
        if (rate != 0f && Math.abs(rate) < 1e-4f) {
            return new BigDecimal(rate).round(new MathContext(2)).stripTrailingZeros().toString().toLowerCase(Locale.ROOT);
        }
        return new BigDecimal(rate).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** A loss or statistic to four significant digits. */
    static String f(float v) {
        if (!Float.isFinite(v)) {
            return String.valueOf(v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 1e5f || v != 0f && Math.abs(v) < 1e-3f ? "%.3g" : "%.4g", v)
                .replace("e+0", "e").replace("e-0", "e-").replace("e+", "e");
    }

    /** A ratio as a reader takes it in: 945, 3.2, 1.3e-6. */
    private static String times(float ratio) {
        return ratio >= 10f && ratio < 1e6f ? String.format(Locale.ROOT, "%.0f", ratio) : f(ratio);
    }

    private static String list(int[] units) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < units.length; i++) {
            s.append(i == 0 ? "" : i == units.length - 1 ? " and " : ", ").append(units[i]);
        }
        return s.toString();
    }
}
