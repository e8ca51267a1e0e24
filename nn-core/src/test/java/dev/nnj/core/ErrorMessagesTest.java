package dev.nnj.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.leakyRelu;
import static dev.nnj.core.Layers.normalization;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Losses.mse;
import static dev.nnj.core.Optimizers.adam;
import static dev.nnj.core.Optimizers.sgd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input is expected: each message names the thing, the numbers, and what to do. */
class ErrorMessagesTest {

    static final float[][] X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static final float[][] Y = {{0}, {1}, {1}, {0}};

    static void assertMessage(Class<? extends Throwable> type, Executable call, String... fragments) {
        Throwable e = assertThrows(type, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "missing '" + fragment + "' in: " + e.getMessage());
        }
    }

    @Test
    void mismatchedLayersNameBothLayersPositionsSizesAndTheFix() {
        assertMessage(IllegalArgumentException.class, () -> Sequential.of(dense(2, 3), sigmoid(), dense(4, 1)),
                "layer 2 dense(4 -> 1) takes 4 inputs", "layer 0 dense(2 -> 3) produces 3",
                "Use dense(3, 1) at position 2", "make layer 0 dense(2, 4)");
    }

    @Test
    void preprocessingOfTheWrongWidthIsCaughtWhenTheModelIsBuilt() {
        assertMessage(IllegalArgumentException.class,
                () -> Sequential.of(normalization(new float[3], new float[] {1, 1, 1}), dense(4, 1)),
                "layer 1 dense(4 -> 1) takes 4 inputs", "layer 0 normalization(3) produces 3");
    }

    @Test
    void aLayerUsedTwiceOrMissingIsRejected() {
        Layer shared = sigmoid();
        assertMessage(IllegalArgumentException.class, () -> Sequential.of(dense(2, 2), shared, dense(2, 2), shared),
                "layer 3 sigmoid is the same object", "call the factory again");
        assertMessage(IllegalArgumentException.class, () -> Sequential.of(dense(2, 2), null), "layer 1 is null");
        assertMessage(IllegalArgumentException.class, Sequential::of, "no layers given");
    }

    @Test
    void badHyperparametersFailInTheFactory() {
        assertMessage(IllegalArgumentException.class, () -> dense(0, 3), "dense(0, 3)", "at least 1");
        assertMessage(IllegalArgumentException.class, () -> sgd(-0.1f), "sgd", "learning rate", "-0.1");
        assertMessage(IllegalArgumentException.class, () -> sgd(Float.NaN), "sgd", "NaN");
        assertMessage(IllegalArgumentException.class, () -> sgd(0.1f, 1f), "momentum", "[0, 1)");
        assertMessage(IllegalArgumentException.class, () -> adam(0.01f, 0.9f, 1.5f, 1e-8f), "beta2", "1.5");
        assertMessage(IllegalArgumentException.class, () -> leakyRelu(-1f), "slope", "-1.0");
        assertMessage(IllegalArgumentException.class, () -> normalization(new float[] {0}, new float[] {0}),
                "column 0", "spread", "non-zero");
    }

    @Test
    void missingTrainingSettingsAreNamedBeforeAnyParameterChanges() {
        Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
        float[][] before = model.parameters().get(0).value().toArray();
        assertMessage(IllegalStateException.class, () -> model.train().on(X, Y).optimizer(sgd(0.1f)).epochs(5).run(),
                "no loss set", ".loss(binaryCrossEntropy())");
        assertMessage(IllegalStateException.class, () -> model.train().on(X, Y).loss(mse()).epochs(5).run(),
                "no optimizer set", ".optimizer(sgd(0.1f))");
        assertMessage(IllegalStateException.class, () -> model.train().on(X, Y).loss(mse()).optimizer(sgd(0.1f)).run(),
                "epochs is not set");
        assertMessage(IllegalStateException.class, () -> model.train().loss(mse()).optimizer(sgd(0.1f)).epochs(1).run(),
                "no data set");
        assertMessage(IllegalArgumentException.class, () -> model.train().epochs(0), "epochs", "at least 1", "0");
        assertMessage(IllegalArgumentException.class, () -> model.train().batchSize(-4), "batch size", "-4");
        // A bad target is found before the first update, so the weights are untouched.
        float[][] badTargets = {{0}, {1}, {2}, {0}};
        assertMessage(IllegalArgumentException.class,
                () -> model.train().on(X, badTargets).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(5).run(),
                "binaryCrossEntropy target at row 2, column 0 is 2.0", "[0, 1]", "crossEntropy() with one-hot");
        assertArrayEquals(before[0], model.parameters().get(0).value().toArray()[0]);
    }

    @Test
    void nonFiniteInputsAndTargetsNameRowAndColumn() {
        Sequential model = Sequential.of(dense(2, 1), sigmoid());
        float[][] nanInput = {{0, 0}, {0, Float.NaN}};
        assertMessage(IllegalArgumentException.class, () -> model.computeGradients(nanInput, new float[][] {{0}, {1}}, mse()),
                "input row 1, column 1 is NaN", "finite");
        assertMessage(IllegalArgumentException.class,
                () -> model.train().on(new float[][] {{Float.POSITIVE_INFINITY, 0}}, new float[][] {{1}}).loss(mse())
                        .optimizer(sgd(0.1f)).epochs(1).run(),
                "input row 0, column 0 is Infinity");
        assertMessage(IllegalArgumentException.class, () -> model.predict(new float[] {1, Float.NaN}),
                "row 0, column 1 is NaN");
        assertMessage(IllegalArgumentException.class,
                () -> model.loss(new float[][] {{0, 0}}, new float[][] {{Float.NaN}}, mse()), "target row 0, column 0 is NaN");
    }

    @Test
    void wrongWidthsAtPredictAndTrainingNameTheLayer() {
        Sequential model = Sequential.of(dense(2, 3), relu(), dense(3, 2), softmax());
        assertMessage(IllegalArgumentException.class, () -> model.predict(new float[] {1, 2, 3}),
                "rows have 3 values", "layer 0 dense(2 -> 3) takes 2");
        assertMessage(IllegalArgumentException.class, () -> model.loss(X, Y, crossEntropy()),
                "targets have 1 columns", "produce 2", "one-hot");
        assertMessage(IllegalArgumentException.class, () -> model.predict(new float[][] {{1, 2}, {3}}),
                "row 1 has 1 values, but row 0 has 2");
        assertMessage(IllegalArgumentException.class, () -> model.loss(X, new float[][] {{1, 0}}, crossEntropy()),
                "inputs have 4 rows but targets have 1");
    }

    @Test
    void lossesThatDoNotFitTheModelsEndingSaySo() {
        Sequential linear = Sequential.of(dense(2, 1));
        assertMessage(IllegalArgumentException.class, () -> linear.loss(X, Y, binaryCrossEntropy()),
                "binaryCrossEntropy needs probabilities", "dense(2 -> 1)", "sigmoid()");
        Sequential oneOutput = Sequential.of(dense(2, 1), sigmoid());
        assertMessage(IllegalArgumentException.class, () -> oneOutput.loss(X, Y, crossEntropy()),
                "crossEntropy needs one output per class", "binaryCrossEntropy()");
    }

    @Test
    void divergenceStopsTrainingWithTheCauseInsteadOfNaN() {
        float[][] x = {{10}, {20}, {30}, {40}};
        float[][] y = {{25}, {45}, {65}, {85}};
        Sequential model = Sequential.of(dense(1, 1));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> model.train().on(x, y).loss(mse()).optimizer(sgd(0.1f)).epochs(1_000).batchSize(4).quiet()
                        .failOnDivergence().run());
        assertTrue(e.getMessage().contains("in epoch " + e.epoch()), e.getMessage());
        assertTrue(e.getMessage().contains("not scaled") && e.getMessage().contains("standardize"), e.getMessage());
        assertTrue(e.epoch() > 1 && e.history().epochs().size() == e.epoch() - 1);

        // Without failOnDivergence the run ends with its History, which says why.
        Sequential again = Sequential.of(dense(1, 1));
        History h = again.train().on(x, y).loss(mse()).optimizer(sgd(0.1f)).epochs(1_000).batchSize(4).quiet().run();
        assertEquals(History.StopReason.Kind.DIVERGED, h.stopReason().kind());
        assertEquals(e.epoch() - 1, h.epochs().size());
        assertTrue(h.stopReason().message().contains("not scaled") && h.stopReason().message().contains("last with a finite loss"),
                h.stopReason().message());
        assertTrue(Float.isFinite(again.predict(new float[] {25})[0]), "the model keeps finite weights");
    }
}
