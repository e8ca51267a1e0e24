package dev.nnj.core;

import dev.nnj.core.internal.SplitMix;
import dev.nnj.core.spi.Kernels;

/**
 * Everything one run of a model needs besides the model: a {@link Slot} per layer (buffers, the
 * inputs the backward pass reads), the mode, and where the parameter gradients go. A training run
 * makes one; each {@code predict} call borrows one from the model's {@link WorkspacePool}. The
 * model's layers are only read here (the optimizer writes the weights, between passes), so any
 * number of workspaces can run one model at once.
 * <pre>{@code
 * Workspace ws = new Workspace(model, Kernels.active(), Workspace.Mode.INFERENCE, null);
 * ws.reserve(rows, width);
 * float[] out = ws.forward(x, rows, model.size());
 * }</pre>
 */
final class Workspace {

    /** Training passes keep what the backward pass needs (and, later, draw dropout masks); inference passes do not. */
    enum Mode { TRAINING, INFERENCE }

    final Sequential model;
    final Kernels kernels;
    final Mode mode;
    private final Operation[] layers;
    private final Slot[] slots;
    private float[] lossGradient = Slot.EMPTY;
    private float[] input = Slot.EMPTY;
    private int reservedRows;
    private int reservedWidth = -1;
    private float[] lastOutput = Slot.EMPTY;
    private float lastThreshold;
    private float lastSum;
    private float lastNormalizer;
    private int lastEnd;
    /** Seeds the run's random draws (dropout masks), with {@link #step} and the layer's position. */
    private long seed;
    /** Training steps taken: each draws fresh masks, and a given step always draws the same ones. */
    private long step;
    /** Whether training passes update running statistics (batch norm's): a run does, gradient checks do not. */
    private boolean updatesStatistics;

    /**
     * @param gradients one array per model parameter (in {@link Sequential#parameters()} order)
     *                  that backward passes write, or null for a workspace that only runs forward
     */
    Workspace(Sequential model, Kernels kernels, Mode mode, float[][] gradients) {
        this.model = model;
        this.kernels = kernels;
        this.mode = mode;
        this.layers = model.operations();
        this.slots = new Slot[layers.length];
        int next = 0;
        for (int i = 0; i < layers.length; i++) {
            Slot slot = layers[i].newSlot();
            slot.workspace = this;
            slot.index = i;
            int count = model.trainableCount(i);
            if (gradients != null && count > 0) {
                slot.gradients = new float[count][];
                for (int j = 0; j < count; j++) {
                    slot.gradients[j] = gradients[next++];
                }
            }
            slots[i] = slot;
        }
    }

    boolean training() {
        return mode == Mode.TRAINING;
    }

    /** Starts a run's random stream and says whether its passes update running statistics. */
    void startRun(long runSeed, boolean updateStatistics) {
        this.seed = runSeed;
        this.step = 0;
        this.updatesStatistics = updateStatistics;
    }

    /** Moves to the next training step (fresh dropout masks), or to a given one when a run resumes. */
    void step(long number) {
        this.step = number;
    }

    boolean updatesStatistics() {
        return updatesStatistics && training();
    }

    /** The seed of layer {@code index}'s draws in the current step: SplitMix64 of the run seed, step and position. */
    long seedFor(int index) {
        return SplitMix.mix(seed ^ SplitMix.mix(step * 0x9E3779B97F4A7C15L + index + 1));
    }

    /** Sizes every buffer for batches of up to {@code rows} rows of the given input width. */
    void reserve(int rows, int width) {
        if (rows <= reservedRows && width == reservedWidth) {
            return;
        }
        int w = width;
        for (int i = 0; i < layers.length; i++) {
            layers[i].reserve(slots[i], rows, w, training());
            w = layers[i].outputWidth(w);
        }
        if (training() && lossGradient.length < rows * w) {
            lossGradient = new float[rows * w];
        }
        reservedRows = Math.max(rows, width == reservedWidth ? reservedRows : 0);
        reservedWidth = width;
    }

    /** A buffer of at least {@code rows} input rows, for callers that copy their rows in (predict). */
    float[] inputBuffer(int rows, int width) {
        if (input.length < rows * width) {
            input = new float[rows * width];
        }
        return input;
    }

    /** Runs layers [0, end) on x and returns the last one's output (x itself when end is 0). */
    float[] forward(float[] x, int rows, int end) {
        lastEnd = end;
        float[] a = x;
        for (int i = 0; i < end; i++) {
            a = layers[i].forward(kernels, slots[i], a, rows);
            slots[i].result = a;
        }
        return a;
    }

    /**
     * One forward and backward pass over a batch of checked rows (after {@link #reserve} for at
     * least that many rows of their width): returns the mean loss and leaves
     * the gradients in the bound arrays. Allocates nothing once buffers are reserved.
     */
    float lossAndGradients(float[] x, float[] y, int rows, LossFunction loss) {
        return pass(x, y, rows, loss, true, false);
    }

