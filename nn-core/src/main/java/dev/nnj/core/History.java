package dev.nnj.core;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;

/**
 * What a training run recorded, epoch by epoch, and why it ended.
 * <pre>{@code
 * History history = model.train().on(train).validation(test).loss(crossEntropy()).optimizer(adam(0.01f))
 *         .epochs(100).earlyStopping(10).run();
 * System.out.println(history.finalLoss() + " " + history.stopReason());
 * history.epochs().forEach(System.out::println);   // epoch 1  loss 1.081522  accuracy 0.4083  val_loss 1.02 ...
 * }</pre>
 * Values a run did not measure are NaN: validation loss and accuracy without validation data,
 * accuracy for a regression loss.
 */
public final class History {

    /**
     * One epoch's record.
     *
     * @param number             the epoch, counting from 1
     * @param loss               the mean training loss over the epoch's batches (weighted by batch size),
     *                           measured while the parameters were being updated
     * @param accuracy           the share of training rows classified right during the epoch, or NaN for regression
     * @param validationLoss     the mean loss on the validation data after the epoch, or NaN without validation data
     * @param validationAccuracy the share of validation rows classified right after the epoch, or NaN
     * @param learningRate       the optimizer's learning rate during the epoch
     * @param seconds            the time since the run started, at the end of the epoch
     */
    public record Epoch(int number, float loss, float accuracy, float validationLoss, float validationAccuracy,
                        float learningRate, double seconds) {

        /** An epoch with a training loss only. */
        public Epoch(int number, float loss) {
            this(number, loss, Float.NaN, Float.NaN, Float.NaN, Float.NaN, 0);
        }

        /** True if the run had validation data. */
        public boolean hasValidation() {
            return !Float.isNaN(validationLoss);
        }

        /** {@code epoch 12  loss 0.482311}, then accuracy, validation loss and accuracy where measured. */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(String.format("epoch %d  loss %.6f", number, loss));
            if (!Float.isNaN(accuracy)) {
                s.append(String.format("  accuracy %.4f", accuracy));
            }
            if (!Float.isNaN(validationLoss)) {
                s.append(String.format("  val_loss %.6f", validationLoss));
            }
            if (!Float.isNaN(validationAccuracy)) {
                s.append(String.format("  val_accuracy %.4f", validationAccuracy));
            }
            return s.toString();
        }
    }

    /**
     * Why a run ended.
     *
     * @param kind          what ended it
     * @param epoch         the last epoch that ran (counting from 1; 0 if none did)
     * @param restoredEpoch the epoch whose weights the model kept (0 for the weights before the run), or
     *                      {@code epoch} when the model kept its last weights
     * @param message       the reason in words
     */
    public record StopReason(Kind kind, int epoch, int restoredEpoch, String message) {

        /** What ended a run. */
        public enum Kind {
            /** Every epoch ran. */
            COMPLETED,
            /** The monitored loss stopped improving ({@code earlyStopping}). */
            EARLY_STOPPED,
            /** A callback asked the run to stop. */
            STOPPED_BY_CALLBACK,
            /** The loss became NaN or infinite; the model keeps its last finite weights. */
            DIVERGED
        }

        /** Checks that kind and message are given. */
        public StopReason {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return message;
        }
    }

    // Preallocated, one float per epoch per measured value, so recording allocates nothing during training.
    private final float[] losses;
    private final float[] accuracies;
    private final float[] validationLosses;
    private final float[] validationAccuracies;
    private final float[] learningRates;
    private final double[] seconds;
    private int count;
    private StopReason stop;
    private final List<Finding> findings = new java.util.ArrayList<>();

    /**
     * @param classification whether accuracy is measured
     * @param validation     whether validation loss (and accuracy) are measured
     */
    History(int epochs, boolean classification, boolean validation) {
        this.losses = new float[epochs];
        this.accuracies = classification ? new float[epochs] : null;
        this.validationLosses = validation ? new float[epochs] : null;
        this.validationAccuracies = validation && classification ? new float[epochs] : null;
        this.learningRates = new float[epochs];
        this.seconds = new double[epochs];
    }

    History(int epochs) {
        this(epochs, false, false);
    }

    /** Bytes each epoch's record takes: what a run allocates per epoch (for the allocation tests). */
    int bytesPerEpoch() {
        return Float.BYTES * (2 + (accuracies != null ? 1 : 0) + (validationLosses != null ? 1 : 0)
                + (validationAccuracies != null ? 1 : 0)) + Double.BYTES;
    }

    void record(float loss) {
        record(loss, Float.NaN, Float.NaN, Float.NaN, Float.NaN, 0);
    }

    void record(float loss, float accuracy, float validationLoss, float validationAccuracy, float learningRate, double elapsed) {
        losses[count] = loss;
        if (accuracies != null) {
            accuracies[count] = accuracy;
        }
        if (validationLosses != null) {
            validationLosses[count] = validationLoss;
        }
        if (validationAccuracies != null) {
            validationAccuracies[count] = validationAccuracy;
        }
        learningRates[count] = learningRate;
        seconds[count] = elapsed;
        count++;
    }

    void add(Finding finding) {
        findings.add(finding);
    }

    void stop(StopReason reason) {
        this.stop = reason;
    }

    boolean stopReasonSet() {
        return stop != null;
    }

    /** What was recorded so far, by name, as copies (for a checkpoint); values not measured are left out. */
    java.util.Map<String, float[]> recorded() {
        java.util.Map<String, float[]> map = new java.util.LinkedHashMap<>();
        map.put("history.loss", java.util.Arrays.copyOf(losses, count));
        if (accuracies != null) {
            map.put("history.accuracy", java.util.Arrays.copyOf(accuracies, count));
        }
        if (validationLosses != null) {
            map.put("history.validation_loss", java.util.Arrays.copyOf(validationLosses, count));
        }
        if (validationAccuracies != null) {
            map.put("history.validation_accuracy", java.util.Arrays.copyOf(validationAccuracies, count));
        }
        map.put("history.learning_rate", java.util.Arrays.copyOf(learningRates, count));
        float[] time = new float[count];
        for (int i = 0; i < count; i++) {
            time[i] = (float) seconds[i];
        }
        map.put("history.seconds", time);
        return map;
    }

    /** Refills the first {@code epochs} records from a checkpoint's arrays (as {@link #recorded()} named them). */
    void restore(java.util.Map<String, float[]> arrays, int epochs) {
        System.arraycopy(arrays.get("history.loss"), 0, losses, 0, epochs);
        copy(arrays.get("history.accuracy"), accuracies, epochs);
        copy(arrays.get("history.validation_loss"), validationLosses, epochs);
        copy(arrays.get("history.validation_accuracy"), validationAccuracies, epochs);
        System.arraycopy(arrays.get("history.learning_rate"), 0, learningRates, 0, epochs);
        float[] time = arrays.get("history.seconds");
        for (int i = 0; i < epochs; i++) {
            seconds[i] = time[i];
        }
        count = epochs;
    }

    private static void copy(float[] from, float[] to, int epochs) {
        if (from != null && to != null) {
            System.arraycopy(from, 0, to, 0, epochs);
        }
    }

    // ---- read by the diagnosis at the end of a run, without making a record per epoch -------------

    int count() {
        return count;
    }

    float lossAt(int index) {
        return losses[index];
    }

    /** The validation loss of epoch {@code index} (from 0), or NaN without validation data. */
    float validationLossAt(int index) {
        return at(validationLosses, index);
    }

    private static float at(float[] values, int index) {
        return values == null ? Float.NaN : values[index];
    }

    /** The per-epoch records, in order. */
    public List<Epoch> epochs() {
        int size = count;
        return new AbstractList<>() {
            @Override
            public Epoch get(int index) {
                if (index < 0 || index >= size) {
                    throw new IndexOutOfBoundsException("History: epoch index " + index + " of " + size);
                }
                return new Epoch(index + 1, losses[index], at(accuracies, index), at(validationLosses, index),
                        at(validationAccuracies, index), learningRates[index], seconds[index]);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** The last epoch's record. */
    Epoch last() {
        int i = count - 1;
        return new Epoch(count, losses[i], at(accuracies, i), at(validationLosses, i), at(validationAccuracies, i),
                learningRates[i], seconds[i]);
    }

    /** The last epoch's mean training loss. @throws IllegalStateException if no epoch completed */
    public float finalLoss() {
        if (count == 0) {
            throw new IllegalStateException("History: no epoch has completed.");
        }
        return losses[count - 1];
    }

    /**
     * What the run's diagnosis found, in the order found (before training, during it, at its end);
     * empty for a healthy run or one trained with {@code diagnosis(false)}. See {@link Finding}.
     */
    public List<Finding> findings() {
        return List.copyOf(findings);
    }

    /** Why the run ended; {@code COMPLETED} when every epoch ran. */
    public StopReason stopReason() {
        return stop != null ? stop : new StopReason(StopReason.Kind.COMPLETED, count, count, "all " + count + " epochs ran");
    }

    @Override
    public String toString() {
        return "History[" + count + " epochs" + (count > 0 ? ", final loss " + finalLoss() : "") + ", " + stopReason() + "]";
    }
}
