package dev.nnj.core;

/**
 * The layer factories, meant to be imported statically:
 * <pre>{@code
 * import static dev.nnj.core.Layers.*;
 * Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
 * }</pre>
 * Each call makes a new layer; a layer belongs to one model.
 */
public final class Layers {

    private Layers() {
    }

    /**
     * A fully connected layer {@code y = x·W + b} with W of shape inputs x outputs. Its weights are
     * initialised for the activation that follows it (Glorot for sigmoid and tanh, He for relu).
     *
     * @throws IllegalArgumentException if either size is below 1
     */
    public static Layer dense(int inputs, int outputs) {
        return new Dense(inputs, outputs, Initializers.auto());
    }

    /**
     * A fully connected layer whose weights are drawn by {@code initializer} (see
     * {@link Initializers}), e.g. {@code dense(784, 128, heNormal())}.
     *
     * @throws IllegalArgumentException if either size is below 1 or the initializer is null
     */
    public static Layer dense(int inputs, int outputs, Initializer initializer) {
        return new Dense(inputs, outputs, initializer);
    }

    /** {@code 1 / (1 + e^-x)}, into (0, 1); with {@link Losses#binaryCrossEntropy()} after it, the pair is fused. */
    public static Layer sigmoid() {
        return new Sigmoid();
    }

    /** {@code tanh(x)}, into (−1, 1). */
    public static Layer tanh() {
        return new Tanh();
    }

    /** {@code max(x, 0)}. */
    public static Layer relu() {
        return new Relu();
    }

    /** {@code x > 0 ? x : 0.01 x}. */
    public static Layer leakyRelu() {
        return new LeakyRelu(0.01f);
    }

    /**
     * {@code x > 0 ? x : slope · x}.
     *
     * @throws IllegalArgumentException if slope is outside [0, 1)
     */
    public static Layer leakyRelu(float slope) {
        return new LeakyRelu(slope);
    }

    /** Row-wise softmax, into probabilities that sum to 1; with {@link Losses#crossEntropy()} after it, the pair is fused. */
    public static Layer softmax() {
        return new Softmax();
    }

    /** {@code y = x}: no change (what an unfitted preprocessing step is). */
    public static Layer identity() {
        return new Identity();
    }

    /**
     * Fixed per-column preprocessing {@code y = (x − center) / spread}, never trained: use the mean
     * and standard deviation for standardisation, or the minimum and range for min-max scaling.
     * nn-data fits these for you ({@code Dataset.preprocessing()}).
     *
     * @throws IllegalArgumentException if an array is null, the arrays differ in length, a value is not finite, or
     *                                  a spread is so near 0 that its reciprocal is not finite
     */
    public static Layer normalization(float[] center, float[] spread) {
        return new Normalization(center, spread);
    }

    /**
     * Inverted dropout: while training, each value is zeroed with probability {@code rate} and the
     * rest are scaled by {@code 1 / (1 − rate)}; at prediction the layer passes data through. The
     * masks come from the run's seed, so a seeded run repeats exactly.
     * <pre>{@code
     * Sequential.of(dense(784, 256), relu(), dropout(0.2f), dense(256, 10), softmax());
     * }</pre>
     *
     * @throws IllegalArgumentException if rate is outside [0, 1)
     */
    public static Layer dropout(float rate) {
        return new Dropout(rate);
    }

    /**
     * Batch normalisation per feature, as PyTorch's {@code BatchNorm1d} (momentum 0.1, ε 1e-5):
     * normalises each column by the batch's statistics while training and by running averages at
     * prediction, then applies a trained scale and shift. Its width is taken from the layer before it.
     * <pre>{@code
     * Sequential.of(dense(64, 32), batchNorm(), relu(), dense(32, 10), softmax());
     * }</pre>
     */
    public static Layer batchNorm() {
        return new BatchNorm(Operation.ANY, BatchNorm.DEFAULT_MOMENTUM, BatchNorm.DEFAULT_EPSILON);
    }

    /**
     * Batch normalisation of {@code features} columns, for use where no layer before it fixes the
     * width (first in a model); see {@link #batchNorm()}.
     *
     * @throws IllegalArgumentException if features is below 1
     */
    public static Layer batchNorm(int features) {
        return new BatchNorm(features, BatchNorm.DEFAULT_MOMENTUM, BatchNorm.DEFAULT_EPSILON);
    }
}
