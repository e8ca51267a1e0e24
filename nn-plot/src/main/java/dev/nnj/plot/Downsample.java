package dev.nnj.plot;

/**
 * Largest-Triangle-Three-Buckets (Steinarsson, "Downsampling Time Series for Visual
 * Representation", 2013): keeps the first and last point and, from each of {@code limit - 2}
 * equal buckets between them, the point that makes the largest triangle with the point kept
 * before it and the mean of the next bucket. Unlike taking every n-th point it keeps the spikes
 * a diverging run produces, which are what a reader of a loss curve looks for.
 */
final class Downsample {

    private Downsample() {
    }

    /**
     * The indices of the points to keep, in order: all of them when there are at most
     * {@code limit}, otherwise exactly {@code limit}, the first and last included.
     */
    static int[] indices(double[] x, double[] y, int limit) {
        int n = x.length;
        if (limit < 3) {
            throw new IllegalArgumentException("Downsample: keep at least 3 points, not " + limit + ".");
        }
        if (n <= limit) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] kept = new int[limit];
        double bucket = (double) (n - 2) / (limit - 2);
        int previous = 0;
        kept[0] = 0;
        for (int b = 0; b < limit - 2; b++) {
            int start = (int) Math.floor(b * bucket) + 1;
            int end = (int) Math.floor((b + 1) * bucket) + 1;
            // The mean of the next bucket (the last point for the last bucket).
            int nextStart = end;
            int nextEnd = Math.min((int) Math.floor((b + 2) * bucket) + 1, n);
            if (b == limit - 3) {
                nextStart = n - 1;
                nextEnd = n;
            }
            double meanX = 0;
            double meanY = 0;
            for (int i = nextStart; i < nextEnd; i++) {
                meanX += x[i];
                meanY += y[i];
            }
            meanX /= nextEnd - nextStart;
            meanY /= nextEnd - nextStart;
            double best = -1;
            int chosen = start;
            for (int i = start; i < end; i++) {
                // Twice the triangle's area; the factor does not change which is largest.
                double area = Math.abs((x[previous] - meanX) * (y[i] - y[previous])
                        - (x[previous] - x[i]) * (meanY - y[previous]));
                if (area > best) {
                    best = area;
                    chosen = i;
                }
            }
            kept[b + 1] = chosen;
            previous = chosen;
        }
        kept[limit - 1] = n - 1;
        return kept;
    }
}
