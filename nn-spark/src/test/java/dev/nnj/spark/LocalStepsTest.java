package dev.nnj.spark;

import dev.nnj.core.Optimizer;
import dev.nnj.core.Sequential;
import dev.nnj.core.Stepper;
import org.junit.jupiter.api.Test;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Optimizers.adam;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** k local steps: on one partition they are exactly k steps of one optimizer; on several they learn; the default k follows the work. */
class LocalStepsTest {

    static Sequential net() {
        return Sequential.of(dense(4, 8), relu(), dense(8, 3), softmax()).initialize(13);
    }

    /**
     * One partition, three local steps a round, Adam: the optimizer state travels to the executor and
     * back every round, so the run equals one stepper taking the same batches in the same order.
     */
    @Test
    void onOnePartitionLocalStepsAreOneOptimizersStepsBitForBit() {
        // Adam with its defaults, and with betas and epsilon of its own (the executors get every setting).
        for (Optimizer optimizer : new Optimizer[] {adam(0.01f), adam(0.01f, 0.8f, 0.95f, 1e-6f)}) {
            assertLocalStepsAreOneOptimizersSteps(optimizer);
        }
    }

    private static void assertLocalStepsAreOneOptimizersSteps(Optimizer optimizer) {
        float[][] x = Data.blobs(20, 51);
        int[] classes = Data.blobClasses(x.length);
        float[][] y = Data.oneHot(classes, 3);
        Sequential spark = net();
        SparkHistory h = SparkTraining.of(spark).on(Data.frame(x, classes, 1), "features", "label").loss(crossEntropy())
                .optimizer(optimizer).epochs(2).batchSize(10).localSteps(3).seed(6).run();
        assertEquals(4, h.rounds(), "6 batches an epoch in rounds of 3");
        Sequential byHand = net();
        Stepper stepper = byHand.train().loss(crossEntropy()).optimizer(optimizer).seed(6).stepper();
        Part.Builder rows = new Part.Builder(0);
        for (int i = 0; i < x.length; i++) {
            rows.add(x[i], y[i], "x", "y");
        }
        Part part = rows.build();
        for (int epoch = 1; epoch <= 2; epoch++) {
            stepper.startEpoch(epoch);
            int[] order = Batches.order(x.length, 6, epoch, 0, true);
            for (int b = 0; b < 6; b++) {
                float[][][] batch = part.gather(order, Batches.from(x.length, b, 6), Batches.from(x.length, b + 1, 6));
                stepper.step(batch[0], batch[1]);
            }
        }
        assertArrayEquals(Data.weights(byHand), Data.weights(spark), optimizer.toString());
    }

    @Test
    void localStepsOnThreePartitionsLearn() {
        float[][] x = Data.blobs(40, 52);
        int[] classes = Data.blobClasses(x.length);
        Sequential model = net();
        SparkHistory h = SparkTraining.of(model).on(Data.frame(x, classes, 3), "features", "label").loss(crossEntropy())
                .optimizer(adam(0.02f)).epochs(8).batchSize(15).localSteps(4).seed(1).validation(x, Data.oneHot(classes, 3)).run();
        assertEquals(4, h.localSteps());
        assertEquals(8 * 2, h.rounds(), "8 batches an epoch in rounds of 4");
        float first = h.epochs().get(0).loss();
        assertTrue(h.finalLoss() < 0.5f * first, h.epochs().toString());
        assertTrue(h.epochs().get(7).validationAccuracy() > 0.8f, h.epochs().toString());
    }

    /** Two one-row partitions and batches of one: batch 0 finds no row in either partition, and the run goes on. */
    @Test
    void batchesWithoutRowsAreSkipped() {
        for (int k : new int[] {1, 2}) {
            Sequential model = Sequential.of(dense(2, 3), relu(), dense(3, 1)).initialize(3);
            float[] before = Data.weights(model);
            SparkHistory h = SparkTraining.of(model).on(Data.pairs(new float[][] {{0, 1}, {1, 0}}, new float[][] {{1}, {0}}, 2))
                    .loss(dev.nnj.core.Losses.mse()).optimizer(adam(0.01f)).epochs(3).batchSize(1).localSteps(k).run();
            assertEquals(3, h.epochs().size());
            assertTrue(Float.isFinite(h.finalLoss()));
            assertTrue(!java.util.Arrays.equals(before, Data.weights(model)), "the batches with rows trained");
        }
    }

    @Test
    void theDefaultLocalStepsMakeARoundAboutATenthOfASecond() {
        Sequential big = Sequential.of(dense(784, 256), relu(), dense(256, 128), relu(), dense(128, 10), softmax());
        long weights = 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10;
        double step = 3.0 * weights * (256 / 2.0) / SparkTraining.MACS_PER_SECOND;
        int expected = (int) Math.ceil(SparkTraining.ROUND_SECONDS / step);
        assertEquals(expected, SparkTraining.chooseLocalSteps(big, 256, 2, 235));
        assertTrue(expected > 1 && expected < 235);
        assertEquals(1, SparkTraining.chooseLocalSteps(big, 60_000, 2, 1), "one batch an epoch: nothing to average");
        assertEquals(1, SparkTraining.chooseLocalSteps(big, 1_000_000, 1, 50), "a batch that takes longer than a round alone");
        assertEquals(7, SparkTraining.chooseLocalSteps(net(), 32, 2, 7), "a tiny model takes the whole epoch in one round");
        SparkHistory xor = SparkTraining.of(Sequential.of(dense(2, 3), relu(), dense(3, 1)))
                .on(Data.pairs(Data.XOR_X, Data.XOR_Y, 2)).loss(dev.nnj.core.Losses.mse()).optimizer(adam(0.01f)).epochs(2).run();
        assertEquals(1, xor.localSteps());
    }
}
