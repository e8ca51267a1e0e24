package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.StampedLock;

/**
 * A network of layers applied in order. The chain is checked when it is built, and the
 * parameters are initialised at once from a fixed seed, so the same code gives the same network:
 * <pre>{@code
 * import static dev.nnj.core.Layers.*;
 * import static dev.nnj.core.Losses.*;
 * import static dev.nnj.core.Optimizers.*;
 *
 * Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
 * History history = model.train().on(x, y).loss(binaryCrossEntropy()).optimizer(sgd(0.1f))
 *         .epochs(10_000).batchSize(4).run();
 * float[][] p = model.predict(x);
 * }</pre>
 *
 * <p><b>Threads.</b> A model holds its layers and their parameters; everything a pass needs
 * besides that lives in a per-call workspace. So {@link #predict}, {@link #loss} and
 * {@link #save} may be called from any number of threads at once, each giving exactly what a
 * single thread would. Training takes the model for one step at a time: a {@code predict} from
 * another thread during a run waits for the current step to finish and sees the weights between
 * two steps, never half an update; callbacks of the run (which run between steps, on its thread)
 * may predict freely. A second run (or {@link #computeGradients}) on the same model from another
 * thread while one is going is refused. Writing parameter values through {@link #parameters()}
 * while other threads use the model is the caller's business.
 */
public final class Sequential {

    /** The seed {@link #of} initialises with. */
    public static final long DEFAULT_SEED = 0L;

    /** Predictions are computed in chunks of this many rows, so predicting a large set needs no large buffers. */
    private static final int PREDICT_CHUNK = 1024;

    private final Operation[] layers;
    private final List<Parameter> parameters;
    private final float[][] gradients;
    private final int[] trainableCounts;
    private final boolean[] weightMatrices;
    private final int inputWidth;
    private final int firstTrainable;
    private final WorkspacePool pool;
    private final StampedLock lock = new StampedLock();
    private final AtomicReference<Thread> trainer = new AtomicReference<>();
    // Reused by successive runs and computeGradients calls (one at a time), so repeating short runs stays cheap.
    private Workspace gradientWorkspace;
    /** Turns raw table rows into input rows; set by training on a table's dataset, saved with the model. */
    private volatile RowEncoder encoder;
    private Workspace trainingWorkspace;
    private Snapshot snapshot;
    private Diagnosis diagnosis;

