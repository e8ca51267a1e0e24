package dev.nnj.spark;

/**
 * Which rows of a partition make its share of each batch. An epoch has
 * {@code batches = ceil(rows / batchSize)} batches; partition p's rows (in their content order, see
 * {@link Part.Builder#build()}) are shuffled with the seed, the epoch and p alone, and batch b takes the p-th partition's rows
 * {@code [b·n_p / batches, (b+1)·n_p / batches)} of that order. So a batch holds about batchSize
 * rows drawn from every partition in proportion to its size, and every row is used once an epoch,
 * whichever executor runs which task, and however often a task is retried.
 */
final class Batches {

    private Batches() {
    }

    /** Batches in an epoch of {@code rows} rows. */
    static int perEpoch(long rows, int batchSize) {
        return (int) ((rows + batchSize - 1) / batchSize);
    }

    /** The first position (in the partition's order) of batch {@code batch}'s share; batch {@code batches} gives the end. */
    static int from(int rows, int batch, int batches) {
        return (int) ((long) batch * rows / batches);
    }

    /**
     * The order of a partition's rows in an epoch: Fisher–Yates with SplitMix64 seeded from the run's
     * seed, the epoch and the partition; the identity without shuffling. (nn-core's internal
     * {@code Shuffle} and {@code SplitMix} are out of reach: Spark runs nn-spark on the class path,
     * where nn-core's qualified export of them does not apply.)
     */
    static int[] order(int rows, long seed, int epoch, int partition, boolean shuffle) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        if (!shuffle) {
            return order;
        }
        long state = mix(seed ^ mix(epoch ^ mix(partition + 0x51_7CC1_B727_220AL)));
        for (int i = rows - 1; i > 0; i--) {
            state += 0x9E3779B97F4A7C15L;
            int j = (int) Long.remainderUnsigned(mix(state), i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** A seed for partition {@code partition}'s draws (dropout masks), different for every partition. */
    static long partitionSeed(long seed, int partition) {
        return mix(seed ^ mix(0x2545F4914F6CDD1DL + partition));
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
