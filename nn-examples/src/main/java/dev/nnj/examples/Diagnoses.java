package dev.nnj.examples;

import dev.nnj.core.Finding;
import dev.nnj.core.History;
import dev.nnj.core.Layer;
import dev.nnj.core.LearningRateCurve;
import dev.nnj.core.Sequential;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static dev.nnj.core.Initializers.normal;
import static dev.nnj.core.Initializers.zeros;
import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.normalization;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Layers.tanh;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Losses.mse;
import static dev.nnj.core.Losses.sparseCrossEntropy;
import static dev.nnj.core.Optimizers.adam;
import static dev.nnj.core.Optimizers.sgd;

/**
 * The guide's broken setups (docs/guide), each trained as its author wrote it, with what nnj's
 * diagnosis says about it, then trained again with the fix the finding suggests. Run them all, or
 * one by its name:
 * <pre>
 * mvn -q -DskipTests package exec:exec -Dexample=diagnoses
 * mvn -q -DskipTests package exec:exec -Dexample="diagnoses raw-inputs"
 * mvn -q -DskipTests package exec:exec -Dexample="diagnoses finder"
 * </pre>
 */
public final class Diagnoses {

    private Diagnoses() {
    }

    /**
     * What a fixed run did.
     *
     * @param findings what its diagnosis found (nothing, when the fix works)
     * @param solved   whether it met its task's bar (every row right, or the accuracy stated in {@code result})
     * @param result   how it did, in words
     */
    public record Fixed(List<Finding> findings, boolean solved, String result) {
    }

    /**
     * One setup of the guide.
     *
     * @param name     its name on the command line
     * @param expected the kind of finding that names its fault
     * @param page    its page in docs/guide
     * @param symptom what its author saw
     * @param wrong   the line that breaks it
     * @param right   the line that fixes it
     * @param broken  trains (or diagnoses) the broken version and returns the findings
     * @param fixed   trains the fixed version
     */
    record Case(String name, Finding.Kind expected, String page, String symptom, String wrong, String right, Supplier<List<Finding>> broken,
                Supplier<Fixed> fixed) {
    }

    /** What one setup gave: the broken version's findings and the fixed version's run. */
    public record Outcome(String name, List<Finding> broken, Fixed fixed) {
    }

    static final float[][] XOR_X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static final float[][] XOR_Y = {{0}, {1}, {1}, {0}};

