package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.util.function.Consumer;

/**
 * A training run, described step by step and started with {@link #run()}. Each method returns a
 * new description and leaves the one it was called on unchanged, so a partly described run can
 * be shared and varied safely:
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

    // Never changed after a description is returned: each setter changes a fresh copy.
    private final Sequential model;
    private float[][] x;
    private float[][] y;
    private Dataset dataset;
    private Loss loss;
    private Optimizer optimizer;
    private int epochs;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private long seed;
    private boolean shuffle = true;
    private int every;
    private Consumer<History.Epoch> progress;

    private Training(Sequential model) {
        this.model = model;
    }

    private Training copy() {
        Training t = new Training(model);
        t.x = x;
        t.y = y;
        t.dataset = dataset;
        t.loss = loss;
        t.optimizer = optimizer;
        t.epochs = epochs;
        t.batchSize = batchSize;
        t.seed = seed;
        t.shuffle = shuffle;
        t.every = every;
        t.progress = progress;
        return t;
    }

    static Training of(Sequential model) {
        return new Training(model);
    }

    /**
     * Trains on these inputs and targets (one example per row; checked when the run starts).
     *
     * @throws IllegalArgumentException if either is null
     */
    public Training on(float[][] inputs, float[][] targets) {
        if (inputs == null || targets == null) {
            throw new IllegalArgumentException("on: the " + (inputs == null ? "inputs are" : "targets are")
                    + " null; pass one row per example, e.g. .on(new float[][] {{0, 1}}, new float[][] {{1}}).");
        }
        Training t = copy();
        t.x = inputs;
        t.y = targets;
        t.dataset = null;
        return t;
    }

    /**
     * Trains on a dataset's features and targets.
     *
     * @throws IllegalArgumentException if the dataset is null
     */
    public Training on(Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException("on: the dataset is null; e.g. .on(Dataset.of(x, y)) or .on(split.train()).");
        }
        Training t = copy();
        t.dataset = data;
        t.x = null;
        t.y = null;
        return t;
    }

    /**
     * The loss to minimise, e.g. {@code binaryCrossEntropy()}.
     *
     * @throws IllegalArgumentException if it is null
     */
    public Training loss(Loss lossFunction) {
        if (lossFunction == null) {
            throw new IllegalArgumentException("loss: the loss is null; pass one of Losses.mse(), binaryCrossEntropy(), crossEntropy().");
        }
        Training t = copy();
        t.loss = lossFunction;
        return t;
    }

    /**
     * How to update the parameters, e.g. {@code sgd(0.1f)}.
     *
     * @throws IllegalArgumentException if it is null
     */
    public Training optimizer(Optimizer update) {
        if (update == null) {
            throw new IllegalArgumentException("optimizer: the optimizer is null; pass one of Optimizers.sgd(0.1f), adam(0.001f) ...");
        }
        Training t = copy();
        t.optimizer = update;
        return t;
    }

    /**
     * How many passes over the data.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Training epochs(int count) {
        Checks.positive("epochs", "the number of epochs", count);
        Training t = copy();
        t.epochs = count;
        return t;
    }

    /**
     * Examples per update; the data size (or more) gives full-batch gradient descent.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Training batchSize(int size) {
        Checks.positive("batchSize", "the batch size", size);
        Training t = copy();
        t.batchSize = size;
        return t;
    }

    /** Seeds the order of examples in each epoch, so a run can be repeated exactly. */
    public Training seed(long value) {
        Training t = copy();
        t.seed = value;
        return t;
    }

    /** Whether to reshuffle the examples every epoch (default true); false keeps the given order. */
    public Training shuffle(boolean enabled) {
        Training t = copy();
        t.shuffle = enabled;
        return t;
    }

    /**
     * Calls {@code action} after every {@code epochs}-th epoch (and after the last one), e.g. to
     * print progress: {@code .every(1_000, epoch -> System.out.println(epoch))}. The action runs on
     * the training thread between epochs and may use the model (predict, save).
     *
     * @throws IllegalArgumentException if epochs is below 1 or the action is null
     */
    public Training every(int epochCount, Consumer<History.Epoch> action) {
        Checks.positive("every", "the epoch interval", epochCount);
        if (action == null) {
            throw new IllegalArgumentException("every: the action is null; e.g. .every(100, epoch -> System.out.println(epoch)).");
        }
        Training t = copy();
        t.every = epochCount;
        t.progress = action;
        return t;
    }

    /**
     * Runs the training: checks every setting and the data before any parameter changes, then
     * runs the epochs, each over shuffled minibatches.
     *
     * @return the per-epoch losses
     * @throws IllegalStateException      if the data, loss, optimizer or epochs were not given, or
     *                                    the model is already being trained
     * @throws IllegalArgumentException   if the data do not fit the model or the loss (naming row and column)
     * @throws TrainingDivergedException  if the loss becomes NaN or infinite; the model is then put
     *                                    back to its weights after the last epoch with a finite loss
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
        model.beginTraining();
        try {
            Trainer trainer = new Trainer(model, Kernels.active(), data, (LossFunction) loss, optimizer,
                    Math.min(batchSize, data.rows()), shuffle, seed);
            Snapshot lastFinite = model.snapshot();
            lastFinite.take();
            History history = new History(epochs);
            for (int epoch = 1; epoch <= epochs; epoch++) {
                float epochLoss = trainer.epoch();
                if (!Float.isFinite(epochLoss)) {
                    lastFinite.restore();
                    throw new TrainingDivergedException(trainer.divergenceMessage(epoch, epochLoss)
                            + " The model keeps its weights from " + (epoch == 1 ? "before the run" : "the end of epoch " + (epoch - 1))
                            + ", the last with a finite loss.", epoch, history);
                }
                lastFinite.take();
                history.record(epochLoss);
                if (progress != null && (epoch % every == 0 || epoch == epochs)) {
                    progress.accept(new History.Epoch(epoch, epochLoss));
                }
            }
            return history;
        } finally {
            model.endTraining();
        }
    }

    @Override
    public String toString() {
        return "Training[" + model + ", loss " + loss + ", optimizer " + optimizer + ", epochs " + epochs
                + ", batch size " + batchSize + ", seed " + seed + "]";
    }
}
