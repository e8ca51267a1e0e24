package dev.nnj.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.nnj.core.Layers.dense;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingDslTest {

    static final float[][] X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static final float[][] Y = {{0}, {1}, {1}, {0}};

    static Sequential xorNet() {
        return Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
    }

    @Test
    void theSameSeedGivesTheSameRunBitForBit() {
        Sequential a = xorNet().initialize(5);
        Sequential b = xorNet().initialize(5);
        History ha = a.train().on(X, Y).loss(binaryCrossEntropy()).optimizer(adam(0.05f)).epochs(200).batchSize(3).seed(9).run();
        History hb = b.train().on(X, Y).loss(binaryCrossEntropy()).optimizer(adam(0.05f)).epochs(200).batchSize(3).seed(9).run();
        assertEquals(ha.finalLoss(), hb.finalLoss());
        assertArrayEquals(a.predict(X)[3], b.predict(X)[3]);
        Sequential c = xorNet().initialize(5);
        History hc = c.train().on(X, Y).loss(binaryCrossEntropy()).optimizer(adam(0.05f)).epochs(200).batchSize(3).seed(10).run();
        assertNotEquals(ha.finalLoss(), hc.finalLoss(), "another batch order must give another run");
    }

    @Test
    void aDescribedRunIsImmutableAndCanBeReused() {
        Sequential model = xorNet();
        Training base = model.train().on(X, Y).loss(binaryCrossEntropy()).batchSize(4);
        Training withOptimizer = base.optimizer(sgd(0.5f));
        assertThrows(IllegalStateException.class, () -> base.epochs(10).run(), "the base must not have gained the optimizer");
        History first = withOptimizer.epochs(10).run();
        History second = withOptimizer.epochs(20).run();
        assertEquals(10, first.epochs().size());
        assertEquals(20, second.epochs().size());
    }

    @Test
    void historyRecordsEveryEpochAndProgressFiresEveryNthAndAtTheEnd() {
        List<Integer> seen = new ArrayList<>();
        History h = xorNet().train().on(X, Y).loss(binaryCrossEntropy()).optimizer(sgd(0.5f)).epochs(25).batchSize(4)
                .every(10, e -> seen.add(e.number())).run();
        assertEquals(List.of(10, 20, 25), seen);
        assertEquals(25, h.epochs().size());
        assertEquals(1, h.epochs().get(0).number());
        assertEquals(h.epochs().get(h.epochs().size() - 1).loss(), h.finalLoss());
        assertTrue(h.epochs().get(0).loss() > h.finalLoss(), "loss should fall: " + h.epochs().get(0) + " -> " + h.finalLoss());
        assertTrue(h.epochs().get(0).toString().matches("epoch 1  loss \\d\\.\\d{6}(  accuracy \\d\\.\\d{4})?"), h.epochs().get(0).toString());
    }

    @Test
    void minibatchEpochLossIsTheMeanOverAllExamples() {
        // With a learning rate this small the parameters barely move, so the epoch's running loss
        // equals the loss over the whole data at the start.
        Sequential model = xorNet();
        float before = model.loss(X, Y, binaryCrossEntropy());
        History h = model.train().on(X, Y).loss(binaryCrossEntropy()).optimizer(sgd(1e-7f)).epochs(1).batchSize(3).run();
        assertEquals(before, h.finalLoss(), 1e-6);
    }

    @Test
    void shuffleOffKeepsTheGivenOrder() {
        Sequential a = xorNet();
        Sequential b = xorNet();
        a.train().on(X, Y).loss(binaryCrossEntropy()).optimizer(sgd(0.5f)).epochs(5).batchSize(2).shuffle(false).seed(1).run();
        b.train().on(X, Y).loss(binaryCrossEntropy()).optimizer(sgd(0.5f)).epochs(5).batchSize(2).shuffle(false).seed(2).run();
        assertArrayEquals(a.predict(X)[0], b.predict(X)[0], "without shuffling the seed must not matter");
    }

    @Test
    void trainsOnADatasetAndItsSplit() {
        float[][] x = new float[40][];
        float[][] y = new float[40][];
        for (int i = 0; i < 40; i++) {
            float a = (i % 7) / 7f;
            float b = (i % 5) / 5f;
            x[i] = new float[] {a, b};
            y[i] = a + b > 0.9f ? new float[] {0, 1} : new float[] {1, 0};
        }
        Dataset data = Dataset.of(x, y);
        Dataset.Split split = data.split(0.75, 3);
        assertEquals(30, split.train().size());
        assertEquals(10, split.test().size());
        Sequential model = Sequential.of(split.train().preprocessing(), dense(2, 8), relu(), dense(8, 2), softmax());
        History h = model.train().on(split.train()).loss(crossEntropy()).optimizer(adam(0.05f)).epochs(300).batchSize(8).run();
        assertTrue(h.finalLoss() < 0.2f, "final loss " + h.finalLoss());
        assertEquals(List.of("x0", "x1"), data.featureNames());
    }

    @Test
    void parametersAreNamedInLayerOrderAndInitialisedForTheFollowingActivation() {
        Sequential model = Sequential.of(dense(100, 50), relu(), dense(50, 2), sigmoid());
        List<String> names = model.parameters().stream().map(Parameter::name).toList();
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), names);
        float heLimit = (float) Math.sqrt(6.0 / 100);
        float glorotLimit = (float) Math.sqrt(6.0 / (50 + 2));
        assertTrue(maxAbs(model.parameters().get(0).value()) > 0.9f * heLimit);
        assertTrue(maxAbs(model.parameters().get(0).value()) <= heLimit);
        assertTrue(maxAbs(model.parameters().get(2).value()) <= glorotLimit);
        assertEquals(0f, maxAbs(model.parameters().get(1).value()), "biases start at zero");
        float[][] first = model.parameters().get(0).value().toArray();
        assertArrayEquals(first[0], Sequential.of(dense(100, 50), relu(), dense(50, 2), sigmoid()).parameters().get(0).value().toArray()[0],
                "the default seed is fixed");
        model.initialize(1);
        assertNotEquals(first[0][0], model.parameters().get(0).value().get(0, 0));
        assertTrue(model.toString().contains("dense(100 -> 50), relu") && model.toString().contains("(5152 parameters)"), model.toString());
    }

    static float maxAbs(Matrix m) {
        float max = 0;
        for (float[] row : m.toArray()) {
            for (float v : row) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }

    @Test
    void predictHandlesMoreRowsThanOneChunkAndSingleRows() {
        Sequential model = Sequential.of(dense(2, 4), relu(), dense(4, 1));
        float[][] many = new float[2500][];
        for (int i = 0; i < many.length; i++) {
            many[i] = new float[] {i / 2500f, 1 - i / 2500f};
        }
        float[][] all = model.predict(many);
        assertEquals(2500, all.length);
        assertArrayEquals(model.predict(many[2100]), all[2100]);
        float loss = model.loss(many, all, mse());
        assertEquals(0f, loss, 1e-12);
    }
}
