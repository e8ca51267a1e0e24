package dev.nnj.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One partition's rows as two row-major float matrices, in an order fixed by their content: what
 * each executor keeps in memory (Spark caches it) and takes its share of every batch from.
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

        /**
         * The Part, its rows sorted by their content (a hash of their features, then the features,
         * then the targets; the targets come last so that a label's encoding, class index or one-hot,
         * does not change the order): the order Spark hands a partition's rows over in can change when it computes the
         * partition again (a lost executor's cached block, rows fetched from a shuffle), the rows
         * themselves cannot. So the batches, and the run, depend on which rows a partition holds only.
         */
        Part build() {
            int xw = Math.max(xWidth, 0);
            int yw = Math.max(yWidth, 0);
            long[] hashes = new long[rows];
            Integer[] order = new Integer[rows];
            for (int r = 0; r < rows; r++) {
                long h = 0x6A09E667F3BCC909L;
                for (int j = 0; j < xw; j++) {
                    h = Batches.mix(h ^ Float.floatToIntBits(x[r * xw + j]));
                }
                hashes[r] = h;
                order[r] = r;
            }
            Arrays.sort(order, (a, b) -> {
                int c = Long.compare(hashes[a], hashes[b]);
                for (int j = 0; c == 0 && j < xw; j++) {
                    c = Float.compare(x[a * xw + j], x[b * xw + j]);
                }
                for (int j = 0; c == 0 && j < yw; j++) {
                    c = Float.compare(y[a * yw + j], y[b * yw + j]);
                }
                return c;
            });
            float[] xs = new float[rows * xw];
            float[] ys = new float[rows * yw];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(x, order[r] * xw, xs, r * xw, xw);
                System.arraycopy(y, order[r] * yw, ys, r * yw, yw);
            }
            return new Part(index, rows, xw, yw, xs, ys);
        }
    }
}
