package dev.nnj.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One partition's rows as two row-major float matrices: what each executor keeps in memory (Spark
 * caches it) and takes its share of every batch from.
 *
 * @param index  the partition's index
 * @param rows   how many rows it holds
 * @param xWidth values per row of the features
 * @param yWidth values per row of the targets
 * @param x      the features, rows × xWidth
 * @param y      the targets, rows × yWidth
 */
record Part(int index, int rows, int xWidth, int yWidth, float[] x, float[] y) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Rows {@code order[from] .. order[to - 1]} as the float[][] pair nn-core's training takes. */
    float[][][] gather(int[] order, int from, int to) {
        float[][] xs = new float[to - from][];
        float[][] ys = new float[to - from][];
        for (int i = from; i < to; i++) {
            int r = order[i];
            xs[i - from] = Arrays.copyOfRange(x, r * xWidth, (r + 1) * xWidth);
            ys[i - from] = Arrays.copyOfRange(y, r * yWidth, (r + 1) * yWidth);
        }
        return new float[][][] {xs, ys};
    }

    /** Grows as rows arrive, then becomes a Part. */
    static final class Builder {
        private final int index;
        private int xWidth = -1;
        private int yWidth = -1;
        private float[] x = new float[256];
        private float[] y = new float[16];
        private int rows;

        Builder(int index) {
            this.index = index;
        }

        /** Adds a row; {@code where} names it for the message if its widths differ from the first row's. */
        void add(float[] features, float[] targets, String featureName, String targetName) {
            if (xWidth < 0) {
                xWidth = features.length;
                yWidth = targets.length;
            } else if (features.length != xWidth) {
                throw new IllegalArgumentException(featureName + " has " + features.length + " values in row " + rows
                        + " of partition " + index + ", but " + xWidth + " in the rows before; every row needs the same number.");
            } else if (targets.length != yWidth) {
                throw new IllegalArgumentException(targetName + " has " + targets.length + " values in row " + rows
                        + " of partition " + index + ", but " + yWidth + " in the rows before; every row needs the same number.");
            }
            check(features, featureName);
            check(targets, targetName);
            x = fit(x, (rows + 1) * xWidth);
            y = fit(y, (rows + 1) * yWidth);
            System.arraycopy(features, 0, x, rows * xWidth, xWidth);
            System.arraycopy(targets, 0, y, rows * yWidth, yWidth);
            rows++;
        }

        private void check(float[] values, String name) {
            for (int j = 0; j < values.length; j++) {
                if (!Float.isFinite(values[j])) {
                    throw new IllegalArgumentException(name + " holds " + values[j] + " at position " + j + " of row " + rows
                            + " of partition " + index + "; fill or drop such rows before training (e.g. frame.na().drop()).");
                }
            }
        }

        private static float[] fit(float[] a, int size) {
            return size <= a.length ? a : Arrays.copyOf(a, Math.max(size, a.length * 2));
        }

        int rows() {
            return rows;
        }

        Part build() {
            return new Part(index, rows, Math.max(xWidth, 0), Math.max(yWidth, 0), Arrays.copyOf(x, rows * Math.max(xWidth, 0)),
                    Arrays.copyOf(y, rows * Math.max(yWidth, 0)));
        }
    }
}
