package dev.nnj.core;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Optimizers.adam;
import static dev.nnj.core.Optimizers.sgd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training step allocates nothing: buffers are sized once per batch size. Measured with the
 * JDK's per-thread allocation counter, which counts every byte this thread allocates (TLAB
 * included), so the bound below is about the code, not about GC timing.
 */
class AllocationTest {

    static final float[][] X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static final float[][] Y = {{0}, {1}, {1}, {0}};

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    static long bytesOver(Trainer trainer, int steps) {
        for (int i = 0; i < 20_000; i++) {   // warm-up: let C2 compile the step
            trainer.epoch();
        }
        // The least of five measurements: an allocation in the step shows in every one of them,
        // a one-off event of the JVM's (a deoptimisation, class loading) in only one.
        long least = Long.MAX_VALUE;
        for (int repeat = 0; repeat < 5; repeat++) {
            long before = allocatedBytes();
            for (int i = 0; i < steps; i++) {
                trainer.epoch();
            }
            least = Math.min(least, allocatedBytes() - before);
        }
        return least;
    }

    static Trainer trainer(Optimizer optimizer, int batchSize) {
        Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
        Sequential.Batch data = model.checkedBatch("test", X, Y, binaryCrossEntropy());
        return new Trainer(model, dev.nnj.core.spi.Kernels.active(), data, (LossFunction) binaryCrossEntropy(),
                optimizer, batchSize, true, 1);
    }

    /**
     * Under 2 bytes per step over 1,000 steps, i.e. under 2,000 bytes in all. Reading the counter
     * has a fixed cost of its own (0.8 KB here, the same for 1,000 or 100,000 steps), while the
     * smallest object a step could allocate, 16 bytes, would add 16,000.
     */
    static final long BOUND = 2 * 1_000;

    @Test
    void fullBatchXorStepsAllocateNothing() {
        long bytes = bytesOver(trainer(sgd(0.1f), 4), 1_000);
        assertTrue(bytes < BOUND, bytes + " bytes over 1,000 steps");
    }

    @Test
    void shuffledMinibatchesWithMomentumAndAdamAllocateNothing() {
        long momentum = bytesOver(trainer(sgd(0.1f, 0.9f), 2), 1_000);
        assertTrue(momentum < BOUND, "momentum: " + momentum + " bytes over 1,000 epochs of 2 steps");
        long adam = bytesOver(trainer(adam(0.01f), 3), 1_000);
        assertTrue(adam < BOUND, "adam with a partial last batch: " + adam + " bytes over 1,000 epochs of 2 steps");
    }

    /**
     * The diagnosis samples every {@link RunStatistics#INTERVAL} steps (gradient and update sizes,
     * each watched layer's flat units) into buffers made when the run starts: sampled steps
     * allocate nothing either. Minibatches of 2 sample about 30 times per 1,000 epochs.
     */
    @Test
    void stepsThatTheDiagnosisSamplesAllocateNothing() {
        for (Layer hidden : new Layer[] {Layers.relu(), sigmoid()}) {
            Sequential model = Sequential.of(dense(2, 8), hidden, dense(8, 1), sigmoid());
            Sequential.Batch data = model.checkedBatch("test", X, Y, binaryCrossEntropy());
            LossFunction loss = (LossFunction) binaryCrossEntropy();
            Trainer trainer = new Trainer(model, dev.nnj.core.spi.Kernels.active(), data, loss, adam(0.01f), 2, true, 1);
            RunStatistics statistics = model.diagnosis(dev.nnj.core.spi.Kernels.active()).begin(data, loss, adam(0.01f), 2, 1, 0);
            trainer.watch(statistics);
            long bytes = bytesOver(trainer, 1_000);
            assertTrue(bytes < BOUND, hidden + ": " + bytes + " bytes over 1,000 epochs of 2 steps with diagnosis sampling");
            assertTrue(statistics.samples() > 500, "sampled " + statistics.samples() + " times");
        }
    }

