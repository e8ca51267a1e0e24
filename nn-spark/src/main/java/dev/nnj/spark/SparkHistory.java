package dev.nnj.spark;

import dev.nnj.core.History;

import java.util.List;

/**
 * What a Spark training run recorded, epoch by epoch, and why it ended: the same records as
 * nn-core's {@link History}, plus how the work was spread.
 * <pre>{@code
 * SparkHistory h = SparkTraining.of(model).on(frame, "features", "label").loss(crossEntropy())
 *         .optimizer(adam(0.001f)).epochs(5).batchSize(256).run();
 * h.epochs().forEach(System.out::println);          // epoch 1  loss 0.612345  val_loss ...
 * System.out.println(h.rounds() + " rounds on " + h.partitions() + " partitions, " + h.secondsPerRound() + " s each");
 * }</pre>
 * Training accuracy is not measured on Spark (the executors return gradients, not predictions), so
 * {@link History.Epoch#accuracy()} is NaN; give {@code validation(...)} data for an accuracy.
 *
 * @param epochs     the per-epoch records, in order (NaN where not measured)
 * @param stopReason why the run ended
 * @param rounds     synchronisation rounds this run ran (a resumed run counts its own only)
 * @param partitions the data's partitions: the tasks of every round
 * @param localSteps optimizer steps each partition takes per round (1: the driver sums gradients and steps once)
 * @param rows       training rows
 * @param seconds    wall-clock seconds the rounds took (data loading excluded)
 */
public record SparkHistory(List<History.Epoch> epochs, History.StopReason stopReason, long rounds, int partitions,
                           int localSteps, long rows, double seconds) {

    /** Copies the list, so the record never changes. */
    public SparkHistory {
        epochs = List.copyOf(epochs);
    }

    /**
     * The last epoch's mean training loss.
     *
     * @throws IllegalStateException if no epoch completed
     */
    public float finalLoss() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("SparkHistory: no epoch has completed.");
        }
        return epochs.get(epochs.size() - 1).loss();
    }

    /** The mean wall-clock time of a round: its broadcast, its tasks, collecting and applying the results. */
    public double secondsPerRound() {
        return rounds == 0 ? Double.NaN : seconds / rounds;
    }

    @Override
    public String toString() {
        return "SparkHistory[" + epochs.size() + " epochs" + (epochs.isEmpty() ? "" : ", final loss " + finalLoss()) + ", " + rounds
                + " rounds on " + partitions + " partitions, " + localSteps + " local step" + (localSteps == 1 ? "" : "s")
                + " per round, " + stopReason + "]";
    }
}
