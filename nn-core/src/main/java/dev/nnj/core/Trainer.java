package dev.nnj.core;

import dev.nnj.core.internal.Shuffle;
import dev.nnj.core.internal.SplitMix;
import dev.nnj.core.spi.Kernels;

import java.nio.file.Path;

/**
 * One training run: its workspaces, batch buffers, batch order, optimizer and schedule state,
 * early-stopping state and snapshots, all made up front so that an epoch allocates nothing.
 * {@link Training} describes a run; this carries it out.
 */
final class Trainer {

    /** Validation rows are evaluated in chunks of at most this many. */
    private static final int VALIDATION_CHUNK = 1024;

    private final Sequential model;
    private final Kernels kernels;
    private final Workspace workspace;
    private final Sequential.Batch data;
    private final Sequential.Batch validation;
    private final LossFunction loss;
    private final Optimizer optimizer;
    final Updater updater;
    final RateSchedule.Scheduler scheduler;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final SplitMix random = new SplitMix();
    private final int[] order;
    private final float[] xBatch;
    private final float[] yBatch;
    private float[] xChunk;
    private float[] yChunk;
    private int correct;
    /** The diagnosis's sampled statistics, or null when the run has diagnosis off. */
    private RunStatistics statistics;
    /** True once a step's loss was NaN, infinite or exploded: the run stops. */
    private boolean failed;
    /** What a checkpoint of this run records of its settings, and a resumed run must match. */
    final String settings;

    Trainer(Sequential model, Kernels kernels, Sequential.Batch data, Sequential.Batch validation, LossFunction loss,
            Optimizer optimizer, Schedule schedule, float l2, int batchSize, boolean shuffle, long seed) {
        this.model = model;
        this.kernels = kernels;
        this.workspace = model.trainingWorkspace(kernels);
        this.data = data;
        this.validation = validation;
        this.loss = loss;
        this.optimizer = optimizer;
        this.updater = Updater.start(optimizer, kernels, model, l2);
        this.scheduler = new RateSchedule.Scheduler((RateSchedule) schedule, updater.learningRate);
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.order = Shuffle.identity(data.rows());
        boolean fullBatch = batchSize == data.rows();
        this.xBatch = fullBatch ? data.x() : new float[batchSize * data.xWidth()];
        this.yBatch = fullBatch ? data.y() : new float[batchSize * data.yWidth()];
        workspace.reserve(batchSize, data.xWidth());
        workspace.startRun(seed, true);
        this.settings = loss + "; " + optimizer + "; seed " + seed + "; batch size " + batchSize;
    }

    Trainer(Sequential model, Kernels kernels, Sequential.Batch data, LossFunction loss, Optimizer optimizer,
            int batchSize, boolean shuffle, long seed) {
        this(model, kernels, data, null, loss, optimizer, Schedules.constant(), 0f, batchSize, shuffle, seed);
    }

    /** Samples statistics for the run's diagnosis, and stops a loss that explodes (see {@link RunStatistics}). */
    void watch(RunStatistics sampled) {
        this.statistics = sampled;
    }

    /** True once a step's loss was NaN or infinite, or exploded under diagnosis: the epoch ended there. */
    boolean failed() {
        return failed;
    }

    /** Sets the rate of the coming epoch from the schedule, and returns it. */
    float startEpoch(int epoch) {
        float rate = scheduler.rateFor(epoch);
        updater.learningRate = rate;
        return rate;
    }

    /** One pass over the data in minibatches; returns the mean loss, weighted by batch size. */
    float epoch() {
        return epoch(0, null);
    }

    /**
     * One pass over the data; the epoch number (from 1) seeds its order, so any epoch's order can be
     * drawn again without the ones before it. Returns the mean loss, weighted by batch size.
     */
    float epoch(int number, Progress progress) {
        int n = data.rows();
        correct = 0;
        if (batchSize == n) {
            // Full batch: order does not change the gradient, so the data are used in place.
            float batchLoss = step(n);
            if (loss.classification() && !failed) {
                correct += workspace.correct(yBatch, n);
            }
            return batchLoss;
        }
        if (shuffle) {
            // From the identity each time, so the order is a function of the seed and the epoch alone.
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            random.reseed(SplitMix.mix(seed ^ SplitMix.mix(number)));
            Shuffle.shuffle(order, 0, n, random);
        }
        // The epoch's loss is its sum over the batches over their normalizers' sum, as validate() computes it:
        // with class weights a batch's mean divides by its rows' weights, not by its rows.
        double sum = 0;
        double normalizer = 0;
        int batches = (n + batchSize - 1) / batchSize;
        for (int from = 0, b = 1; from < n; from += batchSize, b++) {
            int to = Math.min(n, from + batchSize);
            kernels.gatherRows(order, from, to, data.xWidth(), data.x(), xBatch, 0);
            kernels.gatherRows(order, from, to, data.yWidth(), data.y(), yBatch, 0);
            float batchLoss = step(to - from);
            if (failed) {
                return batchLoss;
            }
            if (loss.classification()) {
                correct += workspace.correct(yBatch, to - from);
            }
            sum += workspace.lastSum();
            normalizer += workspace.lastNormalizer();
            if (progress != null) {
                progress.batch(number, b, batches, (float) (sum / normalizer));
            }
        }
        return (float) (sum / normalizer);
    }

