package dev.nnj.core;

/**
 * Early stopping's state in a run: the best value of the monitored quantity so far, its epoch,
 * the epochs since, and (when asked) a copy of the model at its best, put back when the run ends.
 * As Keras's {@code EarlyStopping}: the run stops once {@code patience} epochs in a row have not
 * improved on the best by more than {@code minDelta}.
 */
final class EarlyStop {

    final Training.Monitor monitor;
    final int patience;
    final float minDelta;
    final boolean restoreBest;
    private final Snapshot best;
    float bestValue = Float.NaN;
    int bestEpoch;
    int waited;

    EarlyStop(Training.Monitor monitor, int patience, float minDelta, boolean restoreBest, Sequential model) {
        this.monitor = monitor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.restoreBest = restoreBest;
        this.best = restoreBest ? new Snapshot(model) : null;
    }

    /** Takes an epoch's records; returns true when the run should stop. */
    boolean update(int epoch, float loss, float accuracy, float validationLoss, float validationAccuracy) {
        float value;
        switch (monitor) {
            case LOSS:
                value = loss;
                break;
            case ACCURACY:
                value = accuracy;
                break;
            case VALIDATION_ACCURACY:
                value = validationAccuracy;
                break;
            default:
                value = validationLoss;
                break;
        }
        boolean higherIsBetter = monitor == Training.Monitor.ACCURACY || monitor == Training.Monitor.VALIDATION_ACCURACY;
        boolean improved = Float.isNaN(bestValue)
                || (higherIsBetter ? value > bestValue + minDelta : value < bestValue - minDelta);
        if (improved) {
            bestValue = value;
            bestEpoch = epoch;
            waited = 0;
            if (best != null) {
                best.take();
            }
            return false;
        }
        return ++waited >= patience;
    }

    /** Puts the best epoch's weights back (when asked to and when the model moved on from them); returns the epoch kept. */
    int restore(int lastEpoch) {
        if (best != null && bestEpoch != 0 && bestEpoch != lastEpoch) {
            best.restore();
            return bestEpoch;
        }
        return lastEpoch;
    }

    Snapshot bestWeights() {
        return best;
    }
}
