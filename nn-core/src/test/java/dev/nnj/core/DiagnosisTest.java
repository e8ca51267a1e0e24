package dev.nnj.core;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.nnj.core.Initializers.zeros;
import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Layers.tanh;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Losses.mse;
import static dev.nnj.core.Optimizers.adam;
import static dev.nnj.core.Optimizers.sgd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the diagnosis reports, how it reports it, and that it never changes what it looks at. */
class DiagnosisTest {

    static final float[][] X = BrokenSetups.XOR_X;
    static final float[][] Y = BrokenSetups.XOR_Y;

    final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    String printed() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    static Finding only(List<Finding> findings) {
        assertEquals(1, findings.size(), findings.toString());
        return findings.get(0);
    }

    static float[][] weights(Sequential model) {
        return TrainingFeaturesTest.weights(model);
    }

    // ---- Finding ----------------------------------------------------------------------------------

    @Test
    void aFindingsMessageHasTheKindTheLayerAndEveryPart() {
        Finding f = new Finding(Finding.Kind.DEAD_RELU, 1, "the loss stays at 1.0986", "16 of 16 units output 0",
                "no gradient passes a dead relu", "start the biases at 0");
        String m = f.message();
        assertTrue(m.startsWith("nnj diagnosis: DEAD_RELU (layer 1)"), m);
        for (String part : new String[] {"symptom:  the loss stays", "evidence: 16 of 16", "cause:    no gradient", "try:      start"}) {
            assertTrue(m.contains(part), part + " in " + m);
        }
        assertEquals(m, f.toString());
        assertTrue(new Finding(Finding.Kind.OVERFITTING, -1, "s", "e", "c", "a").message().startsWith("nnj diagnosis: OVERFITTING"
                + System.lineSeparator()), "no layer for the model as a whole");
        assertThrows(IllegalArgumentException.class, () -> new Finding(Finding.Kind.NOT_LEARNING, -2, "s", "e", "c", "a"));
        assertThrows(NullPointerException.class, () -> new Finding(Finding.Kind.NOT_LEARNING, 0, "s", null, "c", "a"));
    }

    // ---- during a run -------------------------------------------------------------------------------

    @Test
    void aHealthyRunHasNoFindingsAndPrintsNone() {
        Sequential model = Sequential.of(dense(2, 4), tanh(), dense(4, 1), sigmoid()).initialize(3);
        History h = model.train().on(X, Y).loss(binaryCrossEntropy()).optimizer(adam(0.05f)).epochs(500).batchSize(4)
                .progress(out).run();
        assertTrue(h.findings().isEmpty(), h.findings().toString());
        assertTrue(printed().contains("epoch 500/500") && !printed().contains("nnj diagnosis"), printed());
    }

    @Test
    void aFindingIsPrintedOnceAndKeptInTheHistory() {
        Sequential model = Sequential.of(dense(2, 8, zeros()), sigmoid(), dense(8, 1, zeros()), sigmoid());
        History h = model.train().on(X, Y).loss(binaryCrossEntropy()).optimizer(sgd(0.5f)).epochs(300).batchSize(4)
                .progress(out).run();
        Finding f = only(h.findings());
        assertEquals(Finding.Kind.SYMMETRIC_WEIGHTS, f.kind());
        assertEquals(0, f.layer());
        assertTrue(f.evidence().contains("all 8 units") && f.evidence().contains("every weight is 0"), f.evidence());
        assertEquals(1, count(printed(), "nnj diagnosis:"), printed());
        assertTrue(printed().indexOf("nnj diagnosis") < printed().indexOf("epoch 1/300"), "found before the first epoch");

        ByteArrayOutputStream silent = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        History quiet;
        try {
            System.setOut(new PrintStream(silent, true, StandardCharsets.UTF_8));
            quiet = model.initialize(0).train().on(X, Y).loss(binaryCrossEntropy()).optimizer(sgd(0.5f)).epochs(10).batchSize(4)
                    .quiet().run();
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, silent.size(), "quiet() prints nothing");
        assertEquals(Finding.Kind.SYMMETRIC_WEIGHTS, only(quiet.findings()).kind(), "and still records it");
    }

