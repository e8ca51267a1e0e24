package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training by hand, one update at a time, with a run's optimizer, schedule and L2 penalty: for
 * loops of your own and for data-parallel training, where the gradients of a batch come from
 * several workers ({@link Sequential#gradientSums}) and the optimizer's state stays in one place.
 * Made by {@link Training#stepper()} from the same description a run takes:
 * <pre>{@code
 * Stepper stepper = model.train().loss(crossEntropy()).optimizer(adam(0.001f)).schedule(cosine(10)).epochs(10).stepper();
 * for (int epoch = 1; epoch <= 10; epoch++) {
 *     stepper.startEpoch(epoch);
 *     for (float[][][] batch : batches) {
 *         float loss = stepper.step(batch[0], batch[1]);            // one update on this batch
 *     }
 * }
 * // or, with the gradients summed elsewhere:
 * stepper.apply(part1.plus(part2));
 * }</pre>
 * A stepper's updates take the model as a training step does (other threads' predictions wait), but
 * it does not claim the model as a run does: keep one stepper per model.
 */
public final class Stepper {

    private final Sequential model;
    private final Kernels kernels;
    private final LossFunction loss;
    private final Updater updater;
    private final RateSchedule.Scheduler scheduler;
    private final Workspace workspace;

    Stepper(Sequential model, Kernels kernels, LossFunction loss, Optimizer optimizer, Schedule schedule, float l2, long seed) {
        this.model = model;
        this.kernels = kernels;
        this.loss = loss;
        this.updater = Updater.start(optimizer, kernels, model, l2);
        this.scheduler = new RateSchedule.Scheduler((RateSchedule) schedule, updater.learningRate);
        this.workspace = new Workspace(model, kernels, Workspace.Mode.TRAINING, model.gradientArrays());
        workspace.startRun(seed, true);
    }

    /** Sets the learning rate of epoch {@code epoch} (counting from 1) from the schedule; returns it. */
    public float startEpoch(int epoch) {
        Checks.positive("startEpoch", "the epoch", epoch);
        float rate = scheduler.rateFor(epoch);
        updater.learningRate = rate;
        return rate;
    }

    /** Lets the schedule see the monitored loss after an epoch (reduce-on-plateau lowers the rate on it). */
    public void endEpoch(float monitoredLoss) {
        scheduler.observe(monitoredLoss);
    }

    /**
     * One forward pass, backward pass and update on this batch, as a training run's step; returns the
     * batch's mean loss. A non-finite loss changes nothing.
     *
     * @throws IllegalArgumentException if the rows do not fit the model or the loss
     */
    public float step(float[][] x, float[][] y) {
        Sequential.Batch batch = model.checkedBatch("step", x, y, loss);
        long stamp = model.lockForUpdate();
        try {
            workspace.reserve(batch.rows(), batch.xWidth());
            workspace.step(updater.steps);
            float value = workspace.lossAndGradients(batch.x(), batch.y(), batch.rows(), loss);
            if (Float.isFinite(value)) {
                updater.step();
            }
            return value;
        } finally {
            model.unlockUpdate(stamp);
        }
    }

    /**
     * One update from gradients summed elsewhere: the model's gradients become {@code total}'s sums
     * divided by its normalizer (the mean over all its rows), then the optimizer steps.
     *
     * @throws IllegalArgumentException if the gradients are of another model, or not finite
     */
    public void apply(Gradients total) {
        List<float[]> sums = total.sums();
        List<Parameter> parameters = model.parameters();
        if (sums.size() != parameters.size()) {
            throw new IllegalArgumentException("apply: " + sums.size() + " gradient arrays for a model with " + parameters.size()
                    + " parameters; the gradients must come from a replica of this model.");
        }
        for (int p = 0; p < sums.size(); p++) {
            int expected = parameters.get(p).value().rows() * parameters.get(p).value().cols();
            if (sums.get(p).length != expected) {
                throw new IllegalArgumentException("apply: the gradient of " + parameters.get(p).name() + " has " + sums.get(p).length
                        + " values, the parameter " + expected + "; the gradients must come from a replica of this model.");
            }
            int bad = kernels.indexOfFirstOutside(expected, sums.get(p), 0, -Float.MAX_VALUE, Float.MAX_VALUE);
            if (bad >= 0) {
                throw new IllegalArgumentException("apply: the gradient of " + parameters.get(p).name() + " holds " + sums.get(p)[bad]
                        + " at index " + bad + "; nothing was changed.");
            }
        }
        float scale = (float) (1.0 / total.normalizer());
        long stamp = model.lockForUpdate();
        try {
            float[][] gradients = model.gradientArrays();
            for (int p = 0; p < sums.size(); p++) {
                Arrays.fill(gradients[p], 0f);
                kernels.axpy(gradients[p].length, scale, sums.get(p), 0, gradients[p], 0);
            }
            updater.step();
        } finally {
            model.unlockUpdate(stamp);
        }
    }

    /**
     * What the stepper would need to continue exactly after a restart: the optimizer's state arrays
     * (named {@code parameter.kind} as PyTorch's optimizers name them), the updates applied so far,
     * and the schedule's state. A copy: later steps do not change it. Save it with the model (its
     * parameters are the model's) to checkpoint a hand-made or distributed run.
     *
     * @param optimizer     the optimizer's arrays by name ({@code 0.weight.exp_avg} ...)
     * @param steps         the updates applied so far (Adam's t)
     * @param learningRate  the current epoch's rate
     * @param plateauBest   reduce-on-plateau's best loss so far (infinity before the first)
     * @param plateauWaited reduce-on-plateau's epochs since that best
     */
    public record State(Map<String, float[]> optimizer, long steps, float learningRate, float plateauBest, int plateauWaited)
            implements java.io.Serializable {

        private static final long serialVersionUID = 1L;

        /** Copies the arrays. */
        public State {
            Map<String, float[]> copy = new LinkedHashMap<>();
            for (Map.Entry<String, float[]> e : optimizer.entrySet()) {
                copy.put(e.getKey(), e.getValue().clone());
            }
            optimizer = java.util.Collections.unmodifiableMap(copy);
        }
    }

    /** A copy of the stepper's state; see {@link State}. */
    public State state() {
        RateSchedule.Scheduler s = scheduler;
        return new State(updater.state(), updater.steps, updater.learningRate, s.best, s.waited);
    }

    /**
     * Continues from a state taken by {@link #state()} of a stepper of the same description on the same model.
     *
     * @throws IllegalArgumentException if the state's arrays do not fit this stepper's optimizer (naming them)
     */
    public void restore(State state) {
        Map<String, float[]> live = updater.state();
        if (!live.keySet().equals(state.optimizer().keySet())) {
            throw new IllegalArgumentException("restore: the state holds " + state.optimizer().keySet() + ", but this stepper's"
                    + " optimizer has " + live.keySet() + "; restore a state of the same optimizer on the same model.");
        }
        for (Map.Entry<String, float[]> e : live.entrySet()) {
            if (e.getValue().length != state.optimizer().get(e.getKey()).length) {
                throw new IllegalArgumentException("restore: " + e.getKey() + " has " + state.optimizer().get(e.getKey()).length
                        + " values in the state and " + e.getValue().length + " here.");
            }
        }
        for (Map.Entry<String, float[]> e : live.entrySet()) {
            System.arraycopy(state.optimizer().get(e.getKey()), 0, e.getValue(), 0, e.getValue().length);
        }
        updater.steps = state.steps();
        updater.learningRate = state.learningRate();
        scheduler.rate = state.learningRate();
        scheduler.best = state.plateauBest();
        scheduler.waited = state.plateauWaited();
    }

    /** The updates applied so far. */
    public long steps() {
        return updater.steps;
    }

    /** The learning rate of the current epoch. */
    public float learningRate() {
        return updater.learningRate;
    }
}