    @Test
    void aWholeRunAllocatesOnlyItsSetupAndOneFloatPerEpoch() {
        Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
        Training training = model.train().on(X, Y).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).batchSize(4);
        for (int i = 0; i < 5; i++) {
            training.epochs(10_000).run();
        }
        long before = allocatedBytes();
        training.epochs(1_000).run();
        long small = allocatedBytes() - before;
        before = allocatedBytes();
        training.epochs(11_000).run();
        long large = allocatedBytes() - before;
        // The difference is 10,000 epochs of training, with the diagnosis on (the default): History's record of each
        // epoch (its loss, accuracy and learning rate as floats, its time as a double: 20 bytes) and nothing else.
        double perEpoch = (large - small) / 10_000.0;
        int recorded = new History(1, true, false).bytesPerEpoch();
        assertEquals(20, recorded);
        assertTrue(perEpoch <= recorded + 0.1, perEpoch + " bytes per epoch, of which History records " + recorded);
    }

    /**
     * With validation data, dropout, batch norm, minibatches, Adam and a schedule, an epoch still
     * allocates only History's record of it.
     */
    @Test
    void aRunWithValidationDropoutAndBatchNormAllocatesOnlyItsRecords() {
        float[][][] train = TrainingFeaturesTest.blobs(40, 1);
        float[][][] held = TrainingFeaturesTest.blobs(20, 2);
        Sequential model = Sequential.of(dense(4, 8), Layers.batchNorm(), Layers.relu(), Layers.dropout(0.25f), dense(8, 3),
                Layers.softmax());
        Training training = model.train().on(train[0], train[1]).validation(held[0], held[1]).loss(Losses.crossEntropy())
                .optimizer(adam(0.001f)).schedule(Schedules.exponential(0.999f)).batchSize(8).quiet();
        for (int i = 0; i < 3; i++) {
            training.epochs(2_000).run();
        }
        // The least of three measurements: a one-off event of the JVM's shows in one of them only.
        double perEpoch = Double.MAX_VALUE;
        for (int repeat = 0; repeat < 3; repeat++) {
            long before = allocatedBytes();
            training.epochs(200).run();
            long small = allocatedBytes() - before;
            before = allocatedBytes();
            training.epochs(2_200).run();
            long large = allocatedBytes() - before;
            perEpoch = Math.min(perEpoch, (large - small) / 2_000.0);
        }
        int recorded = new History(1, true, true).bytesPerEpoch();
        assertTrue(perEpoch <= recorded + 0.1, perEpoch + " bytes per epoch of 5 steps and a validation pass;"
                + " History records " + recorded);
    }

    /** Bytes per call of {@code call} in steady state: the least of five measurements of 1,000 calls, divided. */
    static double bytesPerCall(Runnable call) {
        for (int i = 0; i < 20_000; i++) {
            call.run();
        }
        long least = Long.MAX_VALUE;
        for (int repeat = 0; repeat < 5; repeat++) {
            long before = allocatedBytes();
            for (int i = 0; i < 1_000; i++) {
                call.run();
            }
            least = Math.min(least, allocatedBytes() - before);
        }
        return least / 1_000.0;
    }

    /**
     * Predict borrows a workspace from the model's pool, so in steady state it allocates its result
     * and nothing else: the same bytes as allocating an array of the result's shape.
     */
    @Test
    void predictInSteadyStateAllocatesOnlyItsResult() {
        Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
        float[][] sink = new float[1][];
        // Whole results are kept: were only a row kept, C2 could drop the rest of the reference array (and does,
        // depending on what ran before), and the comparison would measure escape analysis instead of predict.
        float[][][] rows = new float[1][][];
        double batch = bytesPerCall(() -> rows[0] = model.predict(X));
        double result = bytesPerCall(() -> rows[0] = new float[X.length][1]);
        assertTrue(batch <= result + 2, "predict(float[][]): " + batch + " bytes per call, its result " + result);
        double row = bytesPerCall(() -> sink[0] = model.predict(X[1]));
        double rowResult = bytesPerCall(() -> sink[0] = new float[1]);
        assertTrue(row <= rowResult + 2, "predict(float[]): " + row + " bytes per call, its result " + rowResult);
    }
}
