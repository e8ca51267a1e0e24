package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

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
 * <p>A model is not thread-safe: train and predict from one thread at a time.
 */
public final class Sequential {

    /** The seed {@link #of} initialises with. */
    public static final long DEFAULT_SEED = 0L;

    /** Predictions are computed in chunks of this many rows, so predicting a large set needs no large buffers. */
    private static final int PREDICT_CHUNK = 1024;

    private final Operation[] layers;
    private final List<Parameter> parameters;
    private final int inputWidth;
    private final int firstTrainable;
    private float[] lossGradient = new float[0];
    private int reservedRows;
    private int reservedWidth = -1;

    private Sequential(Operation[] layers, int inputWidth) {
        this.layers = layers;
        this.inputWidth = inputWidth;
        List<Parameter> all = new ArrayList<>();
        int first = layers.length;
        for (int i = 0; i < layers.length; i++) {
            for (Parameter p : layers[i].parameters()) {
                all.add(p.renamed(i + "." + p.name()));
                first = Math.min(first, i);
            }
        }
        this.parameters = List.copyOf(all);
        this.firstTrainable = first;
    }

    /**
     * Builds a model from layers in order, checks that each layer takes what the one before it
     * produces, and initialises the parameters with {@link #DEFAULT_SEED}.
     *
     * @throws IllegalArgumentException if there are no layers, a layer is null or used twice, or
     *                                  two layers' sizes do not match (naming both, their positions and sizes)
     */
    public static Sequential of(Layer... layers) {
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
        }
        int width = Operation.ANY;
        int producer = -1;
        int modelInput = Operation.ANY;
        for (int i = 0; i < ops.length; i++) {
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
        return new Sequential(ops, modelInput).initialize(DEFAULT_SEED);
    }

    private static String mismatch(Operation[] ops, int i, int takes, int producer, int width) {
        String message = "Sequential.of: layer " + i + " " + ops[i] + " takes " + takes + " inputs, but layer " + producer
                + " " + ops[producer] + " produces " + width + ".";
        if (ops[i] instanceof Dense d) {
            message += " Use dense(" + width + ", " + d.out() + ") at position " + i;
            if (ops[producer] instanceof Dense p) {
                message += ", or make layer " + producer + " dense(" + p.in() + ", " + takes + ")";
            }
            message += ".";
        }
        return message;
    }

    /**
     * Re-draws every parameter from {@code seed}: weights by the scheme that suits the activation
     * after each dense layer (Glorot uniform for sigmoid, tanh, softmax or none; He uniform for
     * relu and leakyRelu), biases zero.
     *
     * @return this model
     */
    public Sequential initialize(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < layers.length; i++) {
            layers[i].initialize(random, i + 1 < layers.length ? layers[i + 1] : null);
        }
        return this;
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
     */
    public float computeGradients(float[][] x, float[][] y, Loss loss) {
        Batch batch = checkedBatch("computeGradients", x, y, loss);
        return lossAndGradients(Kernels.active(), batch.x, batch.y, batch.rows, batch.xWidth, (LossFunction) loss);
    }

    /**
     * The mean loss on (x, y), leaving the gradients as they were.
     *
     * @throws IllegalArgumentException on shape mismatches, non-finite values, or targets outside the loss's range
     */
    public float loss(float[][] x, float[][] y, Loss loss) {
        Batch batch = checkedBatch("loss", x, y, loss);
        return lossOnly(Kernels.active(), batch.x, batch.y, batch.rows, batch.xWidth, (LossFunction) loss);
    }

