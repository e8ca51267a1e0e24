package dev.nnj.core;

import dev.nnj.core.spi.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.nnj.core.Layers.batchNorm;
import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.dropout;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Losses.mse;
import static dev.nnj.core.Losses.sparseCrossEntropy;
import static dev.nnj.core.Optimizers.adam;
import static dev.nnj.core.Optimizers.sgd;
import static dev.nnj.core.Schedules.cosine;
import static dev.nnj.core.Schedules.exponential;
import static dev.nnj.core.Schedules.reduceOnPlateau;
import static dev.nnj.core.Schedules.step;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingFeaturesTest {

    @TempDir
    Path dir;

    /** Three noisy Gaussian blobs in 4 dimensions, one-hot targets: a small classification task. */
    static float[][][] blobs(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[rows][4];
        float[][] y = new float[rows][3];
        for (int i = 0; i < rows; i++) {
            int k = i % 3;
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) ((j == k ? 2.0 : 0.0) + r.nextGaussian());
            }
            y[i][k] = 1;
        }
        return new float[][][] {x, y};
    }

    static Sequential classifier() {
        return Sequential.of(dense(4, 16), batchNorm(), relu(), dropout(0.2f), dense(16, 3), softmax()).initialize(7);
    }

    static float[][] weights(Sequential model) {
        List<Parameter> ps = model.parameters();
        float[][] all = new float[ps.size()][];
        for (int i = 0; i < ps.size(); i++) {
            all[i] = ps.get(i).value().data().clone();
        }
        return all;
    }

    static void assertSameWeights(Sequential a, Sequential b) {
        float[][] wa = weights(a);
        float[][] wb = weights(b);
        for (int i = 0; i < wa.length; i++) {
            assertArrayEquals(wa[i], wb[i], a.parameters().get(i).name());
        }
        for (int i = 0; i < a.layers().size(); i++) {
            List<Tensor> ta = ((Operation) a.layers().get(i)).tensors();
            List<Tensor> tb = ((Operation) b.layers().get(i)).tensors();
            for (int t = 0; t < ta.size(); t++) {
                assertArrayEquals(ta.get(t).value().data(), tb.get(t).value().data(), i + "." + ta.get(t).name());
            }
        }
    }

    @Test
    void schedulesSetTheRateOfEveryEpochAndTheHistoryRecordsIt() {
        float[][][] d = blobs(30, 1);
        Sequential model = Sequential.of(dense(4, 3), softmax());
        Training base = model.train().on(d[0], d[1]).loss(crossEntropy()).optimizer(sgd(0.1f)).epochs(6).quiet();
        float[] stepped = rates(base.schedule(step(2, 0.5f)).run());
        assertArrayEquals(new float[] {0.1f, 0.1f, 0.05f, 0.05f, 0.025f, 0.025f}, stepped, 1e-9f);
        float[] exp = rates(base.schedule(exponential(0.9f)).run());
        for (int e = 0; e < 6; e++) {
            assertEquals(0.1 * Math.pow(0.9, e), exp[e], 1e-8);
        }
        float[] cos = rates(base.schedule(cosine(6, 2)).run());
        assertEquals(0.1f / 3, cos[0], 1e-8);
        assertEquals(0.2f / 3, cos[1], 1e-8);
        assertEquals(0.1f, cos[2], 1e-8);
        for (int e = 2; e < 6; e++) {
            assertEquals(0.1 * 0.5 * (1 + Math.cos(Math.PI * (e - 2) / 4.0)), cos[e], 1e-7, "cosine epoch " + (e + 1));
        }
        float[] constant = rates(base.run());
        assertArrayEquals(new float[] {0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f}, constant);
    }

    @Test
    void reduceOnPlateauCutsTheRateWhenTheLossStalls() {
        // A learning rate far too small to move the loss: it stalls at once, and the rate drops every patience + 1 epochs.
        float[][][] d = blobs(30, 2);
        Sequential model = Sequential.of(dense(4, 3), softmax());
        History h = model.train().on(d[0], d[1]).loss(crossEntropy()).optimizer(sgd(1e-6f)).epochs(9)
                .schedule(reduceOnPlateau(2, 0.5f)).quiet().run();
        float[] r = rates(h);
        assertEquals(1e-6f, r[0]);
        assertTrue(r[8] < r[0] / 3, java.util.Arrays.toString(r));
        for (int e = 1; e < r.length; e++) {
            assertTrue(r[e] <= r[e - 1]);
        }
    }

    static float[] rates(History h) {
        float[] r = new float[h.epochs().size()];
        for (int e = 0; e < r.length; e++) {
            r[e] = h.epochs().get(e).learningRate();
        }
        return r;
    }

    /** Dropout: identity at prediction, and in training zeros a share of about rate and scales the rest by 1/(1 − rate). */
    @Test
    void dropoutIsInactiveInPredictAndScalesInTraining() {
        Sequential with = Sequential.of(dense(3, 5), relu(), dropout(0.5f), dense(5, 2)).initialize(3);
        Sequential without = Sequential.of(dense(3, 5), relu(), dense(5, 2));
        without.parameters().get(0).value().data();
        for (int p = 0; p < 4; p++) {
            System.arraycopy(with.parameters().get(p).value().data(), 0, without.parameters().get(p).value().data(), 0,
                    with.parameters().get(p).value().data().length);
        }
        float[][] x = {{1, -2, 0.5f}, {0.3f, 0.2f, -1}};
        assertArrayEquals(without.predict(x)[1], with.predict(x)[1]);

        Sequential drop = Sequential.of(dropout(0.3f));
        Workspace ws = new Workspace(drop, Kernels.active(), Workspace.Mode.TRAINING, null);
        int n = 100_000;
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        ws.reserve(1, n);
        ws.startRun(5, false);
        float[] out = ws.forward(ones, 1, 1);
        int zeros = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (out[i] == 0f) {
                zeros++;
            } else {
                assertEquals(1f / 0.7f, out[i]);
            }
            sum += out[i];
        }
        assertEquals(0.3, zeros / (double) n, 0.005, "share dropped");
        assertEquals(1.0, sum / n, 0.01, "the expected value is kept");
        ws.step(1);
        float[] next = ws.forward(ones, 1, 1).clone();
        ws.step(0);
        assertArrayEquals(out, ws.forward(ones, 1, 1), "a step's mask is a function of the seed and the step");
        assertNotEquals(java.util.Arrays.hashCode(out), java.util.Arrays.hashCode(next), "another step, another mask");
    }

    @Test
    void batchNormKeepsPyTorchsRunningStatisticsAndUsesThemToPredict() {
        Sequential model = Sequential.of(batchNorm(2), dense(2, 1));
        float[][] x = {{1, 2}, {3, -1}, {2, 0.5f}};
        model.train().on(x, new float[][] {{0}, {1}, {0}}).loss(mse()).optimizer(sgd(1e-9f)).epochs(1).batchSize(3).quiet().run();
        BatchNorm norm = (BatchNorm) model.layers().get(0);
        // torch.nn.BatchNorm1d(2) after one training pass over these rows: running_mean [0.2, 0.05], running_var [1.0, 1.125].
        assertArrayEquals(new float[] {0.2f, 0.05f}, norm.tensors().get(2).value().data(), 1e-7f);
        assertArrayEquals(new float[] {1.0f, 1.125f}, norm.tensors().get(3).value().data(), 1e-7f);
        // At prediction the running statistics normalise: (x − mean) / sqrt(var + 1e-5) · γ + β, then the dense layer.
        Matrix w = model.parameters().get(2).value();
        float gamma0 = model.parameters().get(0).value().get(0, 0);
        float gamma1 = model.parameters().get(0).value().get(0, 1);
        float beta0 = model.parameters().get(1).value().get(0, 0);
        float beta1 = model.parameters().get(1).value().get(0, 1);
        double h0 = (3 - 0.2) / Math.sqrt(1.0 + 1e-5) * gamma0 + beta0;
        double h1 = (-1 - 0.05) / Math.sqrt(1.125 + 1e-5) * gamma1 + beta1;
        double expected = h0 * w.get(0, 0) + h1 * w.get(1, 0) + model.parameters().get(3).value().get(0, 0);
        assertEquals(expected, model.predict(new float[] {3, -1})[0], 1e-5);
    }

    /** Early stopping ends the run and puts back, bit for bit, the weights of the epoch with the best validation loss. */
    @Test
    void earlyStoppingRestoresTheBestEpochsWeightsBitForBit() {
        float[][][] train = blobs(60, 3);
        float[][][] held = blobs(30, 4);
        Sequential model = Sequential.of(dense(4, 32), relu(), dense(32, 3), softmax()).initialize(1);
        List<float[][]> afterEpoch = new ArrayList<>();
        // A rate high enough to overfit these few rows quickly, so the validation loss turns up.
        History h = model.train().on(train[0], train[1]).validation(held[0], held[1]).loss(crossEntropy())
                .optimizer(adam(0.05f)).epochs(300).batchSize(8).earlyStopping(5).quiet()
                .callback((epoch, run) -> afterEpoch.add(weights(run.model()))).run();
        History.StopReason stop = h.stopReason();
        assertEquals(History.StopReason.Kind.EARLY_STOPPED, stop.kind(), stop.message());
        int best = 1;
        for (int e = 1; e <= h.epochs().size(); e++) {
            if (h.epochs().get(e - 1).validationLoss() < h.epochs().get(best - 1).validationLoss()) {
                best = e;
            }
        }
        assertEquals(best, stop.restoredEpoch());
        assertEquals(best + 5, stop.epoch(), "stops after 5 epochs without improvement");
        float[][] kept = weights(model);
        for (int p = 0; p < kept.length; p++) {
            assertArrayEquals(afterEpoch.get(best - 1)[p], kept[p], "parameter " + p);
        }
        assertTrue(stop.message().contains("kept the weights of epoch " + best), stop.message());
    }

    /**
     * A run interrupted at epoch 6 and resumed from its checkpoint into a freshly built model ends
     * bit for bit where the same run uninterrupted ends: weights, batch norm's running statistics,
     * Adam's moments, the schedule, dropout masks, batch order and history.
     */
    @Test
    void aResumedRunEndsBitwiseWhereAnUninterruptedOneDoes() {
        float[][][] d = blobs(90, 5);
        Training plan = classifier().train().on(d[0], d[1]).validationSplit(0.2).loss(crossEntropy()).optimizer(adam(0.01f))
                .schedule(cosine(12, 2)).epochs(12).batchSize(16).seed(3).earlyStopping(50).quiet();
        Sequential whole = classifier();
        History full = whole.train().on(d[0], d[1]).validationSplit(0.2).loss(crossEntropy()).optimizer(adam(0.01f))
                .schedule(cosine(12, 2)).epochs(12).batchSize(16).seed(3).earlyStopping(50).quiet().run();

        Path file = dir.resolve("run.ckpt");
        Sequential first = classifier();
        History part = first.train().on(d[0], d[1]).validationSplit(0.2).loss(crossEntropy()).optimizer(adam(0.01f))
                .schedule(cosine(12, 2)).epochs(12).batchSize(16).seed(3).earlyStopping(50).quiet()
                .checkpoint(file, 3).callback((epoch, run) -> {
                    if (epoch.number() == 6) {
                        run.stop("interrupted");
                    }
                }).run();
        assertEquals(History.StopReason.Kind.STOPPED_BY_CALLBACK, part.stopReason().kind());
        assertTrue(part.stopReason().message().contains("interrupted"));

        Sequential resumed = Sequential.of(dense(4, 16), batchNorm(), relu(), dropout(0.2f), dense(16, 3), softmax()).initialize(99);
        History rest = resumed.train().on(d[0], d[1]).validationSplit(0.2).loss(crossEntropy()).optimizer(adam(0.01f))
                .schedule(cosine(12, 2)).epochs(12).batchSize(16).seed(3).earlyStopping(50).quiet().resumeFrom(file).run();
        assertSameWeights(whole, resumed);
        assertEquals(full.epochs(), rest.epochs().subList(0, 12).stream()
                .map(e -> new History.Epoch(e.number(), e.loss(), e.accuracy(), e.validationLoss(), e.validationAccuracy(),
                        e.learningRate(), full.epochs().get(e.number() - 1).seconds())).toList());
        assertEquals(full.stopReason().restoredEpoch(), rest.stopReason().restoredEpoch());
        assertTrue(plan.toString().contains("adam"));
        // The checkpoint is also a model file.
        assertEquals(resumed.toString(), Sequential.load(file).toString());
    }

    @Test
    void aCheckpointOfAnotherRunOrModelIsRefusedNamingTheDifference() {
        float[][][] d = blobs(30, 6);
        Path file = dir.resolve("run.ckpt");
        classifier().train().on(d[0], d[1]).loss(crossEntropy()).optimizer(adam(0.01f)).epochs(2).quiet().checkpoint(file, 1).run();
        IllegalArgumentException seed = assertThrows(IllegalArgumentException.class, () -> classifier().train().on(d[0], d[1])
                .loss(crossEntropy()).optimizer(adam(0.01f)).epochs(4).seed(9).quiet().resumeFrom(file).run());
        assertTrue(seed.getMessage().contains("seed 0") && seed.getMessage().contains("seed 9"), seed.getMessage());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> Sequential.of(dense(4, 3), softmax())
                .train().on(d[0], d[1]).loss(crossEntropy()).optimizer(adam(0.01f)).epochs(4).quiet().resumeFrom(file).run());
        assertTrue(other.getMessage().contains("another model"), other.getMessage());
        Path model = dir.resolve("model.nnj");
        classifier().save(model);
        IllegalArgumentException notACheckpoint = assertThrows(IllegalArgumentException.class, () -> classifier().train()
                .on(d[0], d[1]).loss(crossEntropy()).optimizer(adam(0.01f)).epochs(4).quiet().resumeFrom(model).run());
        assertTrue(notACheckpoint.getMessage().contains("not a checkpoint"), notACheckpoint.getMessage());
    }

    /** Same seed, data and kernels: identical weights, with dropout, shuffling and a validation split. */
    @Test
    void twoIdenticalSeededRunsGiveIdenticalWeights() {
        float[][][] d = blobs(90, 7);
        Sequential a = classifier();
        Sequential b = classifier();
        for (Sequential m : new Sequential[] {a, b}) {
            m.train().on(d[0], d[1]).validationSplit(0.25).loss(crossEntropy()).optimizer(adam(0.01f)).epochs(15).batchSize(8)
                    .seed(11).quiet().run();
        }
        assertSameWeights(a, b);
        Sequential c = classifier();
        c.train().on(d[0], d[1]).validationSplit(0.25).loss(crossEntropy()).optimizer(adam(0.01f)).epochs(15).batchSize(8)
                .seed(12).quiet().run();
        assertNotEquals(weights(a)[0][0], weights(c)[0][0], "another seed, another run");
    }

    @Test
    void evaluateCountsTheConfusionMatrixAndScoresByHand() {
        // A fixed linear model: class = argmax of (x0, x1, x2).
        Sequential model = Sequential.of(dense(3, 3), softmax());
        Matrix w = model.parameters().get(0).value();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                w.set(i, j, i == j ? 5f : 0f);
            }
        }
        float[][] x = {{1, 0, 0}, {1, 0, 0}, {0, 1, 0}, {1, 0, 0}, {0, 0, 1}, {0, 1, 0}, {0, 0, 1}};
        float[][] y = {{1, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 1, 0}, {0, 0, 1}, {0, 0, 1}, {0, 0, 1}};
        Evaluation e = model.evaluate(Dataset.of(x, y));
        assertArrayEquals(new int[] {2, 0, 0}, e.confusionMatrix()[0]);
        assertArrayEquals(new int[] {1, 1, 0}, e.confusionMatrix()[1], "the class-1 row predicted as 0");
        assertArrayEquals(new int[] {0, 1, 2}, e.confusionMatrix()[2]);
        assertEquals(5f / 7, e.accuracy(), 1e-7);
        assertEquals(2f / 3, e.precision(0), 1e-7);
        assertEquals(1f, e.recall(0), 1e-7);
        assertEquals(0.5f, e.precision(1), 1e-7);
        assertEquals(0.5f, e.recall(1), 1e-7);
        assertEquals(2 * (2f / 3) / (2f / 3 + 1), e.f1(0), 1e-6);
        assertEquals(model.loss(x, y, crossEntropy()), e.loss(), 1e-6);
        assertTrue(e.toString().contains("confusion matrix") && e.toString().contains("precision"), e.toString());

        Sequential line = Sequential.of(dense(1, 1));
        line.parameters().get(0).value().set(0, 0, 2f);
        line.parameters().get(1).value().set(0, 0, 1f);
        float[][] xs = {{0}, {1}, {2}, {3}};
        float[][] ys = {{1.5f}, {2.5f}, {5.5f}, {7}};   // predictions 1, 3, 5, 7: errors −0.5, 0.5, −0.5, 0
        Evaluation r = line.evaluate(xs, ys, mse());
        assertEquals(0.1875f, r.mse(), 1e-6);
        assertEquals(0.375f, r.mae(), 1e-6);
        double mean = (1.5 + 2.5 + 5.5 + 7) / 4;
        double total = Math.pow(1.5 - mean, 2) + Math.pow(2.5 - mean, 2) + Math.pow(5.5 - mean, 2) + Math.pow(7 - mean, 2);
        assertEquals(1 - 0.75 / total, r.r2(), 1e-5);
        assertTrue(Float.isNaN(r.accuracy()));
        assertThrows(IllegalStateException.class, r::confusionMatrix);
    }

    @Test
    void sparseTargetsAreCrossEntropyOnOneHotRowsAndClassWeightsArePyTorchs() {
        float[][] logitsRows = {{0.2f, -1.0f, 0.5f}, {1.5f, 0.3f, -0.2f}, {-0.4f, 0.9f, 0.1f}, {0.0f, 0.0f, 2.0f}};
        float[][] oneHot = {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        float[][] indices = {{2}, {0}, {1}, {2}};
        // identity() before softmax makes the logits the model's input.
        Sequential model = Sequential.of(Layers.identity(), softmax());
        assertEquals(model.loss(logitsRows, oneHot, crossEntropy()), model.loss(logitsRows, indices, sparseCrossEntropy()));
        // torch.nn.functional.cross_entropy(z, y, weight=[1, 3, 0.5]): 0.496425241 with class indices, 0.620531559 with one-hot rows.
        assertEquals(0.496425241f, model.loss(logitsRows, indices, sparseCrossEntropy(1f, 3f, 0.5f)), 2e-7f);
        assertEquals(0.620531559f, model.loss(logitsRows, oneHot, crossEntropy(1f, 3f, 0.5f)), 2e-7f);
        Sequential trainable = Sequential.of(dense(3, 3), softmax());
        Matrix identity = trainable.parameters().get(0).value();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                identity.set(i, j, i == j ? 1f : 0f);
            }
        }
        float sparse = trainable.computeGradients(logitsRows, indices, sparseCrossEntropy(1f, 3f, 0.5f));
        float[][] g = trainable.parameters().get(1).gradient().toArray();
        // The bias gradient is the column sums of torch's logit gradients.
        assertEquals(0.0377208591 - 0.0652179942 + 0.094966501 + 0.0106507, g[0][0], 1e-6);
        assertEquals(0.0113613065 + 0.0405955575 - 0.251539797 + 0.0106507, g[0][1], 1e-6);
        assertTrue(sparse > 0);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> trainable.loss(logitsRows, new float[][] {{2}, {0}, {1.5f}, {3}}, sparseCrossEntropy()));
        assertTrue(bad.getMessage().contains("row 2 is 1.5") && bad.getMessage().contains("0 to 2"), bad.getMessage());
        IllegalArgumentException weights = assertThrows(IllegalArgumentException.class,
                () -> trainable.loss(logitsRows, indices, sparseCrossEntropy(1f, 2f)));
        assertTrue(weights.getMessage().contains("2 class weights for a model with 3 outputs"), weights.getMessage());
    }

    @Test
    void trainingRecordsAccuracyAndValidationAndACallbackCanStopTheRun() {
        float[][][] train = blobs(60, 8);
        float[][][] held = blobs(30, 9);
        Sequential model = Sequential.of(dense(4, 8), relu(), dense(8, 3), softmax());
        History h = model.train().on(train[0], train[1]).validation(Dataset.of(held[0], held[1])).loss(crossEntropy())
                .optimizer(adam(0.05f)).epochs(100).quiet()
                .callback((epoch, run) -> {
                    if (epoch.validationAccuracy() >= 0.9f) {
                        run.stop("validation accuracy " + epoch.validationAccuracy());
                    }
                }).run();
        History.Epoch last = h.epochs().get(h.epochs().size() - 1);
        assertTrue(last.validationAccuracy() >= 0.9f && h.epochs().size() < 100, h.toString());
        assertEquals(History.StopReason.Kind.STOPPED_BY_CALLBACK, h.stopReason().kind());
        assertEquals(model.evaluate(Dataset.of(held[0], held[1])).accuracy(), last.validationAccuracy(), 1e-6);
        assertEquals(model.loss(held[0], held[1], crossEntropy()), last.validationLoss(), 1e-5);
        assertTrue(last.accuracy() > 0.5f && !Float.isNaN(last.accuracy()));
        History regression = Sequential.of(dense(4, 1)).train().on(train[0], new float[60][1]).loss(mse()).optimizer(sgd(0.01f))
                .epochs(2).quiet().run();
        assertTrue(Float.isNaN(regression.epochs().get(0).accuracy()) && Float.isNaN(regression.epochs().get(0).validationLoss()));
    }

    @Test
    void progressLinesGoWhereAskedAndQuietRunsPrintNothing() {
        float[][][] d = blobs(30, 10);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Sequential model = Sequential.of(dense(4, 3), softmax());
        model.train().on(d[0], d[1]).validationSplit(0.2).loss(crossEntropy()).optimizer(adam(0.01f)).epochs(3).progress(out).run();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(3, text.lines().count(), text);
        assertTrue(text.lines().allMatch(l -> l.matches("epoch \\d/3  \\d+\\.\\ds  loss \\d\\.\\d{6}  accuracy \\d\\.\\d{4}"
                + "  val_loss \\d\\.\\d{6}  val_accuracy \\d\\.\\d{4}  lr 0\\.0100")), text);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            model.train().on(d[0], d[1]).loss(crossEntropy()).optimizer(adam(0.01f)).epochs(3).run();   // a quick run: silent
            model.train().on(d[0], d[1]).loss(crossEntropy()).optimizer(adam(0.01f)).epochs(3).quiet().run();
        } finally {
            System.setOut(original);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void summaryListsLayersShapesAndCounts() {
        String s = Sequential.of(Layers.normalization(new float[] {0, 0}, new float[] {1, 1}), dense(2, 8), batchNorm(), relu(),
                dropout(0.1f), dense(8, 1), sigmoid()).summary();
        assertTrue(s.contains("dense(2 -> 8)") && s.contains("batchNorm(8)") && s.contains("dropout(0.1)"), s);
        // 2·8 + 8 + 8 + 8 + 8·1 + 1 trainable; 2 + 2 normalisation and 8 + 8 running statistics fixed.
        assertTrue(s.contains("trainable parameters: 49; fixed values: 20; input width: 2"), s);
    }
}
