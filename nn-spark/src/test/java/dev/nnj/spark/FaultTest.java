package dev.nnj.spark;

import dev.nnj.core.History;
import dev.nnj.core.Sequential;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Optimizers.adam;
import static dev.nnj.core.Schedules.cosine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A task Spark retries gives the round's result unchanged; a run stopped after a checkpoint resumes exactly. */
class FaultTest {

    /** Counts the injected failures (the tasks run in this JVM, local mode). */
    static final AtomicInteger FAILURES = new AtomicInteger();

    static Sequential net() {
        return Sequential.of(dense(4, 8), relu(), dense(8, 3), softmax()).initialize(21);
    }

    static SparkTraining training(Sequential model, Dataset<Row> frame, int k) {
        return SparkTraining.of(model).on(frame, "features", "label").loss(crossEntropy()).optimizer(adam(0.01f)).epochs(3)
                .schedule(cosine(3)).l2(1e-3f).batchSize(30).localSteps(k).seed(5);
    }

    @Test
    void aTaskFailedOnItsFirstAttemptIsRetriedAndTheRunIsUnchanged() {
        float[][] x = Data.blobs(30, 31);
        Dataset<Row> frame = Data.frame(x, Data.blobClasses(x.length), 2);
        for (int k : new int[] {1, 2}) {
            Sequential clean = net();
            training(clean, frame, k).run();
            Sequential retried = net();
            FAILURES.set(0);
            training(retried, frame, k).injectFault((round, partition, attempt) -> {
                boolean fail = round == 2 && partition == 1 && attempt == 0;
                if (fail) {
                    FAILURES.incrementAndGet();
                }
                return fail;
            }).run();
            assertEquals(1, FAILURES.get(), "the injected failure should have happened once (local steps " + k + ")");
            assertArrayEquals(Data.weights(clean), Data.weights(retried), "local steps " + k);
        }
    }

    @Test
    void aTaskFailingEveryAttemptStopsTheRunWithSparksReason() {
        float[][] x = Data.blobs(10, 32);
        Sequential model = net();
        float[] before = Data.weights(model);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> training(model, Data.frame(x, Data.blobClasses(x.length), 2), 1)
                .injectFault((round, partition, attempt) -> round == 1 && partition == 0).run());
        assertTrue(e.getMessage().contains("injected failure in round 1, partition 0"), e.getMessage());
        assertArrayEquals(before, Data.weights(model), "nothing was applied");
    }

    /** The driver stops after round 5 (checkpoints every 2 rounds); a new run resumes from round 4 and ends where an uninterrupted one does. */
    @Test
    void aRunResumedFromItsCheckpointEndsBitwiseWhereAnUninterruptedRunEnds(@TempDir Path dir) {
        float[][] x = Data.blobs(30, 33);
        Dataset<Row> frame = Data.frame(x, Data.blobClasses(x.length), 2);
        for (int k : new int[] {1, 2}) {
            Sequential whole = net();
            SparkHistory all = training(whole, frame, k).validation(x, Data.oneHot(Data.blobClasses(x.length), 3)).run();
            Path file = dir.resolve("run-" + k + ".ckpt");
            Sequential crashed = net();
            assertThrows(IllegalStateException.class, () -> training(crashed, frame, k).validation(x, Data.oneHot(Data.blobClasses(x.length), 3))
                    .checkpoint(file, 2).afterRound(round -> {
                        if (round == 5) {
                            throw new IllegalStateException("the driver stops");
                        }
                    }).run());
            Sequential resumed = net();
            SparkHistory rest = training(resumed, frame, k).validation(x, Data.oneHot(Data.blobClasses(x.length), 3))
                    .checkpoint(file, 2).resumeFrom(file).run();
            assertArrayEquals(Data.weights(whole), Data.weights(resumed), "local steps " + k);
            assertEquals(all.epochs().size(), rest.epochs().size());
            for (int e = 0; e < all.epochs().size(); e++) {
                History.Epoch a = all.epochs().get(e);
                History.Epoch b = rest.epochs().get(e);
                assertEquals(a.loss(), b.loss(), "epoch " + (e + 1) + " loss, local steps " + k);
                assertEquals(a.validationLoss(), b.validationLoss());
                assertEquals(a.learningRate(), b.learningRate());
            }
            assertTrue(all.epochs().get(2).learningRate() < all.epochs().get(0).learningRate(), "the cosine schedule ran");
            assertEquals(all.rounds() - 4, rest.rounds(), "the resumed run starts after round 4");
        }
    }

    @Test
    void aCheckpointOfAnotherRunOrADamagedOneIsRefused(@TempDir Path dir) throws IOException {
        float[][] x = Data.blobs(10, 34);
        Dataset<Row> frame = Data.frame(x, Data.blobClasses(x.length), 2);
        Path file = dir.resolve("run.ckpt");
        training(net(), frame, 1).epochs(1).checkpoint(file, 1).run();
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> training(net(), frame, 1).seed(6).resumeFrom(file).run());
        assertTrue(other.getMessage().contains("seed 5") && other.getMessage().contains("seed 6"), other.getMessage());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Path damaged = dir.resolve("damaged.ckpt");
        Files.write(damaged, bytes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> training(net(), frame, 1).resumeFrom(damaged).run());
        assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains("damaged.ckpt"), e.getMessage());
        Path model = dir.resolve("model.nnj");
        net().save(model);
        IllegalArgumentException notOne = assertThrows(IllegalArgumentException.class, () -> training(net(), frame, 1).resumeFrom(model).run());
        assertTrue(notOne.getMessage().contains("not a Spark training checkpoint"), notOne.getMessage());
    }
}