    /**
     * The model's outputs for each row of x.
     *
     * @throws IllegalArgumentException if x is empty, ragged, of the wrong width (naming the first
     *                                  layer and its size) or holds NaN or infinity
     */
    public float[][] predict(float[][] x) {
        int width = checkedInputWidth("predict", x);
        float[] flat = Checks.flatten(x, width);
        Kernels kernels = Kernels.active();
        Checks.finite("predict", "input", flat, width, kernels);
        int outWidth = outputWidth(width);
        float[][] result = new float[x.length][outWidth];
        float[] chunk = new float[Math.min(x.length, PREDICT_CHUNK) * width];
        for (int start = 0; start < x.length; start += PREDICT_CHUNK) {
            int rows = Math.min(PREDICT_CHUNK, x.length - start);
            System.arraycopy(flat, start * width, chunk, 0, rows * width);
            reserve(rows, width);
            float[] out = forward(kernels, chunk, rows, layers.length);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(out, r * outWidth, result[start + r], 0, outWidth);
            }
        }
        return result;
    }

    /** The model's output for one row; see {@link #predict(float[][])}. */
    public float[] predict(float[] x) {
        return predict(new float[][] {x})[0];
    }

    /**
     * Writes the model (layers, weights, and any preprocessing) to a file. The file is written
     * beside the target and moved into place, so an interrupted save never leaves a half-written model.
     * <pre>{@code
     * model.save(Path.of("xor.nnj"));
     * Sequential again = Sequential.load(Path.of("xor.nnj"));
     * }</pre>
     *
     * @throws java.io.UncheckedIOException if the file cannot be written (naming it); the old file, if any, is kept
     */
    public void save(java.nio.file.Path path) {
        ModelFile.save(this, path);
    }

    /**
     * Reads a model written by {@link #save}.
     *
     * @throws IllegalArgumentException if the file is missing, not a model file, of another format
     *                                  version, or truncated or damaged (naming the file)
     */
    public static Sequential load(java.nio.file.Path path) {
        return ModelFile.load(path);
    }

    /** The input width the model requires, or −1 if it takes any (a model of activations only). */
    public int inputWidth() {
        return inputWidth;
    }

    /** The output width for inputs of the given width. */
    int outputWidth(int inputWidth) {
        int width = inputWidth;
        for (Operation op : layers) {
            width = op.outputWidth(width);
        }
        return width;
    }

    @Override
    public String toString() {
        int count = 0;
        for (Parameter p : parameters) {
            count += p.value().rows() * p.value().cols();
        }
        StringBuilder s = new StringBuilder("Sequential[");
        for (int i = 0; i < layers.length; i++) {
            s.append(i == 0 ? "" : ", ").append(layers[i]);
        }
        return s.append("] (").append(count).append(" parameters)").toString();
    }

    // ---- what Training and GradientCheck drive -------------------------------------------------

    /** Rows already flattened and checked. */
    record Batch(float[] x, float[] y, int rows, int xWidth, int yWidth) {
    }

    /** Validates (x, y) against this model and the loss, and flattens them (one copy). */
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
        checkData(where, fx, xw, fy, yw, (LossFunction) loss);
        return new Batch(fx, fy, x.length, xw, yw);
    }

    /** Checks flattened data against the model and loss: widths, finiteness, target range. */
    void checkData(String where, float[] x, int xWidth, float[] y, int yWidth, LossFunction loss) {
        Kernels kernels = Kernels.active();
        if (inputWidth != Operation.ANY && xWidth != inputWidth) {
            throw new IllegalArgumentException(inputWidthMessage(where, xWidth));
        }
        int outWidth = outputWidth(xWidth);
        if (yWidth != outWidth) {
            throw new IllegalArgumentException(where + ": targets have " + yWidth + " columns, but the model's last layers ("
                    + describeEnding() + ") produce " + outWidth + ". Give one target column per output"
                    + (outWidth > 1 && yWidth == 1 ? " (one-hot encode class labels)" : "") + ", or change the last dense layer.");
        }
        loss.checkModel(layers[layers.length - 1], outWidth);
        Checks.finite(where, "input", x, xWidth, kernels);
        Checks.finite(where, "target", y, yWidth, kernels);
        loss.checkTargets(where, y, yWidth, kernels);
    }

    private int checkedInputWidth(String where, float[][] x) {
        int width = Checks.width(where, "inputs", x);
        if (inputWidth != Operation.ANY && width != inputWidth) {
            throw new IllegalArgumentException(inputWidthMessage(where, width));
        }
        return width;
    }

    private String inputWidthMessage(String where, int width) {
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
            s.append(s.isEmpty() ? "" : ", ").append("layer ").append(i).append(' ').append(layers[i]);
        }
        return s.toString();
    }

    /** Sizes every buffer for batches of up to {@code rows} rows of the given input width. */
    void reserve(int rows, int width) {
        if (rows <= reservedRows && width == reservedWidth) {
            return;
        }
        int w = width;
        for (Operation op : layers) {
            op.reserve(rows, w);
            w = op.outputWidth(w);
        }
        if (lossGradient.length < rows * w) {
            lossGradient = new float[rows * w];
        }
        reservedRows = Math.max(rows, width == reservedWidth ? reservedRows : 0);
        reservedWidth = width;
    }

    /** Runs layers [0, end) on x and returns the last one's output. */
    float[] forward(Kernels kernels, float[] x, int rows, int end) {
        float[] a = x;
        for (int i = 0; i < end; i++) {
            a = layers[i].forward(kernels, a, rows);
        }
        return a;
    }

    /**
     * One forward and backward pass over a batch of flattened, checked rows: returns the mean
     * loss and leaves the gradients in the parameters. Allocates nothing once buffers are reserved.
     */
    float lossAndGradients(Kernels kernels, float[] x, float[] y, int rows, int width, LossFunction loss) {
        reserve(rows, width);
        Operation last = layers[layers.length - 1];
        boolean fused = loss.fusesWith(last);
        int end = fused ? layers.length - 1 : layers.length;
        float[] out = forward(kernels, x, rows, end);
        int cols = outputWidth(reservedWidth);
        float scale = 1f / loss.count(rows, cols);
        float sum = fused
                ? loss.fusedSum(kernels, out, y, rows, cols, lossGradient, scale)
                : loss.sum(kernels, out, y, rows, cols, lossGradient, scale);
        float[] dy = lossGradient;
        for (int i = end - 1; i >= firstTrainable && dy != null; i--) {
            dy = layers[i].backward(kernels, dy, rows, i > firstTrainable);
        }
        return sum * scale;
    }

    /** The mean loss of a batch of flattened, checked rows, without gradients. */
    float lossOnly(Kernels kernels, float[] x, float[] y, int rows, int width, LossFunction loss) {
        reserve(rows, width);
        Operation last = layers[layers.length - 1];
        boolean fused = loss.fusesWith(last);
        float[] out = forward(kernels, x, rows, fused ? layers.length - 1 : layers.length);
        int cols = outputWidth(reservedWidth);
        float sum = fused
                ? loss.fusedSum(kernels, out, y, rows, cols, null, 0f)
                : loss.sum(kernels, out, y, rows, cols, null, 0f);
        return sum / loss.count(rows, cols);
    }
}
