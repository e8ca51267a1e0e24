package dev.nnj.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.normalization;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Layers.tanh;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Optimizers.adam;
import static dev.nnj.core.Optimizers.sgd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model holds parameters, a run holds its state: one model serves predict from many threads,
 * training does not race with prediction, and layers and copies do not share storage by accident.
 */
class ModelAndRunTest {

    static float[][] random(SplittableRandom r, int rows, int cols) {
        float[][] x = new float[rows][cols];
        for (float[] row : x) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) r.nextDouble(-2, 2);
            }
        }
        return x;
    }

    static Sequential classifier() {
        return Sequential.of(normalization(new float[] {0.5f, 0, 0, -1, 0, 0}, new float[] {2, 1, 1, 3, 1, 1}),
                dense(6, 16), relu(), dense(16, 8), tanh(), dense(8, 3), softmax()).initialize(3);
    }

    /**
     * 8 threads, each predicting batches of different sizes (1 to 2,100 rows, so chunks and pool
     * workspaces of different sizes are reused) and single rows, all at once against one model:
     * every result equals, bit for bit, what one thread computed alone before.
     */
    @Test
    void eightThreadsPredictingAtOnceGetExactlyTheSingleThreadedResults() throws Exception {
        Sequential model = classifier();
        SplittableRandom r = new SplittableRandom(1);
        int[] sizes = {1, 7, 64, 333, 1024, 1025, 2100};
        List<float[][]> inputs = new ArrayList<>();
        List<float[][]> expected = new ArrayList<>();
        for (int size : sizes) {
            float[][] x = random(r, size, 6);
            inputs.add(x);
            expected.add(model.predict(x));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int seed = t;
            results.add(pool.submit(() -> {
                start.await();
                SplittableRandom pick = new SplittableRandom(seed);
                int wrong = 0;
                for (int call = 0; call < 150; call++) {
                    int k = pick.nextInt(sizes.length);
                    if (call % 3 == 0) {
                        int row = pick.nextInt(sizes[k]);
                        float[] one = model.predict(inputs.get(k)[row]);
                        wrong += java.util.Arrays.equals(one, expected.get(k)[row]) ? 0 : 1;
                    } else {
                        float[][] p = model.predict(inputs.get(k));
                        for (int i = 0; i < p.length; i++) {
                            wrong += java.util.Arrays.equals(p[i], expected.get(k)[i]) ? 0 : 1;
                        }
                    }
                }
                return wrong;
            }));
        }
        start.countDown();
        int wrong = 0;
        for (Future<Integer> f : results) {
            wrong += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(0, wrong, "rows that differ from the single-threaded prediction");
    }

    @Test
    void lossFromManyThreadsEqualsTheSingleThreadedLoss() throws Exception {
        Sequential model = classifier();
        SplittableRandom r = new SplittableRandom(2);
        float[][] x = random(r, 300, 6);
        float[][] y = new float[300][3];
        for (float[] row : y) {
            row[r.nextInt(3)] = 1;
        }
        float expected = model.loss(x, y, crossEntropy());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Boolean>> same = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            same.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    if (model.loss(x, y, crossEntropy()) != expected) {
                        return false;
                    }
                }
                return true;
            }));
        }
        for (Future<Boolean> f : same) {
            assertTrue(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
    }

    /**
     * Predicting from another thread while a run trains the model is safe: the run ends with the
     * same weights, bit for bit, as a run nobody disturbed, and every prediction is a finite
     * probability computed from the weights between two steps.
     */
    @Test
    void predictingDuringTrainingNeitherChangesTheRunNorSeesHalfAnUpdate() throws Exception {
        float[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        float[][] y = {{0}, {1}, {1}, {0}};
        Sequential quiet = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid()).initialize(4);
        quiet.train().on(x, y).loss(binaryCrossEntropy()).optimizer(sgd(0.5f)).epochs(3_000).batchSize(2).seed(1).run();

        Sequential busy = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid()).initialize(4);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int[] predictions = new int[1];
        CountDownLatch reading = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                while (!done.get()) {
                    reading.countDown();
                    float[][] p = busy.predict(x);
                    for (float[] row : p) {
                        assertTrue(row[0] > 0 && row[0] < 1, "a probability: " + row[0]);
                    }
                    predictions[0]++;
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        reader.start();
        reading.await(30, TimeUnit.SECONDS);
        busy.train().on(x, y).loss(binaryCrossEntropy()).optimizer(sgd(0.5f)).epochs(3_000).batchSize(2).seed(1).run();
        done.set(true);
        reader.join();
        if (failure.get() != null) {
            throw new AssertionError("predict during training failed", failure.get());
        }
        assertTrue(predictions[0] > 0, "the reader ran alongside: " + predictions[0]);
        for (int i = 0; i < quiet.parameters().size(); i++) {
            assertArrayEquals(quiet.parameters().get(i).value().toArray()[0], busy.parameters().get(i).value().toArray()[0],
                    quiet.parameters().get(i).name());
        }
    }

    @Test
    void aSecondRunOrAGradientComputationFromAnotherThreadIsRefusedWhileOneTrains() throws Exception {
        float[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        float[][] y = {{0}, {1}, {1}, {0}};
        Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        Thread trainer = new Thread(() -> model.train().on(x, y).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(2)
                .every(1, epoch -> {
                    if (epoch.number() == 1) {
                        inside.countDown();
                        try {
                            checked.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).run(), "trainer-1");
        trainer.start();
        inside.await(30, TimeUnit.SECONDS);
        try {
            IllegalStateException second = assertThrows(IllegalStateException.class,
                    () -> model.train().on(x, y).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(1).run());
            assertTrue(second.getMessage().contains("already being trained on thread 'trainer-1'"), second.getMessage());
            IllegalStateException gradients = assertThrows(IllegalStateException.class,
                    () -> model.computeGradients(x, y, binaryCrossEntropy()));
            assertTrue(gradients.getMessage().contains("computeGradients") && gradients.getMessage().contains("model.copy()"),
                    gradients.getMessage());
            assertThrows(IllegalStateException.class, () -> model.initialize(3));
            assertEquals(4, model.predict(x).length, "predict is allowed");
        } finally {
            checked.countDown();
            trainer.join();
        }
        model.train().on(x, y).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(1).run();   // free again
    }

    @Test
    void aCallbackMayPredictAndSaveButNotStartAnotherRun() {
        float[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        float[][] y = {{0}, {1}, {1}, {0}};
        Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
        List<Float> seen = new ArrayList<>();
        model.train().on(x, y).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(3)
                .every(1, epoch -> seen.add(model.predict(x[1])[0])).run();
        assertEquals(3, seen.size());
        IllegalStateException nested = assertThrows(IllegalStateException.class, () ->
                model.train().on(x, y).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(1)
                        .every(1, epoch -> model.train().on(x, y).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(1).run())
                        .run());
        assertTrue(nested.getMessage().contains("already being trained by a run on this thread"), nested.getMessage());
    }

    @Test
    void aLayerAlreadyInAModelIsRefusedNamingBothPositions() {
        Layer hidden = dense(2, 3);
        Sequential first = Sequential.of(hidden, sigmoid(), dense(3, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sequential.of(sigmoid(), hidden));
        assertTrue(e.getMessage().contains("layer 1 dense(2 -> 3) is already layer 0 of another model"), e.getMessage());
        assertTrue(e.getMessage().contains("model.copy()"), e.getMessage());
        assertEquals(3, first.layers().size());
    }

    @Test
    void aCopyIsIndependentAndPredictsTheSame() {
        float[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        float[][] y = {{0}, {1}, {1}, {0}};
        Sequential model = classifier();
        Sequential copy = model.copy();
        float[][] input = random(new SplittableRandom(5), 20, 6);
        assertArrayEquals(model.predict(input)[7], copy.predict(input)[7]);
        assertEquals(model.toString(), copy.toString());
        float before = copy.parameters().get(0).value().get(0, 0);
        model.train().on(input, model.predict(input)).loss(crossEntropy()).optimizer(adam(0.1f)).epochs(5).run();
        assertEquals(before, copy.parameters().get(0).value().get(0, 0), "training the original leaves the copy");
        assertNotEquals(before, model.parameters().get(0).value().get(0, 0), "the original trained");
        Sequential xor = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
        Sequential twin = xor.copy();
        twin.train().on(x, y).loss(binaryCrossEntropy()).optimizer(sgd(1f)).epochs(10).run();
        assertNotEquals(xor.predict(x[1])[0], twin.predict(x[1])[0]);
    }

    @Test
    void predictNamesTheRowAndTheFirstLayerWhereAnOutputStopsBeingFinite() {
        Sequential model = Sequential.of(dense(2, 3), relu(), dense(3, 2), softmax());
        model.parameters().get(0).value().set(0, 0, 3e38f);
        float[][] x = {{0.5f, 0.5f}, {1e10f, 1}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.predict(x));
        assertTrue(e.getMessage().contains("row 1 gives"), e.getMessage());
        assertTrue(e.getMessage().contains("layer 0 dense(2 -> 3)"), e.getMessage());
        IllegalArgumentException single = assertThrows(IllegalArgumentException.class, () -> model.predict(x[1]));
        assertTrue(single.getMessage().contains("row 0 gives"), single.getMessage());
        assertEquals(2, model.predict(x[0]).length, "a finite row still predicts");
    }

    @Test
    void aDivergedRunLeavesTheWeightsOfItsLastFiniteEpoch() {
        float[][] x = {{1000, -2000}, {3000, 4000}, {-5000, 1000}};
        float[][] y = {{1}, {2}, {3}};
        Sequential model = Sequential.of(dense(2, 1));
        List<float[]> afterEpoch = new ArrayList<>();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> model.train().on(x, y)
                .loss(Losses.mse()).optimizer(sgd(0.1f)).epochs(50).batchSize(3)
                .every(1, epoch -> afterEpoch.add(model.parameters().get(0).value().toArray()[0].clone())).quiet()
                .failOnDivergence().run());
        assertTrue(e.getMessage().contains("last with a finite loss"), e.getMessage());
        float[] kept = model.parameters().get(0).value().toArray()[0];
        assertArrayEquals(afterEpoch.get(e.epoch() - 2), kept, "the weights after epoch " + (e.epoch() - 1));
        for (float w : kept) {
            assertTrue(Float.isFinite(w));
        }
    }
}
