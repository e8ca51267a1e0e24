package dev.nnj.core;

import dev.nnj.core.internal.Shuffle;
import dev.nnj.core.internal.SplitMix;
import dev.nnj.core.spi.Kernels;

import java.util.Arrays;
import java.util.Locale;

/**
 * The learning-rate range test (Smith, "Cyclical Learning Rates for Training Neural Networks",
 * 2017; fastai's {@code lr_find}): on a copy of the model, take one step per rate while the rate
 * rises geometrically from {@link #START} to {@link #END}, and record the smoothed loss; stop when
 * it is four times its lowest or not finite. The suggestion is a tenth of the rate at the lowest
 * smoothed loss. The model itself is not changed.
 */
final class LearningRateFinder {

    /** The first rate tried (fastai's default start). */
    static final float START = 1e-7f;
    /** The last rate tried (fastai's default end). */
    static final float END = 10f;
    /** Steps, one per rate (fastai's default). */
    static final int STEPS = 100;
    /** The loss's moving average keeps this much of its past each step (fastai's beta). */
    static final float SMOOTHING = 0.98f;
    /** The test stops once the smoothed loss exceeds this multiple of its lowest (fastai's rule). */
    static final float STOP_FACTOR = 4f;

    private LearningRateFinder() {
    }

    static LearningRateCurve find(Sequential model, Sequential.Batch data, LossFunction loss, Optimizer optimizer,
                                  int batchSize, long seed) {
        Kernels kernels = Kernels.active();
        Sequential copy = model.copy();
        int batch = Math.min(batchSize, data.rows());
        Workspace ws = new Workspace(copy, kernels, Workspace.Mode.TRAINING, copy.gradientArrays());
        ws.reserve(batch, data.xWidth());
        ws.startRun(seed, true);
        Updater updater = Updater.start(optimizer, kernels, copy, 0f);
        int n = data.rows();
        int[] order = Shuffle.identity(n);
        SplitMix random = new SplitMix();
        float[] x = new float[batch * data.xWidth()];
        float[] y = new float[batch * data.yWidth()];
        float[] rates = new float[STEPS];
        float[] losses = new float[STEPS];
        double ratio = Math.log(END / START) / (STEPS - 1);
        double average = 0;
        float lowest = Float.POSITIVE_INFINITY;
        int taken = 0;
        int next = n;
        int pass = 0;
        for (int step = 0; step < STEPS; step++) {
            if (next + batch > n) {
                // A fresh order for each pass over the data, from the seed alone.
                random.reseed(SplitMix.mix(seed ^ SplitMix.mix(++pass)));
                Shuffle.shuffle(order, 0, n, random);
                next = 0;
            }
            kernels.gatherRows(order, next, next + batch, data.xWidth(), data.x(), x, 0);
            kernels.gatherRows(order, next, next + batch, data.yWidth(), data.y(), y, 0);
            next += batch;
            float rate = (float) (START * Math.exp(ratio * step));
            ws.step(step);
            float value = ws.lossAndGradients(x, y, batch, loss);
            if (!Float.isFinite(value)) {
                break;
            }
            updater.learningRate = rate;
            updater.step();
            average = SMOOTHING * average + (1 - SMOOTHING) * value;
            float smoothed = (float) (average / (1 - Math.pow(SMOOTHING, step + 1)));
            rates[taken] = rate;
            losses[taken] = smoothed;
            taken++;
            lowest = Math.min(lowest, smoothed);
            if (step > 0 && smoothed > STOP_FACTOR * lowest) {
                break;
            }
        }
        float[] r = Arrays.copyOf(rates, taken);
        float[] l = Arrays.copyOf(losses, taken);
        return new LearningRateCurve(r, l, suggestion(r, l), advice(r, l, optimizer));
    }

    /** A tenth of the rate at the lowest smoothed loss, or NaN when the loss never fell by 1%. */
    static float suggestion(float[] rates, float[] losses) {
        int best = lowest(losses);
        if (best < 0 || !(losses[best] < 0.99f * losses[0])) {
            return Float.NaN;
        }
        return rates[best] / 10f;
    }

    private static int lowest(float[] losses) {
        int best = -1;
        for (int i = 0; i < losses.length; i++) {
            if (best < 0 || losses[i] < losses[best]) {
                best = i;
            }
        }
        return best;
    }

    private static String advice(float[] rates, float[] losses, Optimizer optimizer) {
        int best = lowest(losses);
        if (best < 0) {
            return "the loss was not finite at the first step, whatever the rate: the problem is not the learning rate"
                    + " (look at the inputs, the targets and the initial weights; model.diagnose(...) checks them).";
        }
        float suggested = suggestion(rates, losses);
        if (Float.isNaN(suggested)) {
            return String.format(Locale.ROOT, "no rate from %.3g to %.3g lowered the loss by 1%%: the problem is not the"
                    + " learning rate (model.diagnose(...) checks the data, the initial weights and the loss).", rates[0],
                    rates[rates.length - 1]);
        }
        return String.format(Locale.ROOT, "suggests %s, a tenth of %s where the smoothed loss was lowest (%.4g, from %.4g"
                + " at the start): .optimizer(%s)", Diagnosis.rate(suggested), Diagnosis.rate(rates[best]), losses[best],
                losses[0], Diagnosis.withRate(optimizer, suggested));
    }
}
