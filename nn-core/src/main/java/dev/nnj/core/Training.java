package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.util.List;
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

    /** What early stopping watches. */
    public enum Monitor {
        /** The training loss (lower is better). */
        LOSS("the training loss"),
        /** The validation loss (lower is better): the default when the run has validation data. */
        VALIDATION_LOSS("the validation loss"),
        /** The training accuracy (higher is better). */
        ACCURACY("the training accuracy"),
        /** The validation accuracy (higher is better). */
        VALIDATION_ACCURACY("the validation accuracy");

        private final String words;

        Monitor(String words) {
            this.words = words;
        }

        /** The quantity in words, e.g. "the validation loss". */
        @Override
        public String toString() {
            return words;
        }
    }

    /**
     * Called after every epoch with its record; may stop the run, giving the reason, which the
     * History keeps:
     * <pre>{@code
     * .callback((epoch, run) -> { if (epoch.validationAccuracy() >= 0.99f) run.stop("99% reached"); })
     * }</pre>
     */
    @FunctionalInterface
    public interface Callback {
        /** Runs on the training thread between epochs; the model may be used (predict, save). */
        void afterEpoch(History.Epoch epoch, Run run);
    }

    /** What a {@link Callback} can do to the run it is called from. */
    public static final class Run {
        private final Sequential model;
        private String stopReason;

        Run(Sequential model) {
            this.model = model;
        }

        /** The model being trained. */
        public Sequential model() {
            return model;
        }

        /**
         * Ends the run after this epoch; {@code reason} becomes the History's stop reason.
         *
         * @throws IllegalArgumentException if reason is null or blank
         */
        public void stop(String reason) {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("stop: give the reason, e.g. run.stop(\"accuracy 0.99 reached\").");
            }
            this.stopReason = reason;
        }
    }

    // Never changed after a description is returned: each setter changes a fresh copy.
    private final Sequential model;
    private float[][] x;
    private float[][] y;
    private Dataset dataset;
    private float[][] validationX;
    private float[][] validationY;
    private double validationFraction;
    private Loss loss;
    private Optimizer optimizer;
    private Schedule schedule = Schedules.constant();
    private float l2;
    private int epochs;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private long seed;
    private boolean shuffle = true;
    private int every;
    private Consumer<History.Epoch> progress;
    private java.util.List<Callback> callbacks = java.util.List.of();
    private int patience;
    private float minDelta;
    private Monitor monitor;
    private boolean restoreBest = true;
    private java.nio.file.Path checkpointFile;
    private int checkpointEvery;
    private java.nio.file.Path resumeFile;
    private Progress.Mode output = Progress.Mode.AUTO;
    private java.io.PrintStream outputStream = System.out;
    private boolean failOnDivergence;
    private boolean diagnosis = true;

    private Training(Sequential model) {
        this.model = model;
    }

    private Training copy() {
        Training t = new Training(model);
        t.x = x;
        t.y = y;
        t.dataset = dataset;
        t.validationX = validationX;
        t.validationY = validationY;
        t.validationFraction = validationFraction;
        t.loss = loss;
        t.optimizer = optimizer;
        t.schedule = schedule;
        t.l2 = l2;
        t.epochs = epochs;
        t.batchSize = batchSize;
        t.seed = seed;
        t.shuffle = shuffle;
        t.every = every;
        t.progress = progress;
        t.callbacks = callbacks;
        t.patience = patience;
        t.minDelta = minDelta;
        t.monitor = monitor;
        t.restoreBest = restoreBest;
        t.checkpointFile = checkpointFile;
        t.checkpointEvery = checkpointEvery;
        t.resumeFile = resumeFile;
        t.output = output;
        t.outputStream = outputStream;
        t.failOnDivergence = failOnDivergence;
        t.diagnosis = diagnosis;
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
     * Measures loss (and accuracy, for classification) on these rows after every epoch, in
     * inference mode (no dropout; batch norm's running statistics). Early stopping and
     * reduce-on-plateau watch the validation loss when there is one.
     *
     * @throws IllegalArgumentException if the dataset is null
     */
    public Training validation(Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException("validation: the dataset is null; e.g. .validation(split.test()).");
        }
        return validation(data.features(), data.targets());
    }

    /**
     * Measures loss (and accuracy) on these rows after every epoch; see {@link #validation(Dataset)}.
     *
     * @throws IllegalArgumentException if either is null
     */
    public Training validation(float[][] inputs, float[][] targets) {
        if (inputs == null || targets == null) {
            throw new IllegalArgumentException("validation: the " + (inputs == null ? "inputs are" : "targets are")
                    + " null; pass one row per example.");
        }
        Training t = copy();
        t.validationX = inputs;
        t.validationY = targets;
        t.validationFraction = 0;
        return t;
    }

    /**
     * Holds out this share of the training rows (drawn with the run's seed) and measures loss and
     * accuracy on them after every epoch, as {@link #validation(Dataset)} does; the rest are trained on.
     *
     * @throws IllegalArgumentException if the fraction is outside (0, 1)
     */
    public Training validationSplit(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validationSplit: the fraction must be between 0 and 1 (exclusive), got "
                    + fraction + ", e.g. 0.2 to hold out a fifth of the rows.");
        }
        Training t = copy();
        t.validationFraction = fraction;
        t.validationX = null;
        t.validationY = null;
        return t;
    }

    /**
     * Changes the learning rate from epoch to epoch (see {@link Schedules}); the optimizer's rate is the base.
     *
     * @throws IllegalArgumentException if the schedule is null
     */
    public Training schedule(Schedule rates) {
        if (rates == null) {
            throw new IllegalArgumentException("schedule: the schedule is null; e.g. .schedule(Schedules.cosine(20)).");
        }
        Training t = copy();
        t.schedule = rates;
        return t;
    }

    /**
     * L2 regularisation of the weight matrices (not biases or batch norm's scales): adds
     * {@code lambda · w} to each weight's gradient before every update, as PyTorch's
     * {@code weight_decay} does for SGD. The loss the History records does not include the penalty.
     * For Adam prefer {@code Optimizers.adamW}, whose decay is decoupled from the adaptive scaling.
     *
     * @throws IllegalArgumentException if lambda is negative or not finite
     */
    public Training l2(float lambda) {
        if (!(lambda >= 0f) || !Float.isFinite(lambda)) {
            throw new IllegalArgumentException("l2: lambda must be at least 0 and finite, got " + lambda + "; 1e-4 is usual.");
        }
        Training t = copy();
        t.l2 = lambda;
        return t;
    }

    /**
     * Stops the run when the validation loss (the training loss without validation data) has not
     * improved for {@code patience} epochs in a row, and puts back the weights of its best epoch.
     * The History's stop reason says when it stopped and which epoch it kept.
     *
     * @throws IllegalArgumentException if patience is below 1
     */
    public Training earlyStopping(int patience) {
        return earlyStopping(patience, 0f, null, true);
    }

    /**
     * Early stopping with every option: stop after {@code patience} epochs in a row in which the
     * monitored quantity did not improve on its best by more than {@code minDelta}; {@code monitor}
     * null picks the validation loss when there is validation data, else the training loss;
     * {@code restoreBest} puts back the best epoch's weights when the run ends.
     *
     * @throws IllegalArgumentException if patience is below 1 or minDelta is negative
     */
    public Training earlyStopping(int patience, float minDelta, Monitor monitor, boolean restoreBest) {
        Checks.positive("earlyStopping", "the patience", patience);
        if (!(minDelta >= 0f) || !Float.isFinite(minDelta)) {
            throw new IllegalArgumentException("earlyStopping: minDelta must be at least 0 and finite, got " + minDelta + ".");
        }
        Training t = copy();
        t.patience = patience;
        t.minDelta = minDelta;
        t.monitor = monitor;
        t.restoreBest = restoreBest;
        return t;
    }

    /**
     * Adds a callback run after every epoch; it may stop the run with a reason.
     *
     * @throws IllegalArgumentException if the callback is null
     */
    public Training callback(Callback callback) {
        if (callback == null) {
            throw new IllegalArgumentException("callback: the callback is null.");
        }
        Training t = copy();
        java.util.List<Callback> all = new java.util.ArrayList<>(callbacks);
        all.add(callback);
        t.callbacks = java.util.List.copyOf(all);
        return t;
    }

    /**
     * Writes a checkpoint to {@code file} every {@code everyEpochs} epochs (and after the last):
     * the model and everything the run needs to continue exactly, so that
     * {@link #resumeFrom(java.nio.file.Path)} ends bitwise where an uninterrupted run would have.
     * {@code Sequential.load(file)} reads the model alone from it.
     *
     * @throws IllegalArgumentException if the file is null or everyEpochs is below 1
     */
    public Training checkpoint(java.nio.file.Path file, int everyEpochs) {
        if (file == null) {
            throw new IllegalArgumentException("checkpoint: the file is null; e.g. .checkpoint(Path.of(\"run.ckpt\"), 5).");
        }
        Checks.positive("checkpoint", "the epoch interval", everyEpochs);
        Training t = copy();
        t.checkpointFile = file;
        t.checkpointEvery = everyEpochs;
        return t;
    }

    /**
     * Continues the run a checkpoint recorded: the model's weights, the optimizer's state, the
     * epoch, the schedule and early stopping come from the file; the description must otherwise be
     * the run's own (data, loss, optimizer, seed, batch size), which is checked.
     *
     * @throws IllegalArgumentException if the file is null
     */
    public Training resumeFrom(java.nio.file.Path file) {
        if (file == null) {
            throw new IllegalArgumentException("resumeFrom: the file is null.");
        }
        Training t = copy();
        t.resumeFile = file;
        return t;
    }

    /**
     * Prints the progress lines to {@code out} from the first epoch, however short the run (by
     * default a run prints nothing until it has taken two seconds, then at most a line a second).
     *
     * @throws IllegalArgumentException if out is null
     */
    public Training progress(java.io.PrintStream out) {
        if (out == null) {
            throw new IllegalArgumentException("progress: the stream is null; e.g. .progress(System.out), or .quiet().");
        }
        Training t = copy();
        t.output = Progress.Mode.ALWAYS;
        t.outputStream = out;
        return t;
    }

    /** Prints nothing: no progress lines, no notes (the History still records everything). */
    public Training quiet() {
        Training t = copy();
        t.output = Progress.Mode.NEVER;
        return t;
    }

    /**
     * Throws {@link TrainingDivergedException} when the loss becomes NaN or infinite, instead of
     * ending the run with the stop reason {@code DIVERGED}; either way the model keeps the weights
     * of its last finite epoch.
     */
    public Training failOnDivergence() {
        Training t = copy();
        t.failOnDivergence = true;
        return t;
    }

    /**
     * Turns the run's diagnosis on (the default) or off. With it on, the run checks the setup
     * before the first step, samples statistics every few steps (at a cost under 5% of training),
     * stops a loss that explodes (over 100 times its starting level) as it stops NaN, and, when
     * the run ends with a symptom (the loss stuck where always giving the same answer puts it, not
     * moving, rising, NaN), names the cause it can confirm. Each {@link Finding} is printed once
     * (unless {@link #quiet()}) and kept in {@link History#findings()}; a healthy run has none.
     * Off, a NaN or infinite loss still stops the run and restores the last finite weights.
     */
    public Training diagnosis(boolean enabled) {
        Training t = copy();
        t.diagnosis = enabled;
        return t;
    }

    /**
     * A {@link Stepper}: this description's loss, optimizer, schedule, L2 penalty and seed, for a loop
     * of your own or for data-parallel training (data, epochs, callbacks and the rest are the loop's).
     *
     * @throws IllegalStateException if the loss or the optimizer was not given
     */
    public Stepper stepper() {
        if (loss == null) {
            throw new IllegalStateException("stepper(): no loss set. Add .loss(...) first, e.g. .loss(crossEntropy()).");
        }
        if (optimizer == null) {
            throw new IllegalStateException("stepper(): no optimizer set. Add .optimizer(...) first, e.g. .optimizer(adam(0.001f)).");
        }
        return new Stepper(model, Kernels.active(), (LossFunction) loss, optimizer, schedule, l2, seed);
    }

    /**
     * Runs the training: checks every setting and the data before any parameter changes, then
     * runs the epochs, each over shuffled minibatches, measuring validation data after each.
     *
     * <p>A run always ends with its History, whose {@link History#stopReason()} says why: every
     * epoch ran; early stopping (naming the epoch whose weights were kept); a callback's reason; or a
     * loss that became NaN or infinite, after which the model keeps the weights of its last finite
     * epoch (with {@link #failOnDivergence()} that throws instead).
     *
     * @return what the run recorded
     * @throws IllegalStateException      if the data, loss, optimizer or epochs were not given, or
     *                                    the model is already being trained
     * @throws IllegalArgumentException   if the data do not fit the model or the loss (naming row
     *                                    and column), or a checkpoint to resume from does not fit the run
     * @throws TrainingDivergedException  only with {@link #failOnDivergence()}
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
        Sequential.Batch all = model.checkedBatch("train()", inputs, targets, loss);
        if (dataset != null) {
            checkPreprocessing(dataset);
        }
        Sequential.Batch data = all;
        Sequential.Batch held = null;
        if (validationFraction > 0) {
            Sequential.Batch[] parts = Batches.split(all, validationFraction, seed);
            data = parts[0];
            held = parts[1];
        } else if (validationX != null) {
            held = model.checkedBatch("validation", validationX, validationY, loss);
        }
        LossFunction function = (LossFunction) loss;
        Monitor watched = monitor != null ? monitor : held != null ? Monitor.VALIDATION_LOSS : Monitor.LOSS;
        if ((watched == Monitor.VALIDATION_LOSS || watched == Monitor.VALIDATION_ACCURACY) && held == null) {
            throw new IllegalStateException("train(): early stopping watches " + watched + ", but the run has no validation"
                    + " data. Add .validation(...) or .validationSplit(0.2), or watch Monitor.LOSS.");
        }
        if ((watched == Monitor.ACCURACY || watched == Monitor.VALIDATION_ACCURACY) && !function.classification()) {
            throw new IllegalStateException("train(): early stopping watches " + watched + ", but " + loss + " is a regression"
                    + " loss, which has no accuracy. Watch a loss instead.");
        }
        model.beginTraining();
        try {
            if (dataset != null && dataset.encoder().isPresent()) {
                model.useEncoder(dataset.encoder().get());
            }
            return new Loop(this, data, held, function, watched).run();
        } finally {
            model.endTraining();
        }
    }

    /**
     * A dataset that asked for scaling (its preprocessing is not the identity) trains only a model
     * that starts with that preprocessing: otherwise the model sees raw values the user meant to scale.
     */
    private void checkPreprocessing(Dataset data) {
        Layer wanted = data.preprocessing();
        if (!(wanted instanceof Normalization)) {
            return;
        }
        Operation first = model.operations()[0];
        Normalization w = (Normalization) wanted;
        if (first instanceof Normalization && java.util.Arrays.equals(((Normalization) first).center(), w.center())
                && java.util.Arrays.equals(((Normalization) first).spread(), w.spread())) {
            return;
        }
        throw new IllegalStateException("train(): the dataset scales its features (" + w + " fitted on its rows), but the model"
                + " starts with " + first + ", so it would train on the unscaled values. Put the dataset's preprocessing first:"
                + " Sequential.of(data.preprocessing(), dense(...), ...); or build the dataset without standardize()/minMax().");
    }

    /** The run itself: the epoch loop and what happens between epochs. */
    private static final class Loop {
        private final Training settings;
        private final Sequential model;
        private final Trainer trainer;
        private final History history;
        private final EarlyStop early;
        private final Progress progress;
        private final Snapshot lastFinite;
        private final Run run;
        private final Sequential.Batch data;
        private final LossFunction loss;
        private final Diagnosis diagnosis;

        Loop(Training t, Sequential.Batch data, Sequential.Batch held, LossFunction loss, Monitor watched) {
            this.settings = t;
            this.model = t.model;
            this.trainer = new Trainer(model, Kernels.active(), data, held, loss, t.optimizer, t.schedule, t.l2,
                    Math.min(t.batchSize, data.rows()), t.shuffle, t.seed);
            this.history = new History(t.epochs, loss.classification(), held != null);
            this.early = t.patience > 0 ? new EarlyStop(watched, t.patience, t.minDelta, t.restoreBest, model) : null;
            this.progress = new Progress(t.output, t.outputStream, t.epochs);
            this.lastFinite = model.snapshot();
            this.run = new Run(model);
            this.data = data;
            this.loss = loss;
            this.diagnosis = t.diagnosis ? model.diagnosis(Kernels.active()) : null;
        }

        History run() {
            int first = 1;
            if (settings.resumeFile != null) {
                first = Checkpoint.read(settings.resumeFile, model, trainer, history, early, settings.epochs) + 1;
            }
            lastFinite.take();
            if (diagnosis != null) {
                trainer.watch(diagnosis.begin(data, loss, settings.optimizer, Math.min(settings.batchSize, data.rows()),
                        settings.seed, trainer.steps()));
                report();
            }
            Workspace validation = trainer.hasValidation() ? model.borrowWorkspace() : null;
            float[] measured = {Float.NaN, Float.NaN};
            try {
                for (int epoch = first; epoch <= settings.epochs; epoch++) {
                    float rate = trainer.startEpoch(epoch);
                    float loss = trainer.epoch(epoch, progress);
                    if (trainer.failed()) {
                        return diverged(epoch, loss);
                    }
                    lastFinite.take();
                    if (validation != null) {
                        trainer.validate(validation, measured);
                    }
                    float accuracy = trainer.accuracy();
                    history.record(loss, accuracy, measured[0], measured[1], rate, progress.seconds());
                    trainer.scheduler.observe(validation != null ? measured[0] : loss);
                    boolean stop = early != null && early.update(epoch, loss, accuracy, measured[0], measured[1]);
                    boolean last = epoch == settings.epochs || stop;
                    boolean every = settings.progress != null && (epoch % settings.every == 0 || epoch == settings.epochs);
                    // The record is made only when someone reads it, so a quiet epoch allocates nothing.
                    if (progress.due(last) || every || !settings.callbacks.isEmpty()) {
                        History.Epoch record = history.last();
                        progress.epoch(record, last);
                        if (every) {
                            settings.progress.accept(record);
                        }
                        for (Callback c : settings.callbacks) {
                            c.afterEpoch(record, run);
                        }
                    }
                    if (stop) {
                        int kept = early.restore(epoch);
                        history.stop(new History.StopReason(History.StopReason.Kind.EARLY_STOPPED, epoch, kept,
                                "early stopping at epoch " + epoch + ": " + early.monitor + " did not improve for "
                                        + early.patience + " epochs; kept the weights of epoch " + kept));
                    } else if (run.stopReason != null) {
                        history.stop(new History.StopReason(History.StopReason.Kind.STOPPED_BY_CALLBACK, epoch, epoch,
                                "stopped by a callback at epoch " + epoch + ": " + run.stopReason));
                    }
                    if (settings.checkpointFile != null && (epoch % settings.checkpointEvery == 0 || epoch == settings.epochs
                            || history.stopReasonSet())) {
                        trainer.checkpoint(settings.checkpointFile, epoch, history, early);
                    }
                    if (history.stopReasonSet()) {
                        progress.note("train(): " + history.stopReason());
                        return finish();
                    }
                }
                if (early != null) {
                    int last = history.count();
                    int kept = early.restore(last);
                    if (kept != last) {
                        history.stop(new History.StopReason(History.StopReason.Kind.COMPLETED, last, kept,
                                "all " + last + " epochs ran; kept the weights of epoch " + kept + ", where " + early.monitor + " was best"));
                    }
                }
                return finish();
            } finally {
                if (validation != null) {
                    model.returnWorkspace(validation);
                }
            }
        }

        /** The diagnosis's verdict on the run, printed once and kept in the History. */
        private History finish() {
            if (diagnosis != null) {
                History.StopReason stop = history.stopReason();
                diagnosis.end(history, trainer.steps(), stop.restoredEpoch() != stop.epoch());
                report();
            }
            return history;
        }

        private void report() {
            List<Finding> fresh = diagnosis.fresh();
            for (int i = 0; i < fresh.size(); i++) {
                history.add(fresh.get(i));
                progress.note(fresh.get(i).message());
            }
        }

        private History diverged(int epoch, float loss) {
            lastFinite.restore();
            if (diagnosis != null) {
                diagnosis.diverged(history, epoch);
                report();
            }
            String message = trainer.divergenceMessage(epoch, loss) + " The model keeps its weights from "
                    + (epoch == 1 ? "before the run" : "the end of epoch " + (epoch - 1)) + ", the last with a finite loss.";
            if (settings.failOnDivergence) {
                throw new TrainingDivergedException(message, epoch, history);
            }
            history.stop(new History.StopReason(History.StopReason.Kind.DIVERGED, epoch - 1, epoch - 1, message));
            progress.note(message);
            return history;
        }
    }

    @Override
    public String toString() {
        return "Training[" + model + ", loss " + loss + ", optimizer " + optimizer + ", epochs " + epochs
                + ", batch size " + batchSize + ", seed " + seed + "]";
    }
}