    @Test
    void diagnosisOffRecordsNothingAndLetsALargeLossRun() {
        float[][][] d = BrokenSetups.blobs(60, 1, 3, 4);
        Sequential model = Sequential.of(dense(4, 16), relu(), dense(16, 3), softmax()).initialize(1);
        History off = model.train().on(d[0], d[1]).loss(crossEntropy()).optimizer(sgd(10f)).epochs(20).batchSize(16).seed(1)
                .diagnosis(false).quiet().run();
        assertTrue(off.findings().isEmpty());
        assertEquals(20, off.epochs().size(), "off, only NaN stops a run: " + off.stopReason());

        Sequential zero = Sequential.of(dense(2, 8, zeros()), sigmoid(), dense(8, 1, zeros()), sigmoid());
        assertTrue(zero.train().on(X, Y).loss(binaryCrossEntropy()).optimizer(sgd(0.5f)).epochs(10).batchSize(4)
                .diagnosis(false).quiet().run().findings().isEmpty());
    }

    @Test
    void anExplodingLossStopsTheRunKeepsFiniteWeightsAndSuggestsALowerRate() {
        float[][][] d = BrokenSetups.blobs(60, 1, 3, 4);
        Sequential model = Sequential.of(dense(4, 16), relu(), dense(16, 3), softmax()).initialize(1);
        float[][] before = weights(model);
        History h = model.train().on(d[0], d[1]).loss(crossEntropy()).optimizer(sgd(10f)).epochs(100).batchSize(16).seed(1)
                .quiet().run();
        assertEquals(History.StopReason.Kind.DIVERGED, h.stopReason().kind());
        assertTrue(h.stopReason().message().contains("rose to") && h.stopReason().message().contains("times its starting level"),
                h.stopReason().message());
        float[][] after = weights(model);
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(before[i], after[i], "exploded in epoch 1: the weights from before the run are back");
        }
        Finding f = only(h.findings());
        assertEquals(Finding.Kind.DIVERGING, f.kind());
        assertTrue(f.symptom().contains("rose to") && f.symptom().contains("keeps its weights from before the run"), f.symptom());
        assertTrue(f.evidence().contains("10 → ") && f.evidence().contains("(the run's rate)"), f.evidence());
        assertTrue(f.advice().matches(".*lower the learning rate to [0-9.]+: \\.optimizer\\(sgd\\([0-9.]+f\\)\\).*"), f.advice());

