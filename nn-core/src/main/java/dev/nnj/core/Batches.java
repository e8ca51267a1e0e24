package dev.nnj.core;

import dev.nnj.core.internal.Shuffle;
import dev.nnj.core.spi.Kernels;

/** Splitting checked, flattened rows: the validation split of a training run. */
final class Batches {

    private Batches() {
    }

    /**
     * {training, held out}: {@code fraction} of the rows, drawn with {@code seed}, are held out; both
     * parts keep the rows' original order.
     *
     * @throws IllegalArgumentException if the fraction leaves a part empty
     */
    static Sequential.Batch[] split(Sequential.Batch all, double fraction, long seed) {
        int n = all.rows();
        int heldCount = Shuffle.partSize("validationSplit", "fraction", n, fraction);
        int[] order = Shuffle.permutation(n, seed);
        boolean[] held = new boolean[n];
        for (int i = 0; i < heldCount; i++) {
            held[order[i]] = true;
        }
        int[] train = new int[n - heldCount];
        int[] out = new int[heldCount];
        for (int i = 0, a = 0, b = 0; i < n; i++) {
            if (held[i]) {
                out[b++] = i;
            } else {
                train[a++] = i;
            }
        }
        return new Sequential.Batch[] {pick(all, train, Kernels.active()), pick(all, out, Kernels.active())};
    }

    /** The given rows of {@code all}, in that order, as a new batch. */
    static Sequential.Batch pick(Sequential.Batch all, int[] rows, Kernels kernels) {
        float[] x = new float[rows.length * all.xWidth()];
        float[] y = new float[rows.length * all.yWidth()];
        kernels.gatherRows(rows, 0, rows.length, all.xWidth(), all.x(), x, 0);
        kernels.gatherRows(rows, 0, rows.length, all.yWidth(), all.y(), y, 0);
        return new Sequential.Batch(x, y, rows.length, all.xWidth(), all.yWidth());
    }
}
