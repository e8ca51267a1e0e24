package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A training run, described step by step and started with {@link #run()}. Each method returns a
 * new, unchanged-elsewhere description, so a partly described run can be shared and varied safely:
 * <pre>{@code
 * Training base = model.train().on(x, y).loss(binaryCrossEntropy()).batchSize(4).seed(1);
 * History h = base.optimizer(sgd(0.1f)).epochs(10_000)
 *         .every(1_000, epoch -> System.out.println(epoch))
 *         .run();
 * }</pre>
 * Defaults: batch size 32 (capped at the number of examples), seed 0, rows shuffled every epoch.
 * Loss, optimizer, data and epochs have no default and {@link #run()} says which is missing.
 */
public final class Training {

    /** Batch size when none is given (the common default of Keras and PyTorch's examples). */
    public static final int DEFAULT_BATCH_SIZE = 32;

    private final Sequential model;
    private final float[][] x;
    private final float[][] y;
    private final Dataset dataset;
    private final Loss loss;
    private final Optimizer optimizer;
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final int every;
    private final Consumer<History.Epoch> progress;

    private Training(Sequential model, float[][] x, float[][] y, Dataset dataset, Loss loss, Optimizer optimizer,
                     int epochs, int batchSize, long seed, boolean shuffle, int every, Consumer<History.Epoch> progress) {
        this.model = model;
        this.x = x;
        this.y = y;
        this.dataset = dataset;
        this.loss = loss;
        this.optimizer = optimizer;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
        this.every = every;
        this.progress = progress;
    }

    static Training of(Sequential model) {
        return new Training(model, null, null, null, null, null, 0, DEFAULT_BATCH_SIZE, 0L, true, 0, null);
    }

    /** Trains on these inputs and targets (one example per row; checked when the run starts). */
    public Training on(float[][] inputs, float[][] targets) {
        Objects.requireNonNull(inputs, "on: inputs");
        Objects.requireNonNull(targets, "on: targets");
        return new Training(model, inputs, targets, null, loss, optimizer, epochs, batchSize, seed, shuffle, every, progress);
    }

    /** Trains on a dataset's features and targets. */
    public Training on(Dataset data) {
        Objects.requireNonNull(data, "on: dataset");
        return new Training(model, null, null, data, loss, optimizer, epochs, batchSize, seed, shuffle, every, progress);
    }

    /** The loss to minimise, e.g. {@code binaryCrossEntropy()}. */
    public Training loss(Loss lossFunction) {
        Objects.requireNonNull(lossFunction, "loss");
        return new Training(model, x, y, dataset, lossFunction, optimizer, epochs, batchSize, seed, shuffle, every, progress);
    }

    /** How to update the parameters, e.g. {@code sgd(0.1f)}. */
    public Training optimizer(Optimizer update) {
        Objects.requireNonNull(update, "optimizer");
        return new Training(model, x, y, dataset, loss, update, epochs, batchSize, seed, shuffle, every, progress);
    }

    /**
     * How many passes over the data.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Training epochs(int count) {
        Checks.positive("epochs", "the number of epochs", count);
        return new Training(model, x, y, dataset, loss, optimizer, count, batchSize, seed, shuffle, every, progress);
    }

    /**
     * Examples per update; the data size (or more) gives full-batch gradient descent.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Training batchSize(int size) {
        Checks.positive("batchSize", "the batch size", size);
        return new Training(model, x, y, dataset, loss, optimizer, epochs, size, seed, shuffle, every, progress);
    }

    /** Seeds the order of examples in each epoch, so a run can be repeated exactly. */
    public Training seed(long value) {
        return new Training(model, x, y, dataset, loss, optimizer, epochs, batchSize, value, shuffle, every, progress);
    }

    /** Whether to reshuffle the examples every epoch (default true); false keeps the given order. */
    public Training shuffle(boolean enabled) {
        return new Training(model, x, y, dataset, loss, optimizer, epochs, batchSize, seed, enabled, every, progress);
    }

    /**
     * Calls {@code action} after every {@code epochs}-th epoch (and after the last one), e.g. to
     * print progress: {@code .every(1_000, epoch -> System.out.println(epoch))}.
     *
     * @throws IllegalArgumentException if epochs is below 1
     */
    public Training every(int epochCount, Consumer<History.Epoch> action) {
        Checks.positive("every", "the epoch interval", epochCount);
        Objects.requireNonNull(action, "every: action");
        return new Training(model, x, y, dataset, loss, optimizer, epochs, batchSize, seed, shuffle, epochCount, action);
    }

    /**
     * Runs the training: checks every setting and the data before any parameter changes, then
     * runs the epochs, each over shuffled minibatches.
     *
     * @return the per-epoch losses
     * @throws IllegalStateException      if the data, loss, optimizer or epochs were not given
     * @throws IllegalArgumentException   if the data do not fit the model or the loss (naming row and column)
     * @throws TrainingDivergedException  if the loss becomes NaN or infinite
     */
    public History run() {
        if (x == null && dataset == null) {
            throw new IllegalStateException("train(): no data set. Add .on(inputs, targets) or .on(dataset) before .run().");
        }
        if (loss == null) {
            throw new IllegalStateException("train(): no loss set. Add .loss(...) before .run(), e.g. .loss(binaryCrossEntropy()).");
        }
        if (optimizer == null) {
            throw new IllegalStateException("train(): no optimizer set. Add .optimizer(...) before .run(), e.g. .optimizer(sgd(0.1f)).");
        }
        if (epochs == 0) {
            throw new IllegalStateException("train(): the number of epochs is not set. Add .epochs(n) before .run(), e.g. .epochs(1000).");
        }
        float[][] inputs = dataset != null ? dataset.features() : x;
        float[][] targets = dataset != null ? dataset.targets() : y;
        Sequential.Batch data = model.checkedBatch("train()", inputs, targets, loss);
        Trainer trainer = new Trainer(model, Kernels.active(), data, (LossFunction) loss, optimizer,
                Math.min(batchSize, data.rows()), shuffle, seed);
        History history = new History(epochs);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            float epochLoss = trainer.epoch();
            if (!Float.isFinite(epochLoss)) {
                throw new TrainingDivergedException(trainer.divergenceMessage(epoch, epochLoss), epoch, history);
            }
            history.record(epochLoss);
            if (progress != null && (epoch % every == 0 || epoch == epochs)) {
                progress.accept(new History.Epoch(epoch, epochLoss));
            }
        }
        return history;
    }

    @Override
    public String toString() {
        return "Training[" + model + ", loss " + loss + ", optimizer " + optimizer + ", epochs " + epochs
                + ", batch size " + batchSize + ", seed " + seed + "]";
    }
}