    static final List<Case> CASES = List.of(
            new Case("stuck-at-half", Finding.Kind.SYMMETRIC_WEIGHTS, "01-stuck-at-one-half.md", "XOR: every output stays at 0.5",
                    "dense(2, 3, zeros()), sigmoid(), dense(3, 1, zeros()), sigmoid()",
                    "dense(2, 3), sigmoid(), dense(3, 1), sigmoid()   // random (Glorot) initial weights",
                    () -> xor(Sequential.of(dense(2, 3, zeros()), sigmoid(), dense(3, 1, zeros()), sigmoid()), 0.5f).findings(),
                    () -> fixedXor(Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid()).initialize(1), 0.5f)),
            new Case("raw-inputs", Finding.Kind.UNSCALED_INPUTS, "02-always-one-or-zero.md", "a 2 -> 2 sigmoid layer on raw inputs from 10 to 30 always answers 1 or 0",
                    "Sequential.of(dense(2, 2), sigmoid())   // inputs 10..30 as they are",
                    "Sequential.of(normalization(mean, std), dense(2, 2), sigmoid())   // x' = (x - mean) / std",
                    () -> rawPairs(false).findings(), () -> rawPairs(true)),
            new Case("loss-rising", Finding.Kind.DIVERGING, "03-loss-rising.md", "the loss jumps to the thousands and never comes back",
                    ".optimizer(sgd(10f))", ".optimizer(sgd(0.1f))",
                    () -> blobs(sgd(10f)).findings(), () -> blobs(sgd(0.1f))),
            new Case("loss-nan", Finding.Kind.UNSCALED_INPUTS, "04-loss-nan.md", "loss: NaN after a few epochs of fitting house prices",
                    "dense(1, 1) on areas of 500 to 3,500 square feet", "normalization(mean, std), dense(1, 1)",
                    () -> houses(false).findings(), () -> houses(true)),
            new Case("nan-weight", Finding.Kind.NON_FINITE, "04-loss-nan.md", "a model loaded from an earlier run answers NaN",
                    "weights saved after a run diverged (one of them NaN)", "model.initialize(seed)   // or weights saved before",
                    () -> nanWeight(true).findings(), () -> nanWeight(false)),
            new Case("deep-sigmoid", Finding.Kind.LEARNING_RATE_TOO_SMALL, "05-deep-sigmoid-xor.md", "the [2, 3, 4, 5, 1] sigmoid net answers 0.5 to every XOR input",
                    ".optimizer(sgd(0.01f))   // mse, 3,000 epochs", ".optimizer(sgd(1f))   // mse, 3,000 epochs",
                    () -> deepXor(0.01f).findings(), () -> deepXor(1f)),
            new Case("no-hidden-layer", Finding.Kind.NOT_SEPARABLE, "06-perceptron-never-converges.md", "a single layer never learns XOR",
                    "Sequential.of(dense(2, 1), sigmoid())",
                    "Sequential.of(dense(2, 4), tanh(), dense(4, 1), sigmoid())",
                    () -> xor(Sequential.of(dense(2, 1), sigmoid()).initialize(1), 0.5f).findings(),
                    () -> fixedXor(Sequential.of(dense(2, 4), tanh(), dense(4, 1), sigmoid()).initialize(1), 0.5f)),
            new Case("dead-relu", Finding.Kind.DEAD_RELU, "07-one-class-for-everything.md", "a relu network answers the same class for every flower",
                    "the hidden biases start at -10 (or a large rate drove them there)", "biases start at 0 (the default)",
                    () -> deadRelu(true).findings(), () -> deadRelu(false)),
            new Case("labels-1-2", Finding.Kind.LOSS_MISMATCH, "08-labels-and-losses.md", "labels 1 and 2 with binaryCrossEntropy",
                    "targets {1}, {2}, ... with binaryCrossEntropy()", "targets {0}, {1}, ... (label − 1)",
                    Diagnoses::labelsOneTwo, Diagnoses::labelsZeroOne),
            new Case("mse-softmax", Finding.Kind.LOSS_MISMATCH, "08-labels-and-losses.md", "ten classes with softmax and mse crawl",
                    ".loss(mse())   // after softmax()", ".loss(crossEntropy())",
                    () -> tenClasses(false).findings(), () -> tenClasses(true)),
            new Case("three-classes", Finding.Kind.LOSS_MISMATCH, "08-labels-and-losses.md",
                    "labels 0, 1, 2 in one column for one sigmoid output",
                    "dense(8, 1), sigmoid() with .loss(mse())", "dense(8, 3), softmax() with .loss(sparseCrossEntropy())",
                    () -> threeClasses(false).findings(), () -> threeClasses(true)),
            new Case("saturated", Finding.Kind.SATURATED, "09-saturated-sigmoids.md", "large initial weights pin every sigmoid at 0 or 1",
                    "dense(4, 16, normal(0, 10)), sigmoid(), dense(16, 3, normal(0, 10)), sigmoid()",
                    "dense(4, 16), sigmoid(), dense(16, 3), sigmoid()   // Glorot",
                    () -> saturated(true).findings(), () -> saturated(false)),
            new Case("exploding", Finding.Kind.EXPLODING_GRADIENT, "10-exploding-gradients.md", "a deep relu net goes to NaN at once",
                    "dense(..., 32, normal(0, 1)) in each of 6 relu layers", "dense(..., 32) (He initialisation, the default)",
                    () -> deepRelu(true).findings(), () -> deepRelu(false)),
            new Case("vanishing", Finding.Kind.VANISHING_GRADIENT, "10-exploding-gradients.md", "ten sigmoid layers learn nothing",
                    "nine dense(.., 8), sigmoid() pairs", "nine dense(.., 8), relu() pairs",
                    () -> tenLayers(true).findings(), () -> tenLayers(false)),
            new Case("rate-too-small", Finding.Kind.LEARNING_RATE_TOO_SMALL, "11-loss-does-not-move.md", "the loss does not move at all",
                    ".optimizer(sgd(1e-7f))", ".optimizer(sgd(0.1f))",
                    () -> blobs(sgd(1e-7f)).findings(), () -> blobs(sgd(0.1f))),
            new Case("overfitting", Finding.Kind.OVERFITTING, "12-overfitting.md", "training loss near 0, validation loss rising",
                    ".epochs(400)", ".epochs(400).earlyStopping(10)",
                    () -> overfit(false).findings(), () -> overfit(true)),
            new Case("shuffled-labels", Finding.Kind.NOT_LEARNING, "13-not-learning.md", "the loss stays at 0.69 whatever the network",
                    "x and y shuffled separately", "x and y shuffled together",
                    () -> shuffled(false).findings(), () -> shuffled(true)));

    /** {@code Diagnoses [name ...]}: runs the named setups, or all of them. */
    public static void main(String[] args) {
        cli(System.out, args);
    }

    /** What {@link #main} does, printing to {@code out}: for a command-line registry. */
    public static void cli(PrintStream out, String... args) {
        run(out, args);
    }

    /** Runs the named setups (all when none is named), printing each finding and the fixed run; returns what each gave. */
    public static List<Outcome> run(PrintStream out, String... names) {
        List<String> wanted = Arrays.asList(names);
        List<Outcome> outcomes = new ArrayList<>();
        for (Case c : CASES) {
            if (!wanted.isEmpty() && !wanted.contains(c.name())) {
                continue;
            }
            out.println();
            out.println("== " + c.name() + ": " + c.symptom() + "   (docs/guide/" + c.page() + ")");
            out.println("   wrong: " + c.wrong());
            List<Finding> findings = c.broken().get();
            for (Finding f : findings) {
                out.println(f.message().indent(3).stripTrailing());
            }
            if (findings.isEmpty()) {
                out.println("   (no finding)");
            }
            out.println("   right: " + c.right());
            Fixed fixed = c.fixed().get();
            out.println("   " + fixed.result() + (fixed.findings().isEmpty() ? "; no finding" : "; findings: " + fixed.findings()));
            outcomes.add(new Outcome(c.name(), findings, fixed));
        }
        if (wanted.isEmpty() || wanted.contains("finder")) {
            out.println();
            out.println("== finder: model.findLearningRate(...) on the classifier of loss-rising   (docs/guide/"
                    + "14-finding-a-learning-rate.md)");
            rangeTest(out);
        }
        if (outcomes.isEmpty() && !wanted.contains("finder")) {
            out.println("no setup named " + wanted + "; the names are:");
            CASES.forEach(c -> out.println("  " + c.name()));
            out.println("  finder");
        }
        return outcomes;
    }

    /** The learning-rate range test on the classifier of {@code loss-rising}: the curve every tenth step, and the suggestion. */
    public static LearningRateCurve rangeTest(PrintStream out) {
        float[][][] d = blobsData(60, 1, 3, 4);
        Sequential model = Sequential.of(dense(4, 16), relu(), dense(16, 3), softmax()).initialize(1);
        LearningRateCurve curve = model.findLearningRate(d[0], d[1], crossEntropy(), sgd(0.01f));
        float[] rates = curve.rates();
        float[] losses = curve.losses();
        out.println("   rate        smoothed loss");
        for (int i = 0; i < rates.length; i += 10) {
            out.printf(Locale.ROOT, "   %-10.3g  %.4f%n", rates[i], losses[i]);
        }
        out.printf(Locale.ROOT, "   %-10.3g  %.4f   (%s)%n", rates[rates.length - 1], losses[losses.length - 1],
                rates.length < 100 ? "the test stopped here: the loss passed 4 times its lowest" : "the last rate");
        out.println("   " + curve);
        return curve;
    }

    // ---- the setups --------------------------------------------------------------------------------

    private static History xor(Sequential model, float rate) {
        return model.train().on(XOR_X, XOR_Y).loss(binaryCrossEntropy()).optimizer(sgd(rate)).epochs(3_000).batchSize(4).seed(1)
                .quiet().run();
    }

    private static Fixed fixedXor(Sequential model, float rate) {
        History h = xor(model, rate);
        return new Fixed(h.findings(), right(model, XOR_X, XOR_Y) == 4, right(model, XOR_X, XOR_Y) + " of 4 XOR rows right, loss "
                + f(h.finalLoss()));
    }

    /** The seed's data: pairs of raw values from 10 to 30, and which of the two is larger (a line separates them). */
    private static Fixed rawPairs(boolean standardized) {
        SplittableRandom r = new SplittableRandom(1);
        float[][] x = new float[40][2];
        float[][] y = new float[40][2];
        for (int i = 0; i < 40; i++) {
            x[i][0] = 10 + 20 * (float) r.nextDouble();
            x[i][1] = 10 + 20 * (float) r.nextDouble();
            y[i][x[i][0] > x[i][1] ? 0 : 1] = 1;
        }
        Sequential model = standardized
                ? Sequential.of(normalization(mean(x), deviation(x)), dense(2, 2), sigmoid()).initialize(1)
                : Sequential.of(dense(2, 2), sigmoid()).initialize(1);
        History h = model.train().on(x, y).loss(mse()).optimizer(sgd(0.1f)).epochs(500).batchSize(40).seed(1).quiet().run();
        return classified(h, model, x, y);
    }

    /** Three Gaussian blobs in four dimensions, 4-16-3 relu, cross-entropy. */
    private static Fixed blobs(dev.nnj.core.Optimizer optimizer) {
        float[][][] d = blobsData(60, 1, 3, 4);
        Sequential model = Sequential.of(dense(4, 16), relu(), dense(16, 3), softmax()).initialize(1);
        History h = model.train().on(d[0], d[1]).loss(crossEntropy()).optimizer(optimizer).epochs(100).batchSize(16).seed(1)
                .quiet().run();
        return classified(h, model, d[0], d[1]);
    }

    /** The linear-regression seed: price = 0.15 · area + 50, areas from 500 to 3,500, fitted by full-batch gradient descent. */
    private static Fixed houses(boolean standardized) {
        SplittableRandom r = new SplittableRandom(42);
        float[][] x = new float[100][1];
        float[][] y = new float[100][1];
        for (int i = 0; i < 100; i++) {
            x[i][0] = Math.round(500 + 3000 * r.nextDouble());
            y[i][0] = (float) (0.15 * x[i][0] + 50 + 10 * r.nextGaussian());
        }
        Sequential model = standardized ? Sequential.of(normalization(mean(x), deviation(x)), dense(1, 1)).initialize(1)
                : Sequential.of(dense(1, 1)).initialize(1);
        History h = model.train().on(x, y).loss(mse()).optimizer(sgd(0.1f)).epochs(200).batchSize(100).seed(1).quiet().run();
        float at0 = model.predict(new float[] {0f})[0];
        float slope = (model.predict(new float[] {1000f})[0] - at0) / 1000f;
        boolean solved = h.stopReason().kind() == History.StopReason.Kind.COMPLETED && Math.abs(slope - 0.15f) < 0.01f;
        return new Fixed(h.findings(), solved, String.format(Locale.ROOT, "fitted price = %.4f · area + %.1f (drawn from 0.15 ·"
                + " area + 50), mse %s", slope, at0, f(h.finalLoss())));
    }

    /** A 2-8-1 tanh classifier on XOR's quadrants, with one weight NaN (as saved by a run that diverged) or freshly drawn. */
    private static Fixed nanWeight(boolean broken) {
        float[][][] d = quadrants(64, 10);
        Sequential model = Sequential.of(dense(2, 8), tanh(), dense(8, 1), sigmoid()).initialize(10);
        if (broken) {
            model.parameters().get(2).value().set(3, 0, Float.NaN);
        }
        History h = model.train().on(d[0], d[1]).loss(binaryCrossEntropy()).optimizer(adam(0.02f)).epochs(300).batchSize(16)
                .seed(10).quiet().run();
        // predict refuses a model whose outputs are NaN, so the broken one is judged by its stop reason alone.
        return broken ? new Fixed(h.findings(), false, h.stopReason().toString()) : classified(h, model, d[0], d[1]);
    }

    /** Three classes as labels 0, 1, 2: one sigmoid output with mse, or one output per class with sparseCrossEntropy. */
    private static Fixed threeClasses(boolean perClass) {
        float[][][] d = blobsData(90, 11, 3, 4);
        float[][] labels = new float[90][1];
        for (int i = 0; i < 90; i++) {
            labels[i][0] = argmax(d[1][i]);
        }
        Sequential model = perClass ? Sequential.of(dense(4, 8), tanh(), dense(8, 3), softmax()).initialize(11)
                : Sequential.of(dense(4, 8), tanh(), dense(8, 1), sigmoid()).initialize(11);
        History h = model.train().on(d[0], labels).loss(perClass ? sparseCrossEntropy() : mse()).optimizer(adam(0.02f))
                .epochs(200).batchSize(16).seed(11).quiet().run();
        return perClass ? classified(h, model, d[0], d[1]) : new Fixed(h.findings(), false, "loss " + f(h.finalLoss()));
    }

    private static Fixed deepXor(float rate) {
        Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 4), sigmoid(), dense(4, 5), sigmoid(), dense(5, 1),
                sigmoid()).initialize(1);
        History h = model.train().on(XOR_X, XOR_Y).loss(mse()).optimizer(sgd(rate)).epochs(3_000).batchSize(4).seed(1).quiet()
                .run();
        return new Fixed(h.findings(), right(model, XOR_X, XOR_Y) == 4, right(model, XOR_X, XOR_Y) + " of 4 XOR rows right, loss "
                + f(h.finalLoss()));
    }

    /** Iris-like flowers (three species, four measurements), standardized, with the first layer's biases at −10 or 0. */
    private static Fixed deadRelu(boolean killed) {
        float[][][] d = blobsData(150, 2, 3, 4);
        Sequential model = Sequential.of(dense(4, 16), relu(), dense(16, 3), softmax()).initialize(2);
        if (killed) {
            dev.nnj.core.Matrix bias = model.parameters().get(1).value();
            for (int j = 0; j < bias.cols(); j++) {
                bias.set(0, j, -10f);
            }
        }
        History h = model.train().on(d[0], d[1]).loss(crossEntropy()).optimizer(adam(0.01f)).epochs(100).batchSize(16).seed(2)
                .quiet().run();
        return classified(h, model, d[0], d[1]);
    }

    private static List<Finding> labelsOneTwo() {
        float[][][] d = quadrants(64, 3);
        for (float[] row : d[1]) {
            row[0] += 1;
        }
        return Sequential.of(dense(2, 8), tanh(), dense(8, 1), sigmoid()).initialize(3).diagnose(d[0], d[1], binaryCrossEntropy());
    }

    private static Fixed labelsZeroOne() {
        float[][][] d = quadrants(64, 3);
        Sequential model = Sequential.of(dense(2, 8), tanh(), dense(8, 1), sigmoid()).initialize(3);
        History h = model.train().on(d[0], d[1]).loss(binaryCrossEntropy()).optimizer(adam(0.02f)).epochs(300).batchSize(16)
                .seed(3).quiet().run();
        return classified(h, model, d[0], d[1]);
    }

    private static Fixed tenClasses(boolean crossEntropy) {
        float[][][] d = blobsData(200, 4, 10, 10);
        Sequential model = Sequential.of(dense(10, 32), relu(), dense(32, 10), softmax()).initialize(4);
        History h = model.train().on(d[0], d[1]).loss(crossEntropy ? crossEntropy() : mse()).optimizer(sgd(0.1f)).epochs(100)
                .batchSize(32).seed(4).quiet().run();
        return classified(h, model, d[0], d[1]);
    }

    private static Fixed saturated(boolean large) {
        float[][][] d = blobsData(60, 5, 3, 4);
        Sequential model = large
                ? Sequential.of(dense(4, 16, normal(0, 10)), sigmoid(), dense(16, 3, normal(0, 10)), sigmoid()).initialize(5)
                : Sequential.of(dense(4, 16), sigmoid(), dense(16, 3), sigmoid()).initialize(5);
        History h = model.train().on(d[0], d[1]).loss(mse()).optimizer(sgd(0.5f)).epochs(100).batchSize(16).seed(5).quiet().run();
        return classified(h, model, d[0], d[1]);
    }

    private static Fixed deepRelu(boolean large) {
        float[][][] d = blobsData(60, 6, 3, 4);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            layers.add(large ? dense(i == 0 ? 4 : 32, 32, normal(0, 1)) : dense(i == 0 ? 4 : 32, 32));
            layers.add(relu());
        }
        layers.add(large ? dense(32, 3, normal(0, 1)) : dense(32, 3));
        layers.add(softmax());
        Sequential model = Sequential.of(layers.toArray(new Layer[0])).initialize(6);
        History h = model.train().on(d[0], d[1]).loss(crossEntropy()).optimizer(sgd(0.01f)).epochs(100).batchSize(16).seed(6)
                .quiet().run();
        return classified(h, model, d[0], d[1]);
    }

    private static Fixed tenLayers(boolean sigmoids) {
        float[][][] d = quadrants(64, 7);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            layers.add(dense(i == 0 ? 2 : 8, 8));
            layers.add(sigmoids ? sigmoid() : relu());
        }
        layers.add(dense(8, 1));
        layers.add(sigmoid());
        Sequential model = Sequential.of(layers.toArray(new Layer[0])).initialize(7);
        History h = model.train().on(d[0], d[1]).loss(binaryCrossEntropy()).optimizer(sigmoids ? sgd(0.1f) : adam(0.01f))
                .epochs(200).batchSize(16).seed(7).quiet().run();
        return classified(h, model, d[0], d[1]);
    }

    private static Fixed overfit(boolean earlyStopping) {
        float[][][] d = quadrants(30, 8);
        float[][][] v = quadrants(100, 1008);
        SplittableRandom r = new SplittableRandom(8);
        for (float[] row : d[1]) {
            if (r.nextDouble() < 0.3) {
                row[0] = 1 - row[0];
            }
        }
        Sequential model = Sequential.of(dense(2, 32), relu(), dense(32, 32), relu(), dense(32, 1), sigmoid()).initialize(8);
        var training = model.train().on(d[0], d[1]).validation(v[0], v[1]).loss(binaryCrossEntropy()).optimizer(adam(0.01f))
                .epochs(400).batchSize(30).seed(8).quiet();
        History h = (earlyStopping ? training.earlyStopping(10) : training).run();
        float validation = model.loss(v[0], v[1], binaryCrossEntropy());
        return new Fixed(h.findings(), h.stopReason().kind() == History.StopReason.Kind.EARLY_STOPPED, "validation loss "
                + f(validation) + " with the weights kept (" + h.stopReason() + ")");
    }

    /** XOR's quadrants, with the labels shuffled on their own (the bug) or with their rows. */
    private static Fixed shuffled(boolean together) {
        float[][][] d = quadrants(200, 9);
        if (!together) {
            SplittableRandom r = new SplittableRandom(9);
            for (int i = 199; i > 0; i--) {
                int j = r.nextInt(i + 1);
                float[] t = d[1][i];
                d[1][i] = d[1][j];
                d[1][j] = t;
            }
        }
        Sequential model = Sequential.of(dense(2, 8), tanh(), dense(8, 1), sigmoid()).initialize(9);
        History h = model.train().on(d[0], d[1]).loss(binaryCrossEntropy()).optimizer(adam(0.02f)).epochs(200).batchSize(32)
                .seed(9).quiet().run();
        return classified(h, model, d[0], d[1]);
    }

    // ---- data and scoring ---------------------------------------------------------------------------

    /** n points in [−1, 1]², labelled 1 where x1·x2 > 0 (XOR's quadrants). */
    static float[][][] quadrants(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][2];
        float[][] y = new float[n][1];
        for (int i = 0; i < n; i++) {
            x[i][0] = (float) (r.nextDouble() * 2 - 1);
            x[i][1] = (float) (r.nextDouble() * 2 - 1);
            y[i][0] = x[i][0] * x[i][1] > 0 ? 1 : 0;
        }
        return new float[][][] {x, y};
    }

    /** k Gaussian blobs in d dimensions (class c centred at 2 in feature c mod d), one-hot targets. */
    static float[][][] blobsData(int rows, long seed, int k, int d) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[rows][d];
        float[][] y = new float[rows][k];
        for (int i = 0; i < rows; i++) {
            int c = i % k;
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) ((j == c % d ? 2.0 : 0.0) + r.nextGaussian());
            }
            y[i][c] = 1;
        }
        return new float[][][] {x, y};
    }

    private static Fixed classified(History h, Sequential model, float[][] x, float[][] y) {
        int right = right(model, x, y);
        float accuracy = (float) right / x.length;
        return new Fixed(h.findings(), accuracy >= 0.9f, String.format(Locale.ROOT, "%d of %d rows right (%.0f%%), loss %s",
                right, x.length, 100 * accuracy, h.epochs().isEmpty() ? "not finite" : f(h.finalLoss())));
    }

    /** Rows classified right: the largest output matches the target's class, or one output is on the target's side of 0.5. */
    static int right(Sequential model, float[][] x, float[][] y) {
        float[][] p = model.predict(x);
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            right += y[i].length == 1 ? ((p[i][0] > 0.5f) == (y[i][0] > 0.5f) ? 1 : 0) : argmax(p[i]) == argmax(y[i]) ? 1 : 0;
        }
        return right;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int j = 1; j < v.length; j++) {
            if (v[j] > v[best]) {
                best = j;
            }
        }
        return best;
    }

    /** Each column's mean over the rows (what {@code normalization} centres on). */
    static float[] mean(float[][] x) {
        float[] m = new float[x[0].length];
        for (float[] row : x) {
            for (int j = 0; j < m.length; j++) {
                m[j] += row[j] / x.length;
            }
        }
        return m;
    }

    /** Each column's standard deviation over the rows (what {@code normalization} divides by). */
    static float[] deviation(float[][] x) {
        float[] m = mean(x);
        float[] s = new float[m.length];
        for (float[] row : x) {
            for (int j = 0; j < m.length; j++) {
                s[j] += (row[j] - m[j]) * (row[j] - m[j]) / x.length;
            }
        }
        for (int j = 0; j < s.length; j++) {
            s[j] = (float) Math.sqrt(s[j]);
        }
        return s;
    }

    private static String f(float v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