    /** The share of training rows the last epoch classified right, or NaN for regression. */
    float accuracy() {
        return loss.classification() ? (float) correct / data.rows() : Float.NaN;
    }

    /**
     * Forward, backward and one update on the first {@code rows} rows of the batch buffers, with
     * the model taken for the step so that predict calls from other threads see it before or after.
     */
    float step(int rows) {
        long stamp = model.lockForUpdate();
        try {
            long number = updater.steps;
            workspace.step(number);
            float batchLoss = workspace.lossAndGradients(xBatch, yBatch, rows, loss);
            if (statistics == null) {
                failed = !Float.isFinite(batchLoss);
                if (!failed) {
                    updater.step();
                }
                return batchLoss;
            }
            failed = statistics.fails(batchLoss);
            if (failed) {
                statistics.failed(workspace, rows, batchLoss, number);
                return batchLoss;
            }
            statistics.beforeUpdate(workspace, rows, batchLoss, number);
            updater.step();
            statistics.afterUpdate();
            return batchLoss;
        } finally {
            model.unlockUpdate(stamp);
        }
    }

    boolean hasValidation() {
        return validation != null;
    }

    /**
     * The loss and accuracy on the validation rows (inference mode: no dropout, batch norm's running
     * statistics), through {@code ws}; {@code into[0]} gets the loss, {@code into[1]} the accuracy.
     */
    void validate(Workspace ws, float[] into) {
        int n = validation.rows();
        int chunk = Math.min(n, VALIDATION_CHUNK);
        if (xChunk == null) {
            xChunk = n <= VALIDATION_CHUNK ? validation.x() : new float[chunk * validation.xWidth()];
            yChunk = n <= VALIDATION_CHUNK ? validation.y() : new float[chunk * validation.yWidth()];
        }
        ws.reserve(chunk, validation.xWidth());
        double sum = 0;
        double normalizer = 0;
        int right = 0;
        for (int from = 0; from < n; from += chunk) {
            int rows = Math.min(chunk, n - from);
            if (xChunk != validation.x()) {
                System.arraycopy(validation.x(), from * validation.xWidth(), xChunk, 0, rows * validation.xWidth());
                System.arraycopy(validation.y(), from * validation.yWidth(), yChunk, 0, rows * validation.yWidth());
            }
            ws.lossOnly(xChunk, yChunk, rows, loss);
            sum += ws.lastSum();
            normalizer += ws.lastNormalizer();
            if (loss.classification()) {
                right += ws.correct(yChunk, rows);
            }
        }
        into[0] = (float) (sum / normalizer);
        into[1] = loss.classification() ? (float) right / n : Float.NaN;
    }

    long steps() {
        return updater.steps;
    }

    /** Explains a loss that stopped being finite, pointing at the usual causes with this run's numbers. */
    String divergenceMessage(int epoch, float value) {
        StringBuilder s = new StringBuilder(Float.isFinite(value)
                ? "train(): the loss rose to " + value + " in epoch " + epoch + " with " + optimizer + ", over "
                        + (int) RunStatistics.EXPLOSION_FACTOR + " times its starting level ("
                        + statistics.explosionLimit / RunStatistics.EXPLOSION_FACTOR + "). The updates overshoot and grow."
                : "train(): the loss became " + value + " in epoch " + epoch + " with " + optimizer
                        + ". The updates grew until the numbers overflowed.");
        float[] x = data.x();
        int large = kernels.indexOfFirstOutside(x.length, x, 0, -10f, 10f);
        if (large >= 0) {
            s.append(" The inputs are not scaled (row ").append(large / data.xWidth()).append(", column ")
                    .append(large % data.xWidth()).append(" is ").append(x[large])
                    .append("): standardize them (put Dataset.preprocessing() or Layers.normalization(...) first)");
            s.append(", or lower the learning rate.");
        } else {
            s.append(" Lower the learning rate (try a tenth of it).");
        }
        return s.toString();
    }

    /** Writes a checkpoint: the model, the optimizer and schedule state, the epoch, and what the run recorded. */
    void checkpoint(Path file, int epoch, History history, EarlyStop early) {
        Checkpoint.write(file, model, this, epoch, history, early);
    }
}
