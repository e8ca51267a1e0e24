package dev.nnj.spark;

import dev.nnj.core.Evaluation;
import dev.nnj.core.Gradients;
import dev.nnj.core.History;
import dev.nnj.core.Layer;
import dev.nnj.core.Loss;
import dev.nnj.core.Optimizer;
import dev.nnj.core.Parameter;
import dev.nnj.core.Schedule;
import dev.nnj.core.Schedules;
import dev.nnj.core.Sequential;
import dev.nnj.core.Stepper;
import dev.nnj.core.Training;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Trains an nnj model on data that live in Spark, synchronously data-parallel: every round the
 * driver broadcasts the model, each partition works on its share of the round's batches on a copy,
 * and the driver adds the partitions' results in partition order and updates the model with the
 * same optimizer (Adam, SGD, ..., schedule and L2) as {@code model.train()}; the optimizer's state
 * stays on the driver. The settings are the training DSL's:
 * <pre>{@code
 * SparkHistory history = SparkTraining.of(model)
 *         .on(frame, "features", "label")        // an array or ML vector column; a class index or value label
 *         .loss(crossEntropy())
 *         .optimizer(adam(0.001f))
 *         .epochs(5)
 *         .batchSize(256)
 *         .seed(1)
 *         .validation(test)                      // measured on the driver after every epoch
 *         .run();
 * }</pre>
 *
 * <p><b>Rounds.</b> An epoch is {@code ceil(rows / batchSize)} batches, each made of every
 * partition's share (in proportion to its rows, drawn in an order fixed by the seed, the epoch and
 * the partition). With {@link #localSteps(int) localSteps(1)} a round is one batch: each partition
 * returns the gradient sums of its share, the driver adds them in partition order and takes one
 * optimizer step, so the run is single-machine minibatch training over these batches (with one batch
 * per epoch it equals {@code model.train()}'s full-batch run, up to the order of float32 sums). With
 * k local steps a round covers k batches: each partition takes k optimizer steps on its shares,
 * starting from the driver's model and optimizer state, and the driver averages the partitions'
 * parameters and optimizer states, weighted by rows (parameter averaging, as DL4J does). Fewer,
 * longer rounds cost less synchronisation; by default k is chosen so that a round does about 100 ms of
 * work ({@link #localSteps(int)}).
 *
 * <p><b>Determinism.</b> The result depends on the data's partitioning and the settings, not on
 * which executor finishes first or how often Spark retries a task: two runs give identical weights.
 *
 * <p>The builder is immutable: each method returns a new description. Training accuracy is not
 * measured (NaN in the records); validation loss and accuracy are. Batch normalisation is refused
 * (its running statistics are per partition and would need averaging), as is early stopping, which
 * this class does not offer.
 */
public final class SparkTraining {

    /** The work a round should do when {@link #localSteps(int)} is not given, in seconds. */
    static final double ROUND_SECONDS = 0.1;
    /**
     * One core's training speed as an effective rate: rows per second of an nnj training step times
     * 3 × the model's parameters (forward, and backward's two products). Measured with nn-simd's kernels
     * on one thread, Fashion-MNIST's 784-128-10 network at batch 256: 116 700 rows/s × 3 × 101 770
     * ≈ 3.5·10¹⁰ (docs/spark.md). It turns a model's size into the local steps that make a round last
     * about {@link #ROUND_SECONDS}; executors on the scalar kernels run slower, so their rounds last longer.
     */
    static final double MACS_PER_SECOND = 3.5e10;

    private final Sequential model;
    private Input input;
    private Loss loss;
    private Optimizer optimizer;
    private Schedule schedule = Schedules.constant();
    private float l2;
    private int epochs;
    private int batchSize = Training.DEFAULT_BATCH_SIZE;
    private long seed;
    private boolean shuffle = true;
    private int localSteps;
    private float[][] validationX;
    private float[][] validationY;
    private int every;
    private Consumer<History.Epoch> progress;
    private Path checkpointFile;
    private int checkpointEvery;
    private Path resumeFile;
    // For tests: a task failure to inject, and an action after every round (e.g. to stop the driver).
    private Tasks.Fault fault;
    private LongConsumer afterRound;

    private SparkTraining(Sequential model) {
        this.model = model;
    }

    private SparkTraining copy() {
        SparkTraining t = new SparkTraining(model);
        t.input = input;
        t.loss = loss;
        t.optimizer = optimizer;
        t.schedule = schedule;
        t.l2 = l2;
        t.epochs = epochs;
        t.batchSize = batchSize;
        t.seed = seed;
        t.shuffle = shuffle;
        t.localSteps = localSteps;
        t.validationX = validationX;
        t.validationY = validationY;
        t.every = every;
        t.progress = progress;
        t.checkpointFile = checkpointFile;
        t.checkpointEvery = checkpointEvery;
        t.resumeFile = resumeFile;
        t.fault = fault;
        t.afterRound = afterRound;
        return t;
    }

    /**
     * A Spark training run of this model (trained in place, on the driver).
     *
     * @throws IllegalArgumentException if the model is null
     */
    public static SparkTraining of(Sequential model) {
        if (model == null) {
            throw new IllegalArgumentException("SparkTraining.of: the model is null; e.g. SparkTraining.of(Sequential.of(dense(4, 3), softmax())).");
        }
        return new SparkTraining(model);
    }

    /**
     * Trains on a DataFrame: {@code featuresColumn} holds each row's inputs (an array of numbers or
     * an ML vector, e.g. a VectorAssembler's output); {@code labelColumn} its target: a class index
     * 0 .. k−1 for {@code crossEntropy()} (made one-hot) or {@code sparseCrossEntropy()}, a number for a
     * one-output model, or an array or vector of the model's outputs. The DataFrame's partitions are
     * the units of work; repartition it to the number of executor cores (or a multiple) first.
     *
     * @throws IllegalArgumentException if the frame is null, or a column is missing or of an unusable type
     */
    public SparkTraining on(org.apache.spark.sql.Dataset<Row> frame, String featuresColumn, String labelColumn) {
        return on(frame, List.of(nonNull(featuresColumn, "featuresColumn")), labelColumn);
    }

    /**
     * Trains on a DataFrame whose inputs are several numeric columns, in this order; see
     * {@link #on(org.apache.spark.sql.Dataset, String, String)}.
     *
     * @throws IllegalArgumentException if the frame is null, no column is given, or a column is missing or of an unusable type
     */
    public SparkTraining on(org.apache.spark.sql.Dataset<Row> frame, List<String> featureColumns, String labelColumn) {
        if (frame == null) {
            throw new IllegalArgumentException("SparkTraining.on: the DataFrame is null.");
        }
        if (featureColumns == null || featureColumns.isEmpty()) {
            throw new IllegalArgumentException("SparkTraining.on: no feature column given; e.g. .on(frame, \"features\", \"label\").");
        }
        featureColumns.forEach(c -> nonNull(c, "feature column"));
        SparkTraining t = copy();
        t.input = new Input.Frame(frame, featureColumns, nonNull(labelColumn, "labelColumn"));
        return t;
    }

    /**
     * Trains on an RDD of (features, targets) pairs, one per example; its partitions are the units of
     * work. From Scala, wrap an {@code RDD[(Array[Float], Array[Float])]} with {@code JavaPairRDD.fromRDD}.
     *
     * @throws IllegalArgumentException if the RDD is null
     */
    public SparkTraining on(JavaPairRDD<float[], float[]> rows) {
        if (rows == null) {
            throw new IllegalArgumentException("SparkTraining.on: the RDD is null.");
        }
        SparkTraining t = copy();
        t.input = new Input.Pairs(rows);
        return t;
    }

    /** The loss to minimise, e.g. {@code crossEntropy()}. @throws IllegalArgumentException if null */
    public SparkTraining loss(Loss lossFunction) {
        SparkTraining t = copy();
        t.loss = nonNull(lossFunction, "loss");
        return t;
    }

    /** The optimizer, e.g. {@code adam(0.001f)}; it runs on the driver (and, with local steps, on the executors). @throws IllegalArgumentException if null */
    public SparkTraining optimizer(Optimizer update) {
        SparkTraining t = copy();
        t.optimizer = nonNull(update, "optimizer");
        return t;
    }

    /** The learning-rate schedule, as {@link Training#schedule}. @throws IllegalArgumentException if null */
    public SparkTraining schedule(Schedule rates) {
        SparkTraining t = copy();
        t.schedule = nonNull(rates, "schedule");
        return t;
    }

    /** L2 regularisation of the weight matrices, as {@link Training#l2}. @throws IllegalArgumentException if negative or not finite */
    public SparkTraining l2(float lambda) {
        if (!(lambda >= 0f) || !Float.isFinite(lambda)) {
            throw new IllegalArgumentException("l2: lambda must be at least 0 and finite, got " + lambda + "; 1e-4 is usual.");
        }
        SparkTraining t = copy();
        t.l2 = lambda;
        return t;
    }

    /** Passes over the data. @throws IllegalArgumentException if below 1 */
    public SparkTraining epochs(int count) {
        positive("epochs", "the number of epochs", count);
        SparkTraining t = copy();
        t.epochs = count;
        return t;
    }

    /**
     * Rows per optimizer step, over all partitions together (default 32, capped at the number of
     * rows); the number of rows or more gives full-batch gradient descent, one batch per epoch.
     *
     * @throws IllegalArgumentException if below 1
     */
    public SparkTraining batchSize(int size) {
        positive("batchSize", "the batch size", size);
        SparkTraining t = copy();
        t.batchSize = size;
        return t;
    }

    /** Seeds the order of rows in each epoch and dropout's masks, so a run can be repeated exactly. */
    public SparkTraining seed(long value) {
        SparkTraining t = copy();
        t.seed = value;
        return t;
    }

    /** Whether each partition reshuffles its rows every epoch (default true). */
    public SparkTraining shuffle(boolean enabled) {
        SparkTraining t = copy();
        t.shuffle = enabled;
        return t;
    }

    /**
     * Optimizer steps each partition takes per round. 1 makes every round one batch whose gradients
     * the driver sums and applies (the same updates as training on one machine); k above 1 lets each
     * partition take k steps on its shares of k batches before the driver averages parameters and
     * optimizer state: k times fewer rounds, at the cost of updates that differ from one machine's.
     * Without this setting k is chosen from the model's size, the batch size and the partitions so
     * that a round does about 100 ms of work ({@code ceil(0.1 s / step time)}, the step time estimated
     * as 3 × parameters × rows per partition / 3.5·10¹⁰ a second, one core's rate with nn-simd, measured
     * in docs/spark.md), and is 1 when one batch already takes that long or an epoch is one batch. The
     * choice depends on the model, the batch size and the partitions only, never on timing, so runs repeat.
     *
     * @throws IllegalArgumentException if below 1
     */
    public SparkTraining localSteps(int k) {
        positive("localSteps", "the number of local steps", k);
        SparkTraining t = copy();
        t.localSteps = k;
        return t;
    }

    /**
     * Measures loss and accuracy on these rows after every epoch, on the driver, in inference mode.
     *
     * @throws IllegalArgumentException if the dataset is null
     */
    public SparkTraining validation(dev.nnj.core.Dataset data) {
        nonNull(data, "validation data");
        return validation(data.features(), data.targets());
    }

    /**
     * Measures loss and accuracy on these rows and targets after every epoch; see {@link #validation(dev.nnj.core.Dataset)}.
     *
     * @throws IllegalArgumentException if either is null
     */
    public SparkTraining validation(float[][] inputs, float[][] targets) {
        SparkTraining t = copy();
        t.validationX = nonNull(inputs, "validation inputs");
        t.validationY = nonNull(targets, "validation targets");
        return t;
    }

    /**
     * Calls {@code action} on the driver after every {@code epochCount}-th epoch and after the last,
     * e.g. {@code .every(1, System.out::println)}.
     *
     * @throws IllegalArgumentException if epochCount is below 1 or the action is null
     */
    public SparkTraining every(int epochCount, Consumer<History.Epoch> action) {
        positive("every", "the epoch interval", epochCount);
        SparkTraining t = copy();
        t.every = epochCount;
        t.progress = nonNull(action, "action");
        return t;
    }

    /**
     * Writes a checkpoint to {@code file} (on the driver's file system) every {@code everyRounds}
     * rounds and when the run ends: the model, the optimizer's state and where the run stands, so
     * that {@link #resumeFrom} continues exactly as if the run had not stopped.
     *
     * @throws IllegalArgumentException if the file is null or everyRounds is below 1
     */
    public SparkTraining checkpoint(Path file, int everyRounds) {
        positive("checkpoint", "the round interval", everyRounds);
        SparkTraining t = copy();
        t.checkpointFile = nonNull(file, "checkpoint file");
        t.checkpointEvery = everyRounds;
        return t;
    }

    /**
     * Continues the run a checkpoint recorded: the model's weights, the optimizer's state, the epoch
     * and batch, and the epochs recorded come from the file. The description must otherwise be the
     * run's own (data partitioning, loss, optimizer, schedule, seed, batch size, local steps), which is
     * checked; the number of epochs may grow.
     *
     * @throws IllegalArgumentException if the file is null
     */
    public SparkTraining resumeFrom(Path file) {
        SparkTraining t = copy();
        t.resumeFile = nonNull(file, "checkpoint file");
        return t;
    }

    /** Tests only: fails tasks where {@code fault} says so. */
    SparkTraining injectFault(Tasks.Fault taskFault) {
        SparkTraining t = copy();
        t.fault = taskFault;
        return t;
    }

    /** Tests only: runs {@code action} with the round's number (from 1) on the driver after every round. */
    SparkTraining afterRound(LongConsumer action) {
        SparkTraining t = copy();
        t.afterRound = action;
        return t;
    }

    /**
     * Runs the training: checks the settings, loads each partition's rows into executor memory once,
     * then runs the rounds. Data errors found on the executors (a null, NaN or mis-sized row, a label
     * outside the model's classes) are thrown here, naming column, partition and row.
     *
     * @return what the run recorded
     * @throws IllegalStateException    if the data, loss, optimizer or epochs were not given
     * @throws IllegalArgumentException if the data do not fit the model or the loss, the model has batch
     *                                  normalisation, or a checkpoint to resume from does not fit the run
     */
    public SparkHistory run() {
        if (input == null) {
            throw new IllegalStateException("SparkTraining: no data set. Add .on(frame, \"features\", \"label\") or .on(pairRdd) before .run().");
        }
        if (loss == null) {
            throw new IllegalStateException("SparkTraining: no loss set. Add .loss(...) before .run(), e.g. .loss(crossEntropy()).");
        }
        if (optimizer == null) {
            throw new IllegalStateException("SparkTraining: no optimizer set. Add .optimizer(...) before .run(), e.g. .optimizer(adam(0.001f)).");
        }
        if (epochs == 0) {
            throw new IllegalStateException("SparkTraining: the number of epochs is not set. Add .epochs(n) before .run().");
        }
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).toString().startsWith("batchNorm")) {
                throw new IllegalArgumentException("SparkTraining: layer " + i + " " + layers.get(i) + " keeps running statistics"
                        + " that each partition would compute on its own rows; SparkTraining does not combine them yet. Train this"
                        + " model with model.train(), or use dropout instead of batch normalisation.");
            }
        }
        int outputs = model.inputWidth() < 0 ? -1 : model.predict(new float[model.inputWidth()]).length;
        String lossName = loss.toString();
        boolean sparse = lossName.startsWith("sparseCrossEntropy");
        Input.Labels labels = sparse ? Input.Labels.INDEX : lossName.startsWith("crossEntropy") && outputs > 1
                ? Input.Labels.ONE_HOT : Input.Labels.VALUES;
        if (validationX != null) {
            model.evaluate(validationX, validationY, loss); // checks the validation rows before any work
        }
        Stepper stepper = model.train().loss(loss).optimizer(optimizer).schedule(schedule).l2(l2).seed(seed).stepper();
        JavaSparkContext context = input.context();
        JavaRDD<Part> parts = input.parts(labels, outputs).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<int[]> shapes = spark(() -> parts.map(p -> new int[] {p.index(), p.rows(), p.xWidth(), p.yWidth()}).collect());
            long rows = 0;
            int[] counts = new int[shapes.size()];
            for (int[] s : shapes) {
                counts[s[0]] = s[1];
                rows += s[1];
                if (s[1] > 0) {
                    checkWidths(s, sparse ? 1 : outputs);
                }
            }
            if (rows == 0) {
                throw new IllegalArgumentException("SparkTraining: the data have no rows (" + input.describe() + ").");
            }
            int batch = (int) Math.min(batchSize, rows);
            int batches = Batches.perEpoch(rows, batch);
            int k = localSteps > 0 ? Math.min(localSteps, batches) : chooseLocalSteps(model, batch, shapes.size(), batches);
            Tasks.Plan plan = new Tasks.Plan(loss, optimizer, l2, seed, shuffle, fault);
            String settings = loss + "; " + optimizer + "; schedule " + schedule + "; l2 " + l2 + "; seed " + seed + "; batch size "
                    + batch + "; local steps " + k + "; shuffle " + shuffle + "; rows per partition " + Arrays.toString(counts);
            return new Loop(this, stepper, context, parts, plan, settings, rows, shapes.size(), batches, k).run();
        } finally {
            parts.unpersist(false);
        }
    }

    private void checkWidths(int[] shape, int targets) {
        int inputs = model.inputWidth();
        if (inputs >= 0 && shape[2] != inputs) {
            throw new IllegalArgumentException("SparkTraining: the rows of partition " + shape[0] + " have " + shape[2] + " feature"
                    + " values, but the model takes " + inputs + " (" + input.describe() + "). Give the model " + shape[2]
                    + " inputs, or select the columns it was built for.");
        }
        if (targets >= 0 && shape[3] != targets) {
            throw new IllegalArgumentException("SparkTraining: the rows of partition " + shape[0] + " have " + shape[3] + " target"
                    + " values, but " + loss + " on this model's " + Math.max(targets, 0) + " output" + (targets == 1 ? "" : "s")
                    + " needs " + targets + " (" + input.describe() + ").");
        }
    }

    /** The local steps that make a round about {@link #ROUND_SECONDS} of work (see {@link #localSteps(int)}). */
    static int chooseLocalSteps(Sequential model, int batch, int partitions, int batches) {
        long weights = 0;
        for (Parameter p : model.parameters()) {
            weights += (long) p.value().rows() * p.value().cols();
        }
        double stepSeconds = 3.0 * Math.max(weights, 1) * Math.max(1.0, (double) batch / partitions) / MACS_PER_SECOND;
        long k = (long) Math.ceil(ROUND_SECONDS / stepSeconds);
        return (int) Math.max(1, Math.min(k, batches));
    }

    /** Runs a Spark action; a data error thrown on an executor comes back as itself, not wrapped in Spark's. */
    static <T> T spark(Supplier<T> action) {
        try {
            return action.get();
        } catch (Exception e) { // Scala code throws SparkException, a checked exception, without declaring it
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IllegalArgumentException && !(t instanceof NumberFormatException)) {
                    throw new IllegalArgumentException("SparkTraining: " + t.getMessage(), e);
                }
            }
            if (e instanceof SparkException) {
                throw new IllegalStateException("SparkTraining: a Spark job failed: " + e.getMessage(), e);
            }
            throw e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException("SparkTraining: " + e, e);
        }
    }

    private static <T> T nonNull(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException("SparkTraining: the " + what + " is null.");
        }
        return value;
    }

    private static void positive(String method, String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(method + ": " + what + " must be at least 1, got " + value + ".");
        }
    }

    @Override
    public String toString() {
        return "SparkTraining[" + model + ", " + (input == null ? "no data" : input.describe()) + ", loss " + loss + ", optimizer "
                + optimizer + ", epochs " + epochs + ", batch size " + batchSize + ", seed " + seed
                + (localSteps > 0 ? ", local steps " + localSteps : "") + "]";
    }

    /** The run itself: rounds, epochs, checkpoints. */
    private static final class Loop {
        private final SparkTraining settings;
        private final Sequential model;
        private final Stepper stepper;
        private final JavaSparkContext context;
        private final JavaRDD<Part> parts;
        private final Tasks.Plan plan;
        private final String description;
        private final long rows;
        private final int partitions;
        private final int batches;
        private final int k;
        private final List<History.Epoch> recorded = new ArrayList<>();
        private int epoch = 1;
        private int nextBatch;
        private long round;
        private double lossSum;
        private double normalizer;
        private double secondsBefore;
        private long roundsRun;
        private double roundSeconds;
        private byte[] lastFinite;

        Loop(SparkTraining settings, Stepper stepper, JavaSparkContext context, JavaRDD<Part> parts, Tasks.Plan plan, String description,
             long rows, int partitions, int batches, int k) {
            this.settings = settings;
            this.model = settings.model;
            this.stepper = stepper;
            this.context = context;
            this.parts = parts;
            this.plan = plan;
            this.description = description;
            this.rows = rows;
            this.partitions = partitions;
            this.batches = batches;
            this.k = k;
        }

        SparkHistory run() {
            if (settings.resumeFile != null) {
                resume();
            }
            long start = System.nanoTime();
            lastFinite = model.toBytes();
            float rate = epoch <= settings.epochs ? stepper.startEpoch(epoch) : stepper.learningRate();
            while (epoch <= settings.epochs) {
                int count = Math.min(k, batches - nextBatch);
                long before = System.nanoTime();
                String diverged = k == 1 ? gradientRound() : localRound(count);
                roundSeconds += (System.nanoTime() - before) / 1e9;
                roundsRun++;
                if (diverged != null) {
                    return diverged(diverged);
                }
                nextBatch += count;
                round++;
                if (nextBatch == batches) {
                    endEpoch(rate, secondsBefore + (System.nanoTime() - start) / 1e9);
                    if (epoch <= settings.epochs) {
                        rate = stepper.startEpoch(epoch);
                    }
                }
                if (settings.checkpointFile != null && (round % settings.checkpointEvery == 0 || epoch > settings.epochs)) {
                    checkpoint(secondsBefore + (System.nanoTime() - start) / 1e9);
                }
                if (settings.afterRound != null) {
                    settings.afterRound.accept(round);
                }
            }
            return history(new History.StopReason(History.StopReason.Kind.COMPLETED, recorded.size(), recorded.size(),
                    "all " + recorded.size() + " epochs ran"));
        }

        /** One batch: the partitions' gradient sums, added in partition order, one optimizer step. */
        private String gradientRound() {
            Broadcast<byte[]> weights = context.broadcast(model.toBytes());
            Tasks.Slot slot = new Tasks.Slot(round + 1, epoch, nextBatch, 1, batches, stepper.steps());
            Tasks.Plan p = plan;
            try {
                List<Gradients> results = spark(() -> parts.map(part -> Tasks.gradients(part, weights.value(), p, slot)).collect());
                Gradients total = null;
                for (Gradients g : results) {
                    if (g != null) {
                        total = total == null ? g : total.plus(g);
                    }
                }
                if (total == null) {
                    return null; // partitions smaller than the epoch's batch count can leave a batch without rows
                }
                if (!Double.isFinite(total.lossSum())) {
                    return "the loss became " + total.loss();
                }
                try {
                    stepper.apply(total);
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
                lossSum += total.lossSum();
                normalizer += total.normalizer();
                return null;
            } finally {
                weights.destroy();
            }
        }

        /** {@code count} batches: local steps on every partition, then parameters and optimizer state averaged by rows. */
        private String localRound(int count) {
            Stepper.State state = stepper.state();
            Broadcast<byte[]> weights = context.broadcast(model.toBytes());
            Broadcast<Stepper.State> optimizerState = context.broadcast(state);
            Tasks.Slot slot = new Tasks.Slot(round + 1, epoch, nextBatch, count, batches, stepper.steps());
            Tasks.Plan p = plan;
            try {
                List<Tasks.Local> results = spark(() -> parts.map(part -> Tasks.localSteps(part, weights.value(), optimizerState.value(),
                        p, slot)).collect());
                long used = 0;
                double sum = 0;
                for (Tasks.Local r : results) {
                    if (r != null && r.diverged()) {
                        return "the loss became " + r.divergedLoss() + " in a local step";
                    }
                    if (r != null) {
                        used += r.rows();
                        sum += r.lossSum();
                    }
                }
                if (used == 0) {
                    return null; // no partition had rows in these batches
                }
                List<Parameter> parameters = model.parameters();
                double[][] mean = new double[parameters.size()][];
                Map<String, double[]> arrays = new LinkedHashMap<>();
                for (Tasks.Local r : results) {
                    if (r == null) {
                        continue;
                    }
                    double w = (double) r.rows() / used;
                    for (int i = 0; i < mean.length; i++) {
                        accumulate(mean, i, r.parameters().get(i), w);
                    }
                    for (Map.Entry<String, float[]> e : r.state().optimizer().entrySet()) {
                        double[] a = arrays.computeIfAbsent(e.getKey(), name -> new double[e.getValue().length]);
                        add(a, e.getValue(), w);
                    }
                }
                for (int i = 0; i < mean.length; i++) {
                    Parameter target = parameters.get(i);
                    model.setParameter(target.name(), shape(mean[i], target.value().rows(), target.value().cols()));
                }
                LinkedHashMap<String, float[]> averaged = new LinkedHashMap<>();
                for (Map.Entry<String, double[]> e : arrays.entrySet()) {
                    averaged.put(e.getKey(), toFloats(e.getValue()));
                }
                stepper.restore(new Stepper.State(averaged, state.steps() + count, state.learningRate(), state.plateauBest(),
                        state.plateauWaited()));
                lossSum += sum;
                normalizer += used;
                return null;
            } finally {
                weights.destroy();
                optimizerState.destroy();
            }
        }

        private void endEpoch(float rate, double seconds) {
            float trainingLoss = (float) (lossSum / normalizer);
            float validationLoss = Float.NaN;
            float validationAccuracy = Float.NaN;
            if (settings.validationX != null) {
                Evaluation e = model.evaluate(settings.validationX, settings.validationY, settings.loss);
                validationLoss = e.loss();
                validationAccuracy = e.accuracy();
            }
            History.Epoch record = new History.Epoch(epoch, trainingLoss, Float.NaN, validationLoss, validationAccuracy, rate, seconds);
            recorded.add(record);
            stepper.endEpoch(settings.validationX != null ? validationLoss : trainingLoss);
            if (settings.progress != null && (epoch % settings.every == 0 || epoch == settings.epochs)) {
                settings.progress.accept(record);
            }
            lastFinite = model.toBytes();
            epoch++;
            nextBatch = 0;
            lossSum = 0;
            normalizer = 0;
        }

        private SparkHistory diverged(String what) {
            copyInto(model, Sequential.fromBytes(lastFinite));
            String message = "SparkTraining: " + what + " in epoch " + epoch + " (round " + (round + 1) + ") with " + settings.optimizer
                    + ". The model keeps its weights from " + (epoch == 1 ? "before the run" : "the end of epoch " + (epoch - 1))
                    + ", the last with a finite loss. Lower the learning rate, or scale the inputs.";
            return history(new History.StopReason(History.StopReason.Kind.DIVERGED, epoch - 1, epoch - 1, message));
        }

        private SparkHistory history(History.StopReason reason) {
            return new SparkHistory(recorded, reason, roundsRun, partitions, k, rows, roundSeconds);
        }

        private void checkpoint(double seconds) {
            SparkCheckpoint.write(settings.checkpointFile, new SparkCheckpoint.Contents(description,
                    new SparkCheckpoint.Position(epoch, nextBatch, round, lossSum, normalizer, seconds), recorded, model.toBytes(),
                    stepper.state()));
        }

        private void resume() {
            SparkCheckpoint.Contents c = SparkCheckpoint.read(settings.resumeFile);
            String where = "SparkTraining.resumeFrom " + settings.resumeFile + ": ";
            if (!c.settings().equals(description)) {
                throw new IllegalArgumentException(where + "the checkpoint was written by a run with " + c.settings() + ", but this run has "
                        + description + ". Resume with the same data partitioning, loss, optimizer, schedule, seed, batch size and local steps.");
            }
            Sequential saved = Sequential.fromBytes(c.model());
            if (!saved.toString().equals(model.toString())) {
                throw new IllegalArgumentException(where + "the checkpoint holds " + saved + ", but this run trains " + model + ".");
            }
            SparkCheckpoint.Position p = c.position();
            if (p.epoch() > settings.epochs + 1) {
                throw new IllegalArgumentException(where + "the checkpoint is at epoch " + p.epoch() + ", beyond this run's "
                        + settings.epochs + " epochs; ask for more epochs to continue it.");
            }
            try {
                stepper.restore(c.state());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
            copyInto(model, saved);
            recorded.addAll(c.epochs());
            epoch = p.epoch();
            nextBatch = p.nextBatch();
            round = p.rounds();
            lossSum = p.lossSum();
            normalizer = p.normalizer();
            secondsBefore = p.seconds();
        }

        private static void copyInto(Sequential target, Sequential source) {
            List<Parameter> from = source.parameters();
            for (Parameter p : from) {
                target.setParameter(p.name(), p.value().toArray());
            }
        }

        private static void accumulate(double[][] mean, int i, float[] values, double w) {
            if (mean[i] == null) {
                mean[i] = new double[values.length];
            }
            add(mean[i], values, w);
        }

        private static void add(double[] into, float[] values, double w) {
            for (int j = 0; j < values.length; j++) {
                into[j] += w * values[j];
            }
        }

        private static float[][] shape(double[] flat, int rows, int cols) {
            float[][] m = new float[rows][cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    m[r][c] = (float) flat[r * cols + c];
                }
            }
            return m;
        }

        private static float[] toFloats(double[] values) {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return f;
        }
    }
}
