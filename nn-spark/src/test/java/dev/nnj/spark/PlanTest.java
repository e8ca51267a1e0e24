package dev.nnj.spark;

import dev.nnj.core.Loss;
import dev.nnj.core.Optimizer;
import dev.nnj.core.Sequential;
import dev.nnj.core.Stepper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Losses.mse;
import static dev.nnj.core.Losses.sparseCrossEntropy;
import static dev.nnj.core.Optimizers.adam;
import static dev.nnj.core.Optimizers.adamW;
import static dev.nnj.core.Optimizers.nesterov;
import static dev.nnj.core.Optimizers.rmsprop;
import static dev.nnj.core.Optimizers.sgd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What travels to the executors: the plan with its loss and optimizer, and a stepper's state (Java-serialised, as Spark ships them). */
class PlanTest {

    @SuppressWarnings("unchecked")
    static <T> T shipped(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return (T) new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
    }

    /** Every loss and optimizer arrives with all its settings, Adam's betas and epsilon included (once refused for local steps). */
    @Test
    void everyLossAndOptimizerArrivesWithItsSettings() throws Exception {
        List<Loss> losses = List.of(mse(), binaryCrossEntropy(), crossEntropy(), crossEntropy(1f, 2.5f, 0.125f), sparseCrossEntropy(),
                sparseCrossEntropy(0.5f, 2f));
        List<Optimizer> optimizers = List.of(sgd(0.1f), sgd(0.05f, 0.9f), nesterov(0.01f, 0.8f), adam(0.001f), adamW(0.001f, 0.01f),
                rmsprop(0.002f), adam(0.001f, 0.8f, 0.99f, 1e-7f), rmsprop(0.01f, 0.9f, 1e-6f));
        for (int i = 0; i < optimizers.size(); i++) {
            Loss loss = losses.get(i % losses.size());
            Tasks.Plan back = shipped(new Tasks.Plan(loss, optimizers.get(i), 1e-4f, 7, true, null));
            assertEquals(optimizers.get(i), back.optimizer());
            assertEquals(loss.toString(), back.loss().toString());
            assertEquals(1e-4f, back.l2());
            assertEquals(7, back.seed());
        }
        // The loss computes what it computed on the driver.
        Loss weighted = crossEntropy(1f, 3f);
        Sequential model = net();
        assertEquals(model.loss(X, Y, weighted), model.loss(X, Y, shipped(weighted)));
    }

    static Sequential net() {
        return Sequential.of(dense(3, 4), dense(4, 2), softmax()).initialize(2);
    }

    static final float[][] X = {{1, 2, 3}, {0, -1, 2}, {3, 1, 0}};
    static final float[][] Y = {{1, 0}, {0, 1}, {1, 0}};

    /** What local steps do every round: the driver's state, serialised as Spark ships it, continues the run in a fresh stepper. */
    @Test
    void aStateShippedIntoAFreshStepperContinuesTheRunBitForBit() throws Exception {
        Sequential a = net();
        Stepper first = a.train().loss(crossEntropy()).optimizer(adam(0.05f)).stepper();
        for (int i = 0; i < 4; i++) {
            first.step(X, Y);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(first.state());
        }
        Stepper.State shipped = (Stepper.State) new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
        assertEquals(4, shipped.steps());
        Sequential b = Sequential.fromBytes(a.toBytes());
        Stepper second = b.train().loss(crossEntropy()).optimizer(adam(0.05f)).stepper();
        second.restore(shipped);
        Sequential fresh = Sequential.fromBytes(a.toBytes());
        Stepper restarted = fresh.train().loss(crossEntropy()).optimizer(adam(0.05f)).stepper();
        for (int i = 0; i < 3; i++) {
            first.step(X, Y);
            second.step(X, Y);
            restarted.step(X, Y);
        }
        assertArrayEquals(Data.weights(a), Data.weights(b));
        assertFalse(java.util.Arrays.equals(Data.weights(a), Data.weights(fresh)), "without the state Adam starts over");
        Stepper momentum = net().train().loss(crossEntropy()).optimizer(sgd(0.1f, 0.9f)).stepper();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> momentum.restore(shipped));
        assertTrue(e.getMessage().contains("momentum_buffer"), e.getMessage());
    }
}
