package dev.nnj.spark;

import dev.nnj.core.Sequential;
import org.junit.jupiter.api.Test;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.dropout;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Optimizers.adam;
import static dev.nnj.core.Optimizers.sgd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With one local step and one batch per epoch, a Spark run is nn-core's full-batch run: the
 * partitions' gradient sums, added on the driver, differ from the whole batch's only in the order of
 * float32 additions. And a Spark run repeats exactly.
 */
class EquivalenceTest {

    /** Largest |a − b| / (1 + |a|) over all weights. */
    static double relativeDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(a[i])));
        }
        return worst;
    }

    @Test
    void xorOnTwoPartitionsEqualsSingleMachineFullBatch() {
        for (long init : new long[] {1, 2}) {
            Sequential one = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid()).initialize(init);
            Sequential spark = one.copy();
            float single = one.train().on(Data.XOR_X, Data.XOR_Y).loss(binaryCrossEntropy()).optimizer(sgd(0.5f)).epochs(100)
                    .batchSize(4).seed(7).quiet().run().finalLoss();
            SparkHistory h = SparkTraining.of(spark).on(Data.frame(Data.XOR_X, new int[] {0, 1, 1, 0}, 2), "features", "label")
                    .loss(binaryCrossEntropy()).optimizer(sgd(0.5f)).epochs(100).batchSize(4).localSteps(1).seed(7).run();
            assertEquals(100, h.rounds());
            assertEquals(2, h.partitions());
            double d = relativeDifference(Data.weights(one), Data.weights(spark));
            System.out.printf("xor init %d: max relative weight difference %.3g, final loss %.7f vs %.7f, %.1f ms a round%n", init, d, single,
                    h.finalLoss(), h.secondsPerRound() * 1e3);
            assertTrue(d < 1e-5, "weights differ by " + d);
            assertEquals(single, h.finalLoss(), 1e-5 * (1 + single));
        }
    }

    @Test
    void irisLikeWithAdamOnThreePartitionsEqualsSingleMachineFullBatch() {
        float[][] x = Data.blobs(50, 11);
        int[] classes = Data.blobClasses(x.length);
        Sequential one = Sequential.of(dense(4, 8), relu(), dense(8, 3), softmax()).initialize(5);
        Sequential spark = one.copy();
        one.train().on(x, Data.oneHot(classes, 3)).loss(crossEntropy()).optimizer(adam(0.05f)).epochs(60).batchSize(150).seed(3)
                .quiet().run();
        SparkHistory h = SparkTraining.of(spark).on(Data.frame(x, classes, 3), "features", "label").loss(crossEntropy())
                .optimizer(adam(0.05f)).epochs(60).batchSize(150).localSteps(1).seed(3).run();
        double d = relativeDifference(Data.weights(one), Data.weights(spark));
        System.out.printf("iris-like adam: max relative weight difference %.3g%n", d);
        assertTrue(d < 1e-5, "weights differ by " + d);
        assertTrue(h.finalLoss() < 0.6f * h.epochs().get(0).loss(), "the run should learn the blobs: " + h.epochs());
    }

    /** With dropout (each partition draws its own masks from the seed, the partition and the step) and both round kinds. */
    @Test
    void twoRunsGiveIdenticalWeights() {
        float[][] x = Data.blobs(40, 12);
        int[] classes = Data.blobClasses(x.length);
        for (int k : new int[] {1, 2}) {
            float[][] w = new float[2][];
            for (int run = 0; run < 2; run++) {
                Sequential model = Sequential.of(dense(4, 8), relu(), dropout(0.2f), dense(8, 3), softmax()).initialize(9);
                SparkTraining.of(model).on(Data.frame(x, classes, 3), "features", "label").loss(crossEntropy()).optimizer(adam(0.01f))
                        .epochs(3).batchSize(24).localSteps(k).seed(4).run();
                w[run] = Data.weights(model);
            }
            assertArrayEquals(w[0], w[1], "local steps " + k);
        }
    }
}