    /**
     * Like {@link #lossAndGradients}, but of the loss's sum over the rows, not its mean: returns the
     * sum, and leaves d(sum)/d(parameter) in the bound arrays; {@link #lastNormalizer()} says what the
     * mean would divide by. Sums from several parts of a batch add up to the whole batch's.
     */
    float sumAndGradients(float[] x, float[] y, int rows, LossFunction loss) {
        return pass(x, y, rows, loss, true, true);
    }

    /** The mean loss of a batch of checked rows, without gradients. */
    float lossOnly(float[] x, float[] y, int rows, LossFunction loss) {
        return pass(x, y, rows, loss, false, false);
    }

    // The one place that decides between the fused pair (sigmoid + BCE, softmax + CE, computed from
    // the last activation's input) and the plain loss on the model's output.
    private float pass(float[] x, float[] y, int rows, LossFunction loss, boolean gradients, boolean summed) {
        boolean fused = loss.fusesWith(layers[layers.length - 1]);
        int end = fused ? layers.length - 1 : layers.length;
        float[] out = forward(x, rows, end);
        int cols = model.outputWidth(reservedWidth);
        float normalizer = loss.normalizer(kernels, y, rows, cols);
        float scale = summed ? 1f : 1f / normalizer;
        float[] grad = gradients ? lossGradient : null;
        float sum = fused
                ? loss.fusedSum(kernels, out, y, rows, cols, grad, scale)
                : loss.sum(kernels, out, y, rows, cols, grad, scale);
        lastOutput = out;
        // A sigmoid's input is read at 0 where its output would be read at 0.5.
        lastThreshold = fused && layers[layers.length - 1] instanceof Sigmoid ? 0f : 0.5f;
        lastSum = sum;
        lastNormalizer = normalizer;
        if (gradients) {
            int first = model.firstTrainable();
            float[] dy = lossGradient;
            for (int i = end - 1; i >= first && dy != null; i--) {
                dy = layers[i].backward(kernels, slots[i], dy, rows, i > first);
                slots[i].passedGradient = dy;
            }
        }
        return sum * scale;
    }

    /** The rows of the last loss pass that were classified right against {@code y} (its targets). */
    int correct(float[] y, int rows) {
        return kernels.countCorrect(rows, model.outputWidth(reservedWidth), lastOutput, 0, y, 0, lastThreshold);
    }

    /** The output of the last loss pass: the model's output, or the last activation's input when the loss was fused. */
    float[] lastOutput() {
        return lastOutput;
    }

    /** Where a one-column output of the last pass is read as the positive class: 0.5, or 0 on a sigmoid's input. */
    float lastThreshold() {
        return lastThreshold;
    }

    /** Layer {@code index}'s slot (for traces that read what a pass left in it). */
    Slot slot(int index) {
        return slots[index];
    }

    /** d(loss)/d(output) of the last loss pass, or d(loss)/d(pre-activation) when the loss was fused. */
    float[] lossGradient() {
        return lossGradient;
    }

    /** The last loss pass's sum of loss terms, before dividing by {@link #lastNormalizer()}. */
    float lastSum() {
        return lastSum;
    }

    /** What the last loss pass divided its sum by (rows, elements, or total class weight). */
    float lastNormalizer() {
        return lastNormalizer;
    }

    // ---- read by the training diagnosis (RunStatistics), between passes ------------------------

    /** How many layers the last forward pass ran: all, or all but the last when the loss was fused with it. */
    int lastEnd() {
        return lastEnd;
    }

    /**
     * Layer {@code index}'s output rows from the last forward pass (meaningful for {@code index < lastEnd()}):
     * what it returned, so a layer that hands its input on shows that input.
     */
    float[] output(int index) {
        return slots[index].result;
    }

    /** Runs the last layer on the output of the last loss pass, which a fused loss stopped short of; returns the model's output. */
    float[] finishLast(int rows) {
        int last = layers.length - 1;
        if (lastEnd == layers.length) {
            return lastOutput;
        }
        lastEnd = layers.length;
        slots[last].result = layers[last].forward(kernels, slots[last], lastOutput, rows);
        return slots[last].result;
    }

    /**
     * d(loss)/d(input) of layer {@code index} from the last backward pass (for layers after the first
     * trainable one): what its backward pass returned, so a layer that hands dy on shows dy.
     */
    float[] inputGradient(int index) {
        return slots[index].passedGradient;
    }

    /** The width of layer {@code index}'s input rows, as last reserved. */
    int inputWidth(int index) {
        return slots[index].width;
    }

    /** The width of layer {@code index}'s output rows, for the input width last reserved. */
    int outputWidth(int index) {
        return layers[index].outputWidth(slots[index].width);
    }
}
