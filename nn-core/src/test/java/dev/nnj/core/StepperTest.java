package dev.nnj.core;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

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

/** Training by hand: a stepper equals a run, and gradients summed over parts equal the whole batch's. */
class StepperTest {

    static Sequential net() {
        return Sequential.of(dense(4, 12), relu(), dense(12, 3), softmax()).initialize(3);
    }

    @Test
    void stepsOfAStepperAreARunsFullBatchEpochsBitForBit() {
        float[][][] d = TrainingFeaturesTest.blobs(30, 1);
        Sequential run = net();
        run.train().on(d[0], d[1]).loss(crossEntropy()).optimizer(adam(0.01f)).schedule(cosine(15, 2)).epochs(15).batchSize(30)
                .quiet().run();
        Sequential byHand = net();
        Stepper stepper = byHand.train().loss(crossEntropy()).optimizer(adam(0.01f)).schedule(cosine(15, 2)).epochs(15).stepper();
        for (int epoch = 1; epoch <= 15; epoch++) {
            stepper.startEpoch(epoch);
            stepper.step(d[0], d[1]);
        }
        assertEquals(15, stepper.steps());
        for (int p = 0; p < run.parameters().size(); p++) {
            assertArrayEquals(run.parameters().get(p).value().toArray()[0], byHand.parameters().get(p).value().toArray()[0]);
        }
    }

    /** Three workers on replicas, each with a third of the batch: the summed gradients give the whole batch's steps. */
    @Test
    void gradientsSummedOverPartsTrainAsTheWholeBatch() {
        float[][][] d = TrainingFeaturesTest.blobs(30, 2);
        Sequential whole = net();
        whole.train().on(d[0], d[1]).loss(crossEntropy()).optimizer(adam(0.01f)).epochs(20).batchSize(30).quiet().run();
        Sequential driver = net();
        Stepper stepper = driver.train().loss(crossEntropy()).optimizer(adam(0.01f)).stepper();
        for (int step = 0; step < 20; step++) {
            stepper.startEpoch(step + 1);
            byte[] broadcast = driver.toBytes();
            Gradients total = null;
            for (int part = 0; part < 3; part++) {
                Sequential replica = Sequential.fromBytes(broadcast);
                float[][] x = Arrays.copyOfRange(d[0], part * 10, part * 10 + 10);
                float[][] y = Arrays.copyOfRange(d[1], part * 10, part * 10 + 10);
                Gradients g = replica.gradientSums(x, y, crossEntropy(), 0, step);
                assertEquals(10, g.rows());
                total = total == null ? g : total.plus(g);
            }
            assertEquals(30, total.normalizer(), 0);
            stepper.apply(total);
        }
        for (int p = 0; p < whole.parameters().size(); p++) {
            float[] a = whole.parameters().get(p).value().data();
            float[] b = driver.parameters().get(p).value().data();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 2e-5 * (1 + Math.abs(a[i])), whole.parameters().get(p).name() + "[" + i + "]");
            }
        }
    }

    @Test
    void gradientsOfAnotherModelAreRefusedAndNothingChanges() {
        Sequential model = net();
        Stepper stepper = model.train().loss(crossEntropy()).optimizer(adam(0.01f)).stepper();
        Gradients other = Sequential.of(dense(4, 3), softmax()).gradientSums(new float[][] {{1, 2, 3, 4}}, new float[][] {{1, 0, 0}},
                crossEntropy(), 0, 0);
        float before = model.parameters().get(0).value().get(0, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stepper.apply(other));
        assertTrue(e.getMessage().contains("replica of this model"), e.getMessage());
        assertEquals(before, model.parameters().get(0).value().get(0, 0));
        assertThrows(IllegalStateException.class, () -> model.train().loss(crossEntropy()).stepper());
        assertEquals(model.toString(), Sequential.fromBytes(model.toBytes()).toString());
    }

    /** A stepper restored from another's state continues exactly as the original does. */
    @Test
    void aRestoredStateContinuesBitForBit() {
        float[][][] d = TrainingFeaturesTest.blobs(30, 3);
        Sequential a = net();
        Stepper first = a.train().loss(crossEntropy()).optimizer(adam(0.01f)).schedule(cosine(10)).stepper();
        for (int epoch = 1; epoch <= 5; epoch++) {
            first.startEpoch(epoch);
            first.step(d[0], d[1]);
        }
        Stepper.State state = first.state();
        Sequential b = Sequential.fromBytes(a.toBytes());
        Stepper second = b.train().loss(crossEntropy()).optimizer(adam(0.01f)).schedule(cosine(10)).stepper();
        second.restore(state);
        for (int epoch = 6; epoch <= 10; epoch++) {
            first.startEpoch(epoch);
            first.step(d[0], d[1]);
            second.startEpoch(epoch);
            second.step(d[0], d[1]);
        }
        for (int p = 0; p < a.parameters().size(); p++) {
            assertArrayEquals(a.parameters().get(p).value().data(), b.parameters().get(p).value().data());
        }
        assertEquals(10, second.steps());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> net().train().loss(crossEntropy())
                .optimizer(Optimizers.sgd(0.1f, 0.9f)).stepper().restore(state));
        assertTrue(other.getMessage().contains("momentum_buffer"), other.getMessage());
    }
}