        Sequential again = Sequential.of(dense(4, 16), relu(), dense(16, 3), softmax()).initialize(1);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> again.train().on(d[0], d[1])
                .loss(crossEntropy()).optimizer(sgd(10f)).epochs(100).batchSize(16).seed(1).quiet().failOnDivergence().run());
        assertEquals(Finding.Kind.DIVERGING, only(e.history().findings()).kind(), "the exception's History has the finding");
    }

    @Test
    void aNonFiniteLossNamesTheStepAndWhereItAppeared() {
        float[][][] d = BrokenSetups.quadrants(32, 1, 1, 0);
        float[][] y = new float[32][1];
        for (int i = 0; i < 32; i++) {
            y[i][0] = 1e20f * (d[0][i][0] + 2);
        }
        Sequential model = Sequential.of(dense(2, 8), tanh(), dense(8, 1)).initialize(1);
        History h = model.train().on(d[0], y).loss(mse()).optimizer(sgd(0.1f)).epochs(10).batchSize(8).quiet().run();
        Finding f = only(h.findings());
        assertEquals(Finding.Kind.NON_FINITE, f.kind());
        assertTrue(f.symptom().contains("at step 1 (epoch 1) the loss became Infinity"), f.symptom());
        assertTrue(f.evidence().contains("before any update") && f.evidence().contains("target row"), f.evidence());
        for (float[] w : weights(model)) {
            for (float v : w) {
                assertTrue(Float.isFinite(v), "no NaN is left in the model");
            }
        }
    }

    @Test
    void identicalAndImpossibleSetupsAreReportedBeforeTraining() {
        Sequential oneSoftmax = Sequential.of(dense(2, 1), softmax());
        Finding f = only(oneSoftmax.train().on(X, Y).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(5).quiet().run()
                .findings());
        assertEquals(Finding.Kind.LOSS_MISMATCH, f.kind());
        assertTrue(f.evidence().contains("softmax over a single output"), f.evidence());

        float[][] classes = {{0}, {1}, {2}, {1}};
        Sequential oneSigmoid = Sequential.of(dense(2, 4), tanh(), dense(4, 1), sigmoid());
        Finding g = only(oneSigmoid.train().on(X, classes).loss(mse()).optimizer(sgd(0.1f)).epochs(5).quiet().run().findings());
        assertEquals(Finding.Kind.LOSS_MISMATCH, g.kind());
        assertTrue(g.evidence().contains("target row 2, column 0 is 2.0") && g.advice().contains("sparseCrossEntropy"), g.message());
    }

    @Test
    void theSameRunGivesTheSameFindings() {
        float[][][] d = BrokenSetups.blobs(60, 2, 3, 4);
        String[] messages = new String[2];
        for (int i = 0; i < 2; i++) {
            Sequential model = Sequential.of(dense(4, 16), relu(), dense(16, 3), softmax()).initialize(2);
            messages[i] = only(model.train().on(d[0], d[1]).loss(crossEntropy()).optimizer(sgd(1e-7f)).epochs(100).batchSize(16)
                    .seed(2).quiet().run().findings()).message();
        }
        assertEquals(messages[0], messages[1]);
        assertTrue(messages[0].contains("LEARNING_RATE_TOO_SMALL") && messages[0].contains("raise the learning rate"), messages[0]);
    }

    @Test
    void overfittingNeedsValidationDataAndIsSilentWhenEarlyStoppingKeptTheBest() {
        float[][][] d = BrokenSetups.quadrants(30, 1, 1, 0);
        float[][][] v = BrokenSetups.quadrants(100, 1001, 1, 0);
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (float[] row : d[1]) {
            if (r.nextDouble() < 0.3) {
                row[0] = 1 - row[0];
            }
        }
        Training base = Sequential.of(dense(2, 32), relu(), dense(32, 32), relu(), dense(32, 1), sigmoid()).initialize(1).train()
                .on(d[0], d[1]).loss(binaryCrossEntropy()).optimizer(adam(0.01f)).epochs(400).batchSize(30).seed(1).quiet();
        Finding f = only(base.validation(v[0], v[1]).run().findings());
        assertEquals(Finding.Kind.OVERFITTING, f.kind());
        assertTrue(f.symptom().contains("validation loss rose") && f.advice().contains("earlyStopping"), f.message());
        assertTrue(base.run().findings().isEmpty(), "no validation data, no verdict on generalisation");
        assertTrue(base.validation(v[0], v[1]).earlyStopping(10).run().findings().isEmpty(), "the best epoch was kept");
    }

    // ---- on demand -----------------------------------------------------------------------------------

    @Test
    void diagnoseReportsLabelsTheLossCannotTakeWhereTrainingRefusesThem() {
        float[][] labels = {{1}, {2}, {2}, {1}};
        Sequential model = Sequential.of(dense(2, 4), tanh(), dense(4, 1), sigmoid());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> model.train().on(X, labels).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(5).run());
        assertTrue(refused.getMessage().contains("targets must be in [0, 1]"), refused.getMessage());
        Finding f = only(model.diagnose(Dataset.of(X, labels), binaryCrossEntropy()));
        assertEquals(Finding.Kind.LOSS_MISMATCH, f.kind());
        assertEquals(3, f.layer(), "the last layer");
        assertTrue(f.evidence().contains("row 1, column 0 is 2.0") && f.advice().contains("labels 0 and 1")
                && f.advice().contains("subtract 1"), f.message());
    }

    @Test
    void diagnoseFindsNothingWrongWithAHealthyModelAndLeavesItUnchanged() {
        Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid()).initialize(2);
        float[][] before = weights(model);
        assertTrue(model.diagnose(X, Y, binaryCrossEntropy()).isEmpty());
        model.train().on(X, Y).loss(binaryCrossEntropy()).optimizer(adam(0.05f)).epochs(300).batchSize(4).quiet().run();
        assertTrue(model.diagnose(X, Y, binaryCrossEntropy()).isEmpty(), "trained, still nothing");
        Sequential fresh = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid()).initialize(2);
        fresh.diagnose(X, Y, binaryCrossEntropy());
        float[][] after = weights(fresh);
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(before[i], after[i]);
        }
    }

    @Test
    void diagnoseNamesDeadLayersNaNDataAndModelsWithoutAHiddenLayerOnXor() {
        float[][][] d = BrokenSetups.blobs(60, 1, 3, 4);
        Sequential dead = Sequential.of(dense(4, 16), relu(), dense(16, 3), softmax()).initialize(1);
        java.util.Arrays.fill(dead.parameters().get(1).value().data(), -10f);
        Finding f = only(dead.diagnose(d[0], d[1], crossEntropy()));
        assertEquals(Finding.Kind.DEAD_RELU, f.kind());
        assertEquals(1, f.layer());
        assertTrue(f.evidence().contains("16 of 16 units of layer 1 relu output 0") && f.evidence().contains("average -10"),
                f.evidence());

        float[][] nan = {{0, 0}, {0, Float.NaN}, {1, 0}, {1, 1}};
        Finding g = only(Sequential.of(dense(2, 2), tanh(), dense(2, 1), sigmoid()).diagnose(nan, Y, binaryCrossEntropy()));
        assertEquals(Finding.Kind.NON_FINITE, g.kind());
        assertTrue(g.evidence().contains("input row 1, column 1 is NaN"), g.evidence());

        Finding h = only(Sequential.of(dense(2, 1), sigmoid()).diagnose(X, Y, binaryCrossEntropy()));
        assertEquals(Finding.Kind.NOT_SEPARABLE, h.kind());
        assertTrue(h.advice().contains("add a hidden layer"), h.advice());

        assertThrows(IllegalArgumentException.class, () -> dead.diagnose(X, Y, crossEntropy()), "sizes that do not fit still throw");
        assertThrows(IllegalArgumentException.class, () -> dead.diagnose((Dataset) null, crossEntropy()));
        assertThrows(IllegalArgumentException.class, () -> dead.diagnose(d[0], d[1], null));
    }

    // ---- the learning-rate finder -----------------------------------------------------------------------

    @Test
    void findLearningRateSuggestsARateThatTrainsAndLeavesTheModelAsItWas() {
        float[][][] d = BrokenSetups.blobs(200, 3, 3, 4);
        Sequential model = Sequential.of(dense(4, 16), relu(), dense(16, 3), softmax()).initialize(3);
        float[][] before = weights(model);
        LearningRateCurve curve = model.findLearningRate(Dataset.of(d[0], d[1]), crossEntropy(), sgd(0.01f));
        float[][] after = weights(model);
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(before[i], after[i], "the test runs on a copy");
        }
        float[] rates = curve.rates();
        float[] losses = curve.losses();
        assertEquals(rates.length, losses.length);
        assertTrue(rates.length > 20 && rates.length <= 100, rates.length + " steps");
        assertEquals(1e-7f, rates[0], 1e-12f);
        for (int i = 1; i < rates.length; i++) {
            assertEquals(rates[i] / rates[i - 1], rates[1] / rates[0], 1e-3f, "geometric");
        }
        float suggested = curve.suggested();
        assertTrue(suggested >= 1e-3f && suggested <= 1f, curve.toString());
        assertEquals(curve.lowestAt() / 10f, suggested, 1e-6f);
        assertTrue(curve.advice().contains(".optimizer(sgd("), curve.advice());
        History h = model.train().on(d[0], d[1]).loss(crossEntropy()).optimizer(sgd(suggested)).epochs(50).batchSize(32).quiet().run();
        assertTrue(BrokenSetups.accuracy(model, d[0], d[1]) > 0.85f, "trains at the suggested rate: " + h);
        assertTrue(h.findings().isEmpty(), h.findings().toString());
    }

    @Test
    void findLearningRateSaysSoWhenNoRateHelps() {
        float[][][] d = BrokenSetups.blobs(60, 1, 3, 4);
        Sequential dead = Sequential.of(dense(4, 16), relu(), dense(16, 3), softmax()).initialize(1);
        java.util.Arrays.fill(dead.parameters().get(1).value().data(), -10f);
        java.util.Arrays.fill(dead.parameters().get(2).value().data(), 0f);
        LearningRateCurve curve = dead.findLearningRate(d[0], d[1], crossEntropy(), adam(0.01f));
        assertTrue(Float.isNaN(curve.suggested()), curve.toString());
        assertTrue(curve.advice().contains("not the learning rate"), curve.advice());
        assertThrows(IllegalArgumentException.class, () -> dead.findLearningRate(d[0], d[1], crossEntropy(), null));
    }

    @Test
    void theCurveIsAValueThatKeepsItsArrays() {
        float[] rates = {1e-3f, 1e-2f};
        LearningRateCurve curve = new LearningRateCurve(rates, new float[] {2f, 1f}, 1e-3f, "suggests 0.001");
        rates[0] = 5f;
        curve.rates()[1] = 7f;
        assertEquals(1e-3f, curve.rates()[0]);
        assertEquals(1e-2f, curve.rates()[1]);
        assertEquals(curve, new LearningRateCurve(new float[] {1e-3f, 1e-2f}, new float[] {2f, 1f}, 1e-3f, "suggests 0.001"));
        assertEquals(1e-2f, curve.lowestAt());
        assertThrows(IllegalArgumentException.class, () -> new LearningRateCurve(new float[1], new float[2], 0f, "x"));
    }
}
