package dev.nnj.core.internal;

import java.util.random.RandomGenerator;

/**
 * The one Fisher–Yates shuffle of nnj: batch order in training, random splits in nn-core and
 * stratified splits and folds in nn-data all draw from here, so a seed means the same order
 * wherever it is used.
 * <pre>{@code
 * int[] order = Shuffle.permutation(rows, seed);          // 0..rows-1 in an order fixed by the seed
 * Shuffle.shuffle(order, 0, order.length, random);         // again, in place, with a running generator
 * }</pre>
 */
public final class Shuffle {

    private Shuffle() {
    }

    /** Shuffles {@code a[from .. to)} in place (Fisher–Yates, drawing {@code nextInt(i + 1)} from the top down). */
    public static void shuffle(int[] a, int from, int to, RandomGenerator random) {
        for (int i = to - 1; i > from; i--) {
            int j = from + random.nextInt(i - from + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** {@code 0 .. n−1} in an order fixed by the seed (a {@link java.util.SplittableRandom} seeded with it). */
    public static int[] permutation(int n, long seed) {
        int[] order = identity(n);
        shuffle(order, 0, n, new java.util.SplittableRandom(seed));
        return order;
    }

    /** {@code 0 .. n−1} in order. */
    public static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /**
     * The number of rows {@code fraction} of {@code n} gives (rounded), or an exception naming
     * {@code where} and {@code what} if the fraction is outside (0, 1) or leaves a part empty.
     */
    public static int partSize(String where, String what, int n, double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException(where + ": " + what + " must be between 0 and 1 (exclusive), got "
                    + fraction + ", e.g. 0.8 for 80% training rows.");
        }
        int size = (int) Math.round(n * fraction);
        if (size < 1 || size >= n) {
            throw new IllegalArgumentException(where + ": " + what + " " + fraction + " of " + n
                    + " rows leaves a part empty; use more rows or a fraction nearer 0.5.");
        }
        return size;
    }
}
