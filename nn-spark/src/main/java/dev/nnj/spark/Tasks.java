package dev.nnj.spark;

import dev.nnj.core.Gradients;
import dev.nnj.core.Loss;
import dev.nnj.core.Optimizer;
import dev.nnj.core.Parameter;
import dev.nnj.core.Sequential;
import dev.nnj.core.Stepper;
import org.apache.spark.TaskContext;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** What an executor does in a round, on its partition's rows and a copy of the model. */
final class Tasks {

    private Tasks() {
    }

    /** Fails a task on purpose (tests of Spark's retries); null in real runs. */
    @FunctionalInterface
    interface Fault extends Serializable {
        boolean fails(long round, int partition, int attempt);
    }

    /** Where a round's batches are: the epoch, its first batch and how many, out of how many. */
    record Slot(long round, int epoch, int firstBatch, int count, int batches, long step) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** What every task of a run shares; nn-core's losses and optimizers are serializable settings and travel as they are. */
    record Plan(Loss loss, Optimizer optimizer, float l2, long seed, boolean shuffle, Fault fault) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * The gradient sums of this partition's share of one batch, on a replica of the broadcast model
     * (null when the share is empty).
     */
    static Gradients gradients(Part part, byte[] model, Plan plan, Slot slot) {
        injectFault(plan, slot, part);
        // One batch an epoch: the order cannot change the gradient, so the rows stay as they are (as nn-core's full batch).
        int[] order = Batches.order(part.rows(), plan.seed(), slot.epoch(), part.index(), plan.shuffle() && slot.batches() > 1);
        int from = Batches.from(part.rows(), slot.firstBatch(), slot.batches());
        int to = Batches.from(part.rows(), slot.firstBatch() + 1, slot.batches());
        if (from == to) {
            return null;
        }
        float[][][] rows = part.gather(order, from, to);
        Sequential replica = Sequential.fromBytes(model);
        return replica.gradientSums(rows[0], rows[1], plan.loss(), Batches.partitionSeed(plan.seed(), part.index()), slot.step());
    }

    /**
     * What local steps send back: the replica's parameters and optimizer state after them, the rows
     * they used and their loss (the mean over each step's batch times its rows, summed).
     */
    record Local(long rows, double lossSum, List<float[]> parameters, Stepper.State state, boolean diverged, float divergedLoss)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * {@code slot.count()} optimizer steps on this partition's shares of consecutive batches, from the
     * broadcast model and optimizer state (null when every share is empty).
     */
    static Local localSteps(Part part, byte[] model, Stepper.State state, Plan plan, Slot slot) {
        injectFault(plan, slot, part);
        int[] order = Batches.order(part.rows(), plan.seed(), slot.epoch(), part.index(), plan.shuffle() && slot.batches() > 1);
        Sequential replica = Sequential.fromBytes(model);
        Stepper stepper = replica.train().loss(plan.loss()).optimizer(plan.optimizer()).l2(plan.l2())
                .seed(Batches.partitionSeed(plan.seed(), part.index())).stepper();
        stepper.restore(state);
        long rows = 0;
        double lossSum = 0;
        for (int b = slot.firstBatch(); b < slot.firstBatch() + slot.count(); b++) {
            int from = Batches.from(part.rows(), b, slot.batches());
            int to = Batches.from(part.rows(), b + 1, slot.batches());
            if (from == to) {
                continue;
            }
            float[][][] batch = part.gather(order, from, to);
            float loss = stepper.step(batch[0], batch[1]);
            if (!Float.isFinite(loss)) {
                return new Local(rows, lossSum, List.of(), null, true, loss);
            }
            rows += to - from;
            lossSum += (double) loss * (to - from);
        }
        if (rows == 0) {
            return null;
        }
        List<float[]> parameters = new ArrayList<>();
        for (Parameter p : replica.parameters()) {
            parameters.add(flat(p.value().toArray()));
        }
        return new Local(rows, lossSum, parameters, stepper.state(), false, 0f);
    }

    private static void injectFault(Plan plan, Slot slot, Part part) {
        if (plan.fault() == null) {
            return;
        }
        TaskContext context = TaskContext.get();
        if (plan.fault().fails(slot.round(), part.index(), context.attemptNumber())) {
            throw new IllegalStateException("injected failure in round " + slot.round() + ", partition " + part.index()
                    + ", attempt " + context.attemptNumber());
        }
    }

    static float[] flat(float[][] m) {
        int cols = m.length == 0 ? 0 : m[0].length;
        float[] f = new float[m.length * cols];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, f, r * cols, cols);
        }
        return f;
    }
}
