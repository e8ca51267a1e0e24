package dev.nnj.core;

import dev.nnj.core.internal.Shuffle;
import dev.nnj.core.spi.Kernels;

import java.util.SplittableRandom;

/**
 * The training loop's state for one run: its workspace, the batch buffers, the batch order and
 * the optimizer state, all allocated up front so that an epoch allocates nothing.
 */
final class Trainer {

    private final Sequential model;
    private final Kernels kernels;
    private final Workspace workspace;
    private final Sequential.Batch data;
    private final LossFunction loss;
    private final Optimizer optimizer;
    private final Updater updater;
    private final int batchSize;
    private final boolean shuffle;
    private final SplittableRandom random;
    private final int[] order;
    private final float[] xBatch;
    private final float[] yBatch;

    Trainer(Sequential model, Kernels kernels, Sequential.Batch data, LossFunction loss, Optimizer optimizer,
            int batchSize, boolean shuffle, long seed) {
        this.model = model;
        this.kernels = kernels;
        this.workspace = model.trainingWorkspace(kernels);
        this.data = data;
        this.loss = loss;
        this.optimizer = optimizer;
        this.updater = Updater.start(optimizer, kernels, model.parameters());
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.random = new SplittableRandom(seed);
        this.order = Shuffle.identity(data.rows());
        boolean fullBatch = batchSize == data.rows();
        this.xBatch = fullBatch ? data.x() : new float[batchSize * data.xWidth()];
        this.yBatch = fullBatch ? data.y() : new float[batchSize * data.yWidth()];
        workspace.reserve(batchSize, data.xWidth());
    }

    /** One pass over the data in minibatches; returns the mean loss, weighted by batch size. */
    float epoch() {
        int n = data.rows();
        if (batchSize == n) {
            // Full batch: order does not change the gradient, so the data are used in place.
            return step(n);
        }
        if (shuffle) {
            Shuffle.shuffle(order, 0, n, random);
        }
        float total = 0f;
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            kernels.gatherRows(order, from, to, data.xWidth(), data.x(), xBatch, 0);
            kernels.gatherRows(order, from, to, data.yWidth(), data.y(), yBatch, 0);
            float batchLoss = step(to - from);
            if (!Float.isFinite(batchLoss)) {
                return batchLoss;
            }
            total += batchLoss * (to - from);
        }
        return total / n;
    }

    /**
     * Forward, backward and one update on the first {@code rows} rows of the batch buffers, with
     * the model taken for the step so that predict calls from other threads see it before or after.
     */
    float step(int rows) {
        long stamp = model.lockForUpdate();
        try {
            float batchLoss = workspace.lossAndGradients(xBatch, yBatch, rows, loss);
            if (Float.isFinite(batchLoss)) {
                updater.step();
            }
            return batchLoss;
        } finally {
            model.unlockUpdate(stamp);
        }
    }

    /** Explains a loss that stopped being finite, pointing at the usual causes with this run's numbers. */
    String divergenceMessage(int epoch, float value) {
        StringBuilder s = new StringBuilder("train(): the loss became " + value + " in epoch " + epoch + " with "
                + optimizer + ". The updates grew until the numbers overflowed.");
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
}
