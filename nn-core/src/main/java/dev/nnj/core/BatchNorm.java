package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.util.List;

/**
 * Batch normalisation per feature (Ioffe and Szegedy, 2015), as PyTorch's {@code BatchNorm1d}:
 * in training, each column is normalised by the batch's mean and (biased) variance, then scaled
 * by γ ({@code weight}) and shifted by β ({@code bias}), both trained; running averages of the mean
 * and the unbiased variance (momentum 0.1) are kept and used at prediction. The running values are
 * part of the model (saved, copied), not trained. The width is taken from the layer before it.
 */
final class BatchNorm extends Operation {

    static final float DEFAULT_MOMENTUM = 0.1f;
    static final float DEFAULT_EPSILON = 1e-5f;

    private final float momentum;
    private final float epsilon;
    private int width;
    private Matrix gamma;
    private Matrix beta;
    private Matrix runningMean;
    private Matrix runningVar;

    /** @param width the number of features, or {@link #ANY} to take it from the layer before when the model is built */
    BatchNorm(int width, float momentum, float epsilon) {
        if (width != ANY && width < 1) {
            throw new IllegalArgumentException("batchNorm(" + width + "): the width must be at least 1.");
        }
        if (!(momentum > 0f && momentum <= 1f)) {
            throw new IllegalArgumentException("batchNorm: momentum must be in (0, 1], got " + momentum + "; 0.1 is usual.");
        }
        Checks.positiveFinite("batchNorm", "epsilon", epsilon);
        this.momentum = momentum;
        this.epsilon = epsilon;
        if (width != ANY) {
            allocate(width);
        } else {
            this.width = ANY;
        }
    }

    private void allocate(int features) {
        this.width = features;
        this.gamma = Matrix.zeros(1, features);
        java.util.Arrays.fill(gamma.data(), 1f);
        this.beta = Matrix.zeros(1, features);
        this.runningMean = Matrix.zeros(1, features);
        this.runningVar = Matrix.zeros(1, features);
        java.util.Arrays.fill(runningVar.data(), 1f);
    }

    @Override
    void connect(int index, int incoming) {
        if (width != ANY && incoming != ANY && incoming != width) {
            throw new IllegalArgumentException("Sequential.of: layer " + index + " " + this + " normalises " + width
                    + " features, but the layer before it produces " + incoming + ". Use batchNorm() to take the width from"
                    + " the layer before.");
        }
        if (width == ANY) {
            if (incoming == ANY) {
                throw new IllegalArgumentException("Sequential.of: layer " + index + " batchNorm() cannot tell how many"
                        + " features it normalises, as no layer before it fixes the width. Put it after a dense layer,"
                        + " or give the width: batchNorm(features).");
            }
            allocate(incoming);
        }
    }

    /** Per-run state: the batch's statistics and the normalised input, which the backward pass needs. */
    static final class StatisticsSlot extends Slot {
        float[] mean = EMPTY;
        float[] var = EMPTY;
        float[] invStd = EMPTY;
        float[] xhat = EMPTY;
    }

    @Override
    String kind() {
        return "batchNorm";
    }

    @Override
    int inputWidth() {
        return width;
    }

    @Override
    int outputWidth(int inputWidth) {
        return width == ANY ? inputWidth : width;
    }

    @Override
    boolean keepsShape() {
        return true;
    }

    @Override
    List<Tensor> tensors() {
        if (width == ANY) {
            return List.of();
        }
        return List.of(new Tensor("weight", gamma, true, Tensor.Layout.VECTOR), new Tensor("bias", beta, true, Tensor.Layout.VECTOR),
                new Tensor("running_mean", runningMean, false, Tensor.Layout.VECTOR),
                new Tensor("running_var", runningVar, false, Tensor.Layout.VECTOR));
    }

    /** γ starts at 1, β at 0, the running mean at 0 and the running variance at 1, as PyTorch. */
    @Override
    void initialize(java.util.random.RandomGenerator random, Operation next) {
        if (width != ANY) {
            java.util.Arrays.fill(gamma.data(), 1f);
            java.util.Arrays.fill(beta.data(), 0f);
            java.util.Arrays.fill(runningMean.data(), 0f);
            java.util.Arrays.fill(runningVar.data(), 1f);
        }
    }

    @Override
    Operation copy() {
        BatchNorm copy = new BatchNorm(width, momentum, epsilon);
        if (width != ANY) {
            System.arraycopy(gamma.data(), 0, copy.gamma.data(), 0, width);
            System.arraycopy(beta.data(), 0, copy.beta.data(), 0, width);
            System.arraycopy(runningMean.data(), 0, copy.runningMean.data(), 0, width);
            System.arraycopy(runningVar.data(), 0, copy.runningVar.data(), 0, width);
        }
        return copy;
    }

    @Override
    void writeConfig(Json.ObjectWriter config) {
        config.put("width", width).put("momentum", momentum).put("epsilon", epsilon);
    }

    @Override
    Slot newSlot() {
        return new StatisticsSlot();
    }

    @Override
    void reserve(Slot slot, int rows, int inputWidth, boolean training) {
        super.reserve(slot, rows, inputWidth, training);
        if (training) {
            StatisticsSlot s = (StatisticsSlot) slot;
            if (s.mean.length < width) {
                s.mean = new float[width];
                s.var = new float[width];
                s.invStd = new float[width];
            }
            if (s.xhat.length < rows * width) {
                s.xhat = new float[rows * width];
            }
        }
    }

    @Override
    float[] forward(Kernels kernels, Slot slot, float[] x, int rows) {
        Workspace ws = slot.workspace;
        if (!ws.training()) {
            kernels.batchNormInference(rows, width, x, 0, gamma.data(), beta.data(), epsilon, runningMean.data(),
                    runningVar.data(), slot.output, 0);
            return slot.output;
        }
        StatisticsSlot s = (StatisticsSlot) slot;
        kernels.batchNormForward(rows, width, x, 0, gamma.data(), beta.data(), epsilon, s.mean, s.var, s.invStd,
                s.xhat, 0, slot.output, 0);
        if (ws.updatesStatistics()) {
            kernels.movingAverage(width, momentum, 1f, s.mean, 0, runningMean.data(), 0);
            // The running variance is the unbiased one, as PyTorch keeps it.
            kernels.movingAverage(width, momentum, rows > 1 ? rows / (rows - 1f) : 1f, s.var, 0, runningVar.data(), 0);
        }
        return slot.output;
    }

    @Override
    float[] backward(Kernels kernels, Slot slot, float[] dy, int rows, boolean needInputGradient) {
        StatisticsSlot s = (StatisticsSlot) slot;
        kernels.batchNormBackward(rows, width, dy, 0, s.xhat, 0, gamma.data(), s.invStd, slot.gradients[0], slot.gradients[1],
                slot.inputGradient, 0);
        return needInputGradient ? slot.inputGradient : null;
    }

    @Override
    public String toString() {
        return width == ANY ? "batchNorm" : "batchNorm(" + width + ")";
    }
}
