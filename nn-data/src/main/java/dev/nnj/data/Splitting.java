package dev.nnj.data;

import dev.nnj.core.internal.Shuffle;

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
        Shuffle.shuffle(chosen, 0, chosen.length, random);
        Shuffle.shuffle(rest, 0, rest.length, random);
        return new int[][] {chosen, rest};
    }

    /**
     * Deals the rows into {@code k} folds, class by class, so every fold holds each class in the same
     * proportion (up to one row) and the fold sizes differ by at most one.
     */
    static int[][] folds(int n, int[] classes, int k, SplittableRandom random) {
        int[] all = Shuffle.identity(n);
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
            Shuffle.shuffle(copy, 0, copy.length, random);
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
            Shuffle.shuffle(group, 0, group.length, random);
        }
        return groups;
    }
}