    private Sequential(Operation[] layers, int inputWidth) {
        this.layers = layers;
        this.inputWidth = inputWidth;
        List<Parameter> all = new ArrayList<>();
        List<Boolean> matrices = new ArrayList<>();
        this.trainableCounts = new int[layers.length];
        int first = layers.length;
        for (int i = 0; i < layers.length; i++) {
            for (Tensor t : layers[i].tensors()) {
                if (t.trainable()) {
                    Matrix value = t.value();
                    all.add(new Parameter(i + "." + t.name(), value, Matrix.zeros(value.rows(), value.cols())));
                    matrices.add(t.layout() != Tensor.Layout.VECTOR);
                    trainableCounts[i]++;
                    first = Math.min(first, i);
                }
            }
        }
        this.parameters = List.copyOf(all);
        this.weightMatrices = new boolean[all.size()];
        for (int p = 0; p < all.size(); p++) {
            weightMatrices[p] = matrices.get(p);
        }
        this.gradients = new float[all.size()][];
        for (int p = 0; p < all.size(); p++) {
            gradients[p] = all.get(p).gradient().data();
        }
        this.firstTrainable = first;
        this.pool = new WorkspacePool(this, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        for (int i = 0; i < layers.length; i++) {
            layers[i].claim(this, i);
        }
    }

    /**
     * Builds a model from layers in order, checks that each layer takes what the one before it
     * produces, and initialises the parameters with {@link #DEFAULT_SEED}.
     *
     * @throws IllegalArgumentException if there are no layers, a layer is null, used twice, or
     *                                  already part of another model, or two layers' sizes do not
     *                                  match (naming both, their positions and sizes)
     */
    public static Sequential of(Layer... layers) {
        return build(checked(layers)).initialize(DEFAULT_SEED);
    }

    /** Builds a model of layers that already hold their values (a loaded file, a copy). */
    static Sequential withValues(Layer... layers) {
        return build(checked(layers));
    }

    private static Operation[] checked(Layer... layers) {
        if (layers == null || layers.length == 0) {
            throw new IllegalArgumentException("Sequential.of: no layers given; e.g. Sequential.of(dense(2, 3), sigmoid(), dense(3, 1)).");
        }
        Operation[] ops = new Operation[layers.length];
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == null) {
                throw new IllegalArgumentException("Sequential.of: layer " + i + " is null.");
            }
            if (!seen.add(layers[i])) {
                throw new IllegalArgumentException("Sequential.of: layer " + i + " " + layers[i]
                        + " is the same object as an earlier layer; a layer holds its own weights, so call the factory again"
                        + " (e.g. sigmoid()) for each position.");
            }
            ops[i] = (Operation) layers[i];
            ops[i].checkFree(i);
        }
        return ops;
    }

    private static Sequential build(Operation[] ops) {
        int width = Operation.ANY;
        int producer = -1;
        int modelInput = Operation.ANY;
        for (int i = 0; i < ops.length; i++) {
            ops[i].connect(i, width);
            int takes = ops[i].inputWidth();
            if (takes != Operation.ANY) {
                if (width == Operation.ANY) {
                    modelInput = takes;
                } else if (takes != width) {
                    throw new IllegalArgumentException(mismatch(ops, i, takes, producer, width));
                }
            }
            int produces = ops[i].outputWidth(takes != Operation.ANY ? takes : width);
            if (produces != width || takes != Operation.ANY) {
                producer = i;
            }
            width = produces;
        }
        return new Sequential(ops, modelInput);
    }

    private static String mismatch(Operation[] ops, int i, int takes, int producer, int width) {
        String message = "Sequential.of: layer " + i + " " + ops[i] + " takes " + takes + " inputs, but layer " + producer
                + " " + ops[producer] + " produces " + width + ".";
        if (ops[i] instanceof Dense) {
            message += " Use dense(" + width + ", " + ((Dense) ops[i]).out() + ") at position " + i;
            if (ops[producer] instanceof Dense) {
                message += ", or make layer " + producer + " dense(" + ((Dense) ops[producer]).in() + ", " + takes + ")";
            }
            message += ".";
        }
        return message;
    }

    /**
     * Re-draws every parameter from {@code seed}: each dense layer's weights by its initializer
     * (by default Glorot uniform, or He uniform when the next activation, looking past identity
     * and normalisation, is relu or leakyRelu), biases zero.
     *
     * @return this model
     * @throws IllegalStateException if another thread is training the model
     */
    public Sequential initialize(long seed) {
        long stamp = takeExclusively("initialize");
        try {
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < layers.length; i++) {
                layers[i].initialize(random, nextShaping(i));
            }
        } finally {
            lock.unlockWrite(stamp);
        }
        return this;
    }

    /** The first layer after {@code index} that does more than keep the shape, or null. */
    private Operation nextShaping(int index) {
        for (int j = index + 1; j < layers.length; j++) {
            if (!layers[j].keepsShape()) {
                return layers[j];
            }
        }
        return null;
    }

    /** The trainable parameters in layer order: for each dense layer its weights ({@code "i.weight"}) then its bias ({@code "i.bias"}). */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The layers, in order. */
    public List<Layer> layers() {
        return List.of(layers);
    }

    /**
     * An independent deep copy: the same layers and parameter values, its own storage, so
     * training one leaves the other as it was.
     * <pre>{@code
     * Sequential before = model.copy();
     * model.train()...run();   // before keeps the old weights
     * }</pre>
     */
    public Sequential copy() {
        long stamp = lock.readLock();
        try {
            Layer[] copies = new Layer[layers.length];
            for (int i = 0; i < layers.length; i++) {
                copies[i] = layers[i].copy();
            }
            return withValues(copies).useEncoder(encoder);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * Starts describing a training run; see {@link Training}.
     * <pre>{@code
     * model.train().on(x, y).loss(mse()).optimizer(sgd(0.1f)).epochs(100).run();
     * }</pre>
     */
    public Training train() {
        return Training.of(this);
    }

    /**
     * Computes the mean loss on (x, y) and leaves d(loss)/d(parameter) in every
     * {@link Parameter#gradient()} (overwriting, not adding to, what was there). No parameter changes.
     *
     * @throws IllegalArgumentException on shape mismatches, non-finite values, or targets outside the loss's range
     * @throws IllegalStateException    if another thread is training the model
     */
    public float computeGradients(float[][] x, float[][] y, Loss loss) {
        Batch batch = checkedBatch("computeGradients", x, y, loss);
        long stamp = takeExclusively("computeGradients");
        try {
            return gradientsHeld(batch, (LossFunction) loss);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** {@link #computeGradients} for a caller that already holds the model ({@link #takeExclusively}). */
    float gradientsHeld(Batch batch, LossFunction loss) {
        if (gradientWorkspace == null) {
            gradientWorkspace = new Workspace(this, Kernels.active(), Workspace.Mode.TRAINING, gradients);
        }
        gradientWorkspace.reserve(batch.rows, batch.xWidth);
        return gradientWorkspace.lossAndGradients(batch.x, batch.y, batch.rows, loss);
    }

    /**
     * The mean loss on (x, y), leaving the gradients as they were. Safe from any number of threads.
     *
     * @throws IllegalArgumentException on shape mismatches, non-finite values, or targets outside the loss's range
     */
    public float loss(float[][] x, float[][] y, Loss loss) {
        Batch batch = checkedBatch("loss", x, y, loss);
        Workspace ws = pool.take();
        long stamp = lock.readLock();
        try {
            ws.reserve(batch.rows, batch.xWidth);
            return ws.lossOnly(batch.x, batch.y, batch.rows, (LossFunction) loss);
        } finally {
            lock.unlockRead(stamp);
            pool.give(ws);
        }
    }

    /**
     * The model's outputs for each row of x. Safe from any number of threads; in steady state it
     * allocates nothing but the result.
     *
     * @throws IllegalArgumentException if x is empty, ragged, of the wrong width (naming the first
     *                                  layer and its size) or holds NaN or infinity (naming row and
     *                                  column), or if an output is not finite (naming the row and
     *                                  the first layer where it appears)
     */
    public float[][] predict(float[][] x) {
        int width = checkedInputWidth("predict", x);
        int outWidth = outputWidth(width);
        float[][] result = new float[x.length][outWidth];
        Workspace ws = pool.take();
        long stamp = lock.readLock();
        try {
            ws.reserve(Math.min(x.length, PREDICT_CHUNK), width);
            for (int start = 0; start < x.length; start += PREDICT_CHUNK) {
                int rows = Math.min(PREDICT_CHUNK, x.length - start);
                float[] in = ws.inputBuffer(rows, width);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(x[start + r], 0, in, r * width, width);
                }
                float[] out = predictChunk(ws, in, rows, width, outWidth, start);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(out, r * outWidth, result[start + r], 0, outWidth);
                }
            }
        } finally {
            lock.unlockRead(stamp);
            pool.give(ws);
        }
        return result;
    }

    /**
     * The model's output for one raw row of the table it was trained on, given by column name:
     * numbers as text, categories as their names, missing cells empty (see {@link RowEncoder}).
     * <pre>{@code
     * float[] p = model.predict(Map.of("sepal_length", "5.1", "sepal_width", "3.5", "petal_length", "1.4", "petal_width", "0.2"));
     * }</pre>
     *
     * @throws IllegalStateException    if the model has no encoder (it was not trained on a table's dataset)
     * @throws IllegalArgumentException naming the column if a cell cannot be encoded
     */
    public float[] predict(java.util.Map<String, String> row) {
        return predict(requireEncoder().encode(row));
    }

    /**
     * The model's output for one raw row given as the file's cells in file order (with or without the
     * label's cell); see {@link #predict(java.util.Map)}.
     *
     * @throws IllegalStateException    if the model has no encoder
     * @throws IllegalArgumentException naming the column if a cell cannot be encoded, or the count is wrong
     */
    public float[] predict(String... row) {
        return predict(requireEncoder().encode(row));
    }

    private RowEncoder requireEncoder() {
        RowEncoder e = encoder;
        if (e == null) {
            throw new IllegalStateException("predict: this model takes number rows only; raw rows need the encoder a model gets"
                    + " by training on a dataset read from a table (TabularData), or useEncoder(dataset.encoder().get()).");
        }
        return e;
    }

    /** The encoder of raw table rows this model keeps, if it has one. */
    public java.util.Optional<RowEncoder> encoder() {
        return java.util.Optional.ofNullable(encoder);
    }

    /**
     * Makes the model take raw rows through {@code rowEncoder} (training on a table's dataset does this).
     *
     * @return this model
     * @throws IllegalArgumentException if the encoder's width is not the model's input width
     */
    public Sequential useEncoder(RowEncoder rowEncoder) {
        if (rowEncoder != null && inputWidth != Operation.ANY && rowEncoder.width() != inputWidth) {
            throw new IllegalArgumentException("useEncoder: the encoder makes rows of " + rowEncoder.width() + " values "
                    + rowEncoder.columns().stream().map(RowEncoder.Column::name).toList() + ", but the model takes " + inputWidth + ".");
        }
        this.encoder = rowEncoder;
        return this;
    }

    /** The model's output for one row; see {@link #predict(float[][])}. */
    public float[] predict(float[] x) {
        if (x == null) {
            throw new IllegalArgumentException("predict: the row is null; pass one row of " + inputWidthOrAny() + " values.");
        }
        if (x.length == 0 || inputWidth != Operation.ANY && x.length != inputWidth) {
            throw new IllegalArgumentException(inputWidthMessage("predict", x.length));
        }
        int outWidth = outputWidth(x.length);
        float[] result = new float[outWidth];
        Workspace ws = pool.take();
        long stamp = lock.readLock();
        try {
            ws.reserve(1, x.length);
            float[] out = predictChunk(ws, x, 1, x.length, outWidth, 0);
            System.arraycopy(out, 0, result, 0, outWidth);
        } finally {
            lock.unlockRead(stamp);
            pool.give(ws);
        }
        return result;
    }

    /** Checks a chunk's inputs, runs it, checks its outputs; {@code start} is the chunk's first row number. */
    private float[] predictChunk(Workspace ws, float[] in, int rows, int width, int outWidth, int start) {
        Kernels kernels = ws.kernels;
        int bad = kernels.indexOfFirstOutside(rows * width, in, 0, -Float.MAX_VALUE, Float.MAX_VALUE);
        if (bad >= 0) {
            throw new IllegalArgumentException("predict: input row " + (start + bad / width) + ", column " + bad % width
                    + " is " + in[bad] + ". Every value must be a finite number: remove or impute that row.");
        }
        float[] out = ws.forward(in, rows, layers.length);
        int badOut = kernels.indexOfFirstOutside(rows * outWidth, out, 0, -Float.MAX_VALUE, Float.MAX_VALUE);
        if (badOut >= 0) {
            int row = badOut / outWidth;
            throw new IllegalArgumentException(nonFiniteOutput(ws, in, row, width, start + row, out[badOut]));
        }
        return out;
    }

    /** Runs one finite row layer by layer to name the first layer whose output is not finite. */
    private String nonFiniteOutput(Workspace ws, float[] in, int row, int width, int rowNumber, float value) {
        float[] x = java.util.Arrays.copyOfRange(in, row * width, row * width + width);
        ws.reserve(1, width);
        int w = width;
        for (int i = 0; i < layers.length; i++) {
            float[] a = ws.forward(x, 1, i + 1);
            w = layers[i].outputWidth(w);
            if (ws.kernels.indexOfFirstOutside(w, a, 0, -Float.MAX_VALUE, Float.MAX_VALUE) >= 0) {
                return "predict: row " + rowNumber + " gives " + value + "; the first non-finite value appears in the output of"
                        + " layer " + i + " " + layers[i] + " (the row itself is finite). Its inputs or weights are too large for"
                        + " float32: scale the inputs (put Dataset.preprocessing() or normalization(...) first), or, if training"
                        + " diverged, train again with a lower learning rate.";
            }
        }
        return "predict: row " + rowNumber + " gives " + value + ".";
    }

    /**
     * Evaluates the model on a dataset with the loss its ending implies: cross-entropy after a
     * softmax, binary cross-entropy after a sigmoid, mean squared error otherwise. See
     * {@link Evaluation} for what it reports. Safe from any number of threads.
     * <pre>{@code
     * System.out.println(model.evaluate(split.test()));
     * }</pre>
     *
     * @throws IllegalArgumentException if the dataset is null or does not fit the model
     */
    public Evaluation evaluate(Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException("evaluate: the dataset is null.");
        }
        Operation last = layers[layers.length - 1];
        Loss loss = last instanceof Softmax ? Losses.crossEntropy()
                : last instanceof Sigmoid ? Losses.binaryCrossEntropy() : Losses.mse();
        return evaluate(data, loss);
    }

    /**
     * Evaluates the model on a dataset with the given loss; classification metrics for
     * classification losses, regression metrics for {@code mse}.
     *
     * @throws IllegalArgumentException if an argument is null or the data do not fit the model or the loss
     */
    public Evaluation evaluate(Dataset data, Loss loss) {
        if (data == null) {
            throw new IllegalArgumentException("evaluate: the dataset is null.");
        }
        return Evaluator.evaluate(this, checkedBatch("evaluate", data.features(), data.targets(), loss), (LossFunction) loss,
                data.classNames());
    }

    /**
     * Evaluates the model on rows and targets with the given loss; see {@link #evaluate(Dataset, Loss)}.
     *
     * @throws IllegalArgumentException if the data do not fit the model or the loss
     */
    public Evaluation evaluate(float[][] x, float[][] y, Loss loss) {
        return Evaluator.evaluate(this, checkedBatch("evaluate", x, y, loss), (LossFunction) loss, List.of());
    }

    /**
     * Looks for what would keep this model from learning this data, as a training run's diagnosis
     * does, but without training: targets the loss or the output cannot take (labels 1 and 2 for
     * binary cross-entropy, 2 for a sigmoid), NaN in the data or the weights, units with identical
     * weights, units that are flat (dead or saturated) for every row with the inputs' scale as the
     * cause where it is, and a model without hidden layers on classes no line separates. Unlike
     * {@code train()}, data the loss cannot take is a finding here, not an exception. Returns an
     * empty list when nothing is wrong. See {@link Finding}.
     * <pre>{@code
     * for (Finding f : model.diagnose(data, binaryCrossEntropy())) System.out.println(f.message());
     * }</pre>
     *
     * @throws IllegalArgumentException if an argument is null, or the rows' widths do not fit the model
     */
    public List<Finding> diagnose(Dataset data, Loss loss) {
        if (data == null) {
            throw new IllegalArgumentException("diagnose: the dataset is null.");
        }
        return diagnose(data.features(), data.targets(), loss);
    }

    /**
     * {@link #diagnose(Dataset, Loss)} on rows and targets.
     *
     * @throws IllegalArgumentException if an argument is null, or the rows' widths do not fit the model
     */
    public List<Finding> diagnose(float[][] x, float[][] y, Loss loss) {
        // On a copy: the checks run the model several times and must see one set of weights throughout.
        return Diagnosis.inspect(copy(), x, y, loss);
    }

    /**
     * The learning-rate range test: on a copy of this model (this one is not changed), one step per
     * rate while the rate rises geometrically from 1e-7 to 10 over 100 minibatches of 32 rows,
     * recording the smoothed loss, until it is four times its lowest. Returns the curve and a
     * suggested rate (a tenth of the rate at the lowest loss), or NaN with the reason when no rate
     * lowered the loss.
     * <pre>{@code
     * LearningRateCurve curve = model.findLearningRate(train, crossEntropy(), sgd(0.01f));
     * model.train().on(train).loss(crossEntropy()).optimizer(sgd(curve.suggested())).epochs(50).run();
     * }</pre>
     *
     * @param optimizer the optimizer to train with; its own rate is ignored (the test sets one per step)
     * @throws IllegalArgumentException if an argument is null or the data do not fit the model or the loss
     */
    public LearningRateCurve findLearningRate(Dataset data, Loss loss, Optimizer optimizer) {
        if (data == null) {
            throw new IllegalArgumentException("findLearningRate: the dataset is null.");
        }
        return findLearningRate(data.features(), data.targets(), loss, optimizer);
    }

    /**
     * {@link #findLearningRate(Dataset, Loss, Optimizer)} on rows and targets.
     *
     * @throws IllegalArgumentException if an argument is null or the data do not fit the model or the loss
     */
    public LearningRateCurve findLearningRate(float[][] x, float[][] y, Loss loss, Optimizer optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException("findLearningRate: the optimizer is null; pass the one you train with, e.g."
                    + " sgd(0.1f) (its rate is ignored).");
        }
        Batch batch = checkedBatch("findLearningRate", x, y, loss);
        return LearningRateFinder.find(this, batch, (LossFunction) loss, optimizer, Training.DEFAULT_BATCH_SIZE, 0L);
    }

    /**
     * One training step written out in the notation of hand-written numpy code: z = X·W + b and
     * a = f(z) for every layer, the loss, each delta with the derivative it used, dW and db, and
     * the weights after {@code optimizer}'s step. The model is not changed. See {@link Explanation}.
     * <pre>{@code
     * System.out.println(model.explain(x, y, binaryCrossEntropy(), sgd(0.1f)));
     * }</pre>
     *
     * @param optimizer the update to show, or null for the forward and backward passes only
     * @throws IllegalArgumentException if the data do not fit the model or the loss
     */
    public Explanation explain(float[][] x, float[][] y, Loss loss, Optimizer optimizer) {
        return Explainer.explain(this, checkedBatch("explain", x, y, loss), (LossFunction) loss, optimizer);
    }

    /**
     * Sets parameter {@code name} ({@code "0.weight"}, {@code "2.bias"}, as {@link #parameters()}
     * names them) from plain arrays in numpy's layout: a dense weight is inputs x outputs, as
     * numpy code writes {@code W1 = np.array(...)} for {@code X @ W1}; a bias may be given as one
     * row. Use it to start from exactly the numbers of a hand-written network and compare step by step.
     * <pre>{@code
     * model.setParameter("0.weight", new float[][] {{0.1f, -0.2f}, {0.3f, 0.4f}});
     * model.setParameter("0.bias", new float[][] {{0.05f, -0.05f}});
     * }</pre>
     *
     * @throws IllegalArgumentException if no parameter has that name (listing the names), or the shape differs
     * @throws IllegalStateException    if another thread is training the model
     */
    public Sequential setParameter(String name, float[][] values) {
        Parameter target = null;
        for (Parameter p : parameters) {
            if (p.name().equals(name)) {
                target = p;
            }
        }
        if (target == null) {
            throw new IllegalArgumentException("setParameter: the model has no parameter '" + name + "'; its parameters are "
                    + parameters.stream().map(p -> p.name() + " (" + p.value().rows() + "x" + p.value().cols() + ")").toList() + ".");
        }
        int cols = Checks.width("setParameter " + name, "values", values);
        Matrix m = target.value();
        if (values.length != m.rows() || cols != m.cols()) {
            throw new IllegalArgumentException("setParameter: " + name + " is " + m.rows() + "x" + m.cols() + " (inputs x outputs,"
                    + " numpy's layout), but the values are " + values.length + "x" + cols + "."
                    + (values.length == m.cols() && cols == m.rows() ? " They look transposed: PyTorch stores out x in; pass W.T." : ""));
        }
        float[] flat = Checks.flatten(values, cols);
        Checks.finite("setParameter " + name, "values", flat, cols, Kernels.active());
        long stamp = takeExclusively("setParameter");
        try {
            System.arraycopy(flat, 0, m.data(), 0, flat.length);
        } finally {
            lock.unlockWrite(stamp);
        }
        return this;
    }

    /**
     * A table of the layers: each one's output width and parameter count, and the totals of
     * trainable parameters and of fixed values (preprocessing, batch norm's running statistics).
     * <pre>{@code
     * System.out.println(model.summary());
     * }</pre>
     */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(java.util.Locale.ROOT, "%-3s %-24s %8s %12s %8s%n", "#", "layer", "output", "parameters", "fixed"));
        long trainable = 0;
        long fixed = 0;
        int width = inputWidth;
        for (int i = 0; i < layers.length; i++) {
            width = layers[i].outputWidth(width);
            long layerTrainable = 0;
            long layerFixed = 0;
            for (Tensor t : layers[i].tensors()) {
                long size = (long) t.value().rows() * t.value().cols();
                if (t.trainable()) {
                    layerTrainable += size;
                } else {
                    layerFixed += size;
                }
            }
            trainable += layerTrainable;
            fixed += layerFixed;
            s.append(String.format(java.util.Locale.ROOT, "%-3d %-24s %8s %,12d %,8d%n", i, layers[i],
                    width == Operation.ANY ? "as input" : String.valueOf(width), layerTrainable, layerFixed));
        }
        s.append(String.format(java.util.Locale.ROOT, "trainable parameters: %,d; fixed values: %,d; input width: %s%n",
                trainable, fixed, inputWidth == Operation.ANY ? "any" : String.valueOf(inputWidth)));
        return s.toString();
    }

    /** Runs {@code action} with the model held for reading (no training step runs meanwhile). */
    <T> T reading(java.util.function.Supplier<T> action) {
        long stamp = lock.readLock();
        try {
            return action.get();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * The gradients of {@code loss}'s sum over these rows, with the sum and what its mean divides by,
     * for data-parallel training: each worker computes them on its part of a batch on a replica of the
     * model ({@link #fromBytes}), the parts add up ({@link Gradients#plus}), and one {@link Stepper}
     * applies the total. The model's parameters and its own gradients are not changed. Dropout draws
     * its masks for training step {@code step} of a run seeded with {@code seed}.
     * <pre>{@code
     * Gradients part = replica.gradientSums(rows, targets, crossEntropy(), seed, step);
     * }</pre>
     *
     * @throws IllegalArgumentException if the rows do not fit the model or the loss
     */
    public Gradients gradientSums(float[][] x, float[][] y, Loss loss, long seed, long step) {
        Batch batch = checkedBatch("gradientSums", x, y, loss);
        float[][] sums = Parameter.zerosLike(parameters);
        Workspace ws = new Workspace(this, Kernels.active(), Workspace.Mode.TRAINING, sums);
        ws.startRun(seed, false);
        ws.step(step);
        ws.reserve(batch.rows, batch.xWidth);
        return reading(() -> {
            float sum = ws.sumAndGradients(batch.x, batch.y, batch.rows, (LossFunction) loss);
            return new Gradients(java.util.Arrays.asList(sums), sum, ws.lastNormalizer(), batch.rows);
        });
    }

    /**
     * The model as the bytes of its file ({@link #save}'s format): to send it to another process, or
     * to keep a copy in memory. {@link #fromBytes} reads them.
     */
    public byte[] toBytes() {
        return reading(() -> ModelFile.encode(this));
    }

    /**
     * A model from the bytes {@link #toBytes} (or a model file) holds.
     *
     * @throws IllegalArgumentException if the bytes are not an nnj model, or are damaged
     */
    public static Sequential fromBytes(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("fromBytes: the bytes are null.");
        }
        return ModelFile.decode(bytes, "bytes");
    }

    /**
     * Writes the model (layers, weights, and any preprocessing) to a file in the safetensors layout
     * (see docs/format.md). The file is written beside the target, flushed to disk and moved into
     * place, so an interrupted save never leaves a half-written model.
     * <pre>{@code
     * model.save(Path.of("xor.nnj"));
     * Sequential again = Sequential.load(Path.of("xor.nnj"));
     * }</pre>
     *
     * @throws java.io.UncheckedIOException if the file cannot be written (naming it); the old file, if any, is kept
     */
    public void save(java.nio.file.Path path) {
        if (path == null) {
            throw new IllegalArgumentException("save: the path is null; e.g. model.save(Path.of(\"model.nnj\")).");
        }
        ModelFile.write(reading(() -> ModelFile.encode(this)), path);
    }

    /**
     * Reads a model written by {@link #save} (format 2, or format 1 of nnj 0.1).
     *
     * @throws IllegalArgumentException if the file is missing, not a model file, of a newer format
     *                                  version, too large, or truncated or damaged (naming the file and the reason)
     */
    public static Sequential load(java.nio.file.Path path) {
        if (path == null) {
            throw new IllegalArgumentException("load: the path is null; e.g. Sequential.load(Path.of(\"model.nnj\")).");
        }
        return ModelFile.load(path);
    }

    /**
     * Writes the model as an ONNX graph (opset 13) that ONNX Runtime and other ONNX tools run:
     * input {@code "input"} [batch, inputs], output {@code "output"} [batch, outputs], any number of
     * rows. Preprocessing, dropout (as identity) and batch norm (with its running statistics) are
     * included, so the file computes what {@link #predict} does; docs/interop.md lists each layer's
     * operators and shows how to serve the file from Python. Written like {@link #save}: beside the
     * target, then moved into place.
     * <pre>{@code
     * model.exportOnnx(Path.of("iris.onnx"));
     * }</pre>
     *
     * @throws IllegalArgumentException     if the weights exceed ONNX's 2 GiB for one file
     * @throws java.io.UncheckedIOException if the file cannot be written (naming it); the old file, if any, is kept
     */
    public void exportOnnx(java.nio.file.Path path) {
        if (path == null) {
            throw new IllegalArgumentException("exportOnnx: the path is null; e.g. model.exportOnnx(Path.of(\"model.onnx\")).");
        }
        ModelFile.write(reading(() -> OnnxExport.encode(this)), path, "exportOnnx");
    }

    /**
     * Replaces this model's weights with the tensors of a safetensors file: the state_dict of a
     * PyTorch {@code nn.Sequential} of the same layers ({@code safetensors.torch.save_file}), or an
     * nnj model file. Names go by layer position ({@code 0.weight}, {@code 0.bias}, {@code 2.weight},
     * ...), dense weights out x in as PyTorch's Linear holds them; docs/interop.md has the mapping.
     * The layers, activations and settings are this model's: only the values come from the file.
     * <pre>{@code
     * Sequential model = Sequential.of(dense(4, 16), relu(), dense(16, 3), softmax()).loadWeights(Path.of("net.safetensors"));
     * }</pre>
     *
     * @return this model
     * @throws IllegalArgumentException if the file is missing or damaged, or its tensors do not fit
     *                                  the model (listing each missing, unexpected or misshapen one); nothing is changed then
     * @throws IllegalStateException    if another thread is training the model
     */
    public Sequential loadWeights(java.nio.file.Path path) {
        if (path == null) {
            throw new IllegalArgumentException("loadWeights: the path is null; e.g. model.loadWeights(Path.of(\"net.safetensors\")).");
        }
        Operation[] loaded = reading(() -> WeightsFile.read(this, path));
        long stamp = takeExclusively("loadWeights");
        try {
            WeightsFile.replace(this, loaded);
        } finally {
            lock.unlockWrite(stamp);
        }
        return this;
    }

    /** The input width the model requires, or −1 if it takes any (a model of activations only). */
    public int inputWidth() {
        return inputWidth;
    }

    @Override
    public String toString() {
        long count = 0;
        for (Parameter p : parameters) {
            count += (long) p.value().rows() * p.value().cols();
        }
        StringBuilder s = new StringBuilder("Sequential[");
        for (int i = 0; i < layers.length; i++) {
            s.append(i == 0 ? "" : ", ").append(layers[i]);
        }
        return s.append("] (").append(count).append(" parameters)").toString();
    }

    // ---- what Workspace, Training, GradientCheck and ModelFile use --------------------------------

    Operation[] operations() {
        return layers;
    }

    /** The number of trainable tensors of layer {@code index}. */
    int trainableCount(int index) {
        return trainableCounts[index];
    }

    /** The index of the first layer with trainable parameters (the backward pass stops there), or the layer count. */
    int firstTrainable() {
        return firstTrainable;
    }

    /** True if parameter {@code index} is a weight matrix (which L2 decays), false for a bias or scale vector. */
    boolean isWeightMatrix(int index) {
        return weightMatrices[index];
    }

    /** The arrays {@link Parameter#gradient()} views, in {@link #parameters()} order. */
    float[][] gradientArrays() {
        return gradients;
    }

    /** The output width for inputs of the given width. */
    int outputWidth(int inputWidth) {
        int width = inputWidth;
        for (Operation op : layers) {
            width = op.outputWidth(width);
        }
        return width;
    }

    /**
     * Marks the start of a training run on this thread.
     *
     * @throws IllegalStateException if another run is training the model
     */
    void beginTraining() {
        Thread current = Thread.currentThread();
        Thread other = trainer.get();
        if (other == current) {
            throw new IllegalStateException("train(): this model is already being trained by a run on this thread (a callback"
                    + " started another run). Train a model.copy() instead, or start the second run after the first returns.");
        }
        if (!trainer.compareAndSet(null, current)) {
            throw new IllegalStateException("train(): this model is already being trained on thread '" + trainer.get().getName()
                    + "'. One run at a time: wait for it to return, or train a model.copy().");
        }
    }

    /** An inference workspace from the model's pool, for a caller that returns it with {@link #returnWorkspace}. */
    Workspace borrowWorkspace() {
        return pool.take();
    }

    void returnWorkspace(Workspace w) {
        pool.give(w);
    }

    /** The workspace of the current run (one run at a time), made on the first run. */
    Workspace trainingWorkspace(Kernels kernels) {
        if (trainingWorkspace == null || trainingWorkspace.kernels != kernels) {
            trainingWorkspace = new Workspace(this, kernels, Workspace.Mode.TRAINING, gradients);
        }
        return trainingWorkspace;
    }

    /** The snapshot storage of the current run, made on the first run. */
    Snapshot snapshot() {
        if (snapshot == null) {
            snapshot = new Snapshot(this);
        }
        return snapshot;
    }

    /** The diagnosis state of the current run, made on the first run (and again if the kernels change). */
    Diagnosis diagnosis(Kernels kernels) {
        if (diagnosis == null || diagnosis.kernels() != kernels) {
            diagnosis = new Diagnosis(this, kernels);
        }
        return diagnosis;
    }

    void endTraining() {
        trainer.compareAndSet(Thread.currentThread(), null);
    }

    /** Takes the model for one training step (parameters and running state change); returns the stamp to give back. */
    long lockForUpdate() {
        return lock.writeLock();
    }

    void unlockUpdate(long stamp) {
        lock.unlockWrite(stamp);
    }

    /**
     * Takes the model for a change outside a training step (initialising, gradient checks); give
     * it back with {@link #unlockUpdate}.
     *
     * @throws IllegalStateException if another thread is training the model
     */
    long takeExclusively(String where) {
        Thread t = trainer.get();
        if (t != null && t != Thread.currentThread()) {
            throw new IllegalStateException(where + ": this model is being trained on thread '" + t.getName()
                    + "'; call it after run() returns, or on a model.copy().");
        }
        return lock.writeLock();
    }

    /** Rows already flattened and checked. */
    record Batch(float[] x, float[] y, int rows, int xWidth, int yWidth) {
    }

    /** Validates (x, y) against this model and the loss, and flattens them (one copy; targets as the loss takes them). */
    Batch checkedBatch(String where, float[][] x, float[][] y, Loss loss) {
        if (loss == null) {
            throw new IllegalArgumentException(where + ": loss is null; pass one of Losses.mse(), binaryCrossEntropy(), crossEntropy().");
        }
        int xw = checkedInputWidth(where, x);
        int yw = Checks.width(where, "targets", y);
        if (x.length != y.length) {
            throw new IllegalArgumentException(where + ": inputs have " + x.length + " rows but targets have " + y.length
                    + "; give one target row per input row.");
        }
        float[] fx = Checks.flatten(x, xw);
        float[] fy = Checks.flatten(y, yw);
        LossFunction function = (LossFunction) loss;
        checkData(where, fx, xw, fy, yw, function);
        int outWidth = outputWidth(xw);
        return new Batch(fx, function.prepareTargets(fy, x.length, outWidth), x.length, xw, outWidth);
    }

    /** Checks flattened data against the model and loss: widths, finiteness, target range. */
    void checkData(String where, float[] x, int xWidth, float[] y, int yWidth, LossFunction loss) {
        Kernels kernels = Kernels.active();
        checkWidths(where, xWidth, yWidth, loss);
        int outWidth = outputWidth(xWidth);
        loss.checkModel(layers[layers.length - 1], outWidth);
        Checks.finite(where, "input", x, xWidth, kernels);
        Checks.finite(where, "target", y, yWidth, kernels);
        loss.checkTargets(where, y, yWidth, outWidth, kernels);
    }

    /** Checks that rows of these widths fit the model's input and, as the loss takes them, its output. */
    void checkWidths(String where, int xWidth, int yWidth, LossFunction loss) {
        if (inputWidth != Operation.ANY && xWidth != inputWidth) {
            throw new IllegalArgumentException(inputWidthMessage(where, xWidth));
        }
        int outWidth = outputWidth(xWidth);
        int expected = loss.targetWidth(outWidth);
        if (yWidth != expected) {
            if (expected == 1) {
                throw new IllegalArgumentException(where + ": targets have " + yWidth + " columns, but " + loss
                        + " takes one column of class indices. For one-hot rows use crossEntropy().");
            }
            throw new IllegalArgumentException(where + ": targets have " + yWidth + " columns, but the model's last layers ("
                    + describeEnding() + ") produce " + outWidth + ". Give one target column per output"
                    + (outWidth > 1 && yWidth == 1 ? " (one-hot encode class labels, or use sparseCrossEntropy() for class"
                    + " indices)" : "") + ", or change the last dense layer.");
        }
    }

    private int checkedInputWidth(String where, float[][] x) {
        int width = Checks.width(where, "inputs", x);
        if (inputWidth != Operation.ANY && width != inputWidth) {
            throw new IllegalArgumentException(inputWidthMessage(where, width));
        }
        return width;
    }

    private String inputWidthOrAny() {
        return inputWidth == Operation.ANY ? "any number of" : String.valueOf(inputWidth);
    }

    private String inputWidthMessage(String where, int width) {
        if (inputWidth == Operation.ANY) {
            return where + ": rows have " + width + " values; every row needs at least one value.";
        }
        int first = 0;
        while (layers[first].inputWidth() == Operation.ANY) {
            first++;
        }
        return where + ": rows have " + width + " values, but layer " + first + " " + layers[first] + " takes "
                + inputWidth + ". Pass rows of " + inputWidth + " values, or build the model with a first layer that takes "
                + width + ".";
    }

    private String describeEnding() {
        StringBuilder s = new StringBuilder();
        for (int i = Math.max(0, layers.length - 2); i < layers.length; i++) {
            s.append(s.length() == 0 ? "" : ", ").append("layer ").append(i).append(' ').append(layers[i]);
        }
        return s.toString();
    }
}
