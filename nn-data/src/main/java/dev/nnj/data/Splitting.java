package dev.nnj.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which rows go where: stratified (each class in the same proportion in every part, up to rounding)
 * when the rows have classes, plain shuffling otherwise. Everything is fixed by the seed.
 */
final class Splitting {

    private Splitting() {
    }

    /** The number of rows {@code fraction} of {@code n} gives, or an error if a part would be empty. */
    static int partSize(String where, String what, int n, double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException(where + ": " + what + " must be between 0 and 1 (exclusive), got " + fraction
                    + ", e.g. 0.8 for 80% training rows.");
        }
        int size = (int) Math.round(n * fraction);
        if (size < 1 || size >= n) {
            throw new IllegalArgumentException(where + ": " + what + " " + fraction + " of " + n
                    + " rows leaves a part empty; use more rows or a fraction nearer 0.5.");
        }
        return size;
    }

    /**
     * Chooses {@code count} of {@code rows}: per class the share {@code count / rows.length} (largest
     * remainder rounding, so the total is exact), each class's rows in random order.
     *
     * @param classes class index per row of the whole dataset, or null for one group
     * @return {chosen, rest}, each in random order
     */
    static int[][] choose(int[] rows, int[] classes, int count, SplittableRandom random) {
        int[][] groups = groups(rows, classes, random);
        int n = rows.length;
        int[] quota = new int[groups.length];
        double[] remainder = new double[groups.length];
        int assigned = 0;
        for (int g = 0; g < groups.length; g++) {
            double exact = (double) groups[g].length * count / n;
            quota[g] = (int) Math.floor(exact);
            remainder[g] = exact - quota[g];
            assigned += quota[g];
        }
        while (assigned < count) {
            int best = -1;
            for (int g = 0; g < groups.length; g++) {
                if (quota[g] < groups[g].length && (best < 0 || remainder[g] > remainder[best])) {
                    best = g;
                }
            }
            quota[best]++;
            remainder[best] = -1;
            assigned++;
        }
        int[] chosen = new int[count];
        int[] rest = new int[n - count];
        int c = 0;
        int o = 0;
        for (int g = 0; g < groups.length; g++) {
            for (int i = 0; i < groups[g].length; i++) {
                if (i < quota[g]) {
                    chosen[c++] = groups[g][i];
                } else {
                    rest[o++] = groups[g][i];
                }
            }
        }
        shuffle(chosen, random);
        shuffle(rest, random);
        return new int[][] {chosen, rest};
    }

    /**
     * Deals the rows into {@code k} folds, class by class, so every fold holds each class in the same
     * proportion (up to one row) and the fold sizes differ by at most one.
     */
    static int[][] folds(int n, int[] classes, int k, SplittableRandom random) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        List<List<Integer>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            folds.add(new ArrayList<>());
        }
        int position = 0;
        for (int[] group : groups(all, classes, random)) {
            for (int row : group) {
                folds.get(position++ % k).add(row);
            }
        }
        int[][] out = new int[k][];
        for (int f = 0; f < k; f++) {
            out[f] = folds.get(f).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /** The rows grouped by class (class order), each group shuffled; one group when there are no classes. */
    private static int[][] groups(int[] rows, int[] classes, SplittableRandom random) {
        if (classes == null) {
            int[] copy = rows.clone();
            shuffle(copy, random);
            return new int[][] {copy};
        }
        int k = Arrays.stream(classes).max().orElse(0) + 1;
        int[] counts = new int[k];
        for (int r : rows) {
            counts[classes[r]]++;
        }
        int[][] groups = new int[k][];
        for (int g = 0; g < k; g++) {
            groups[g] = new int[counts[g]];
        }
        int[] fill = new int[k];
        for (int r : rows) {
            groups[classes[r]][fill[classes[r]]++] = r;
        }
        for (int[] group : groups) {
            shuffle(group, random);
        }
        return groups;
    }

    /** Fisher–Yates. */
    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
