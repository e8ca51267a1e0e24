package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/**
 * Fixed per-column preprocessing {@code y = (x − center) / spread}: standardisation (mean, standard
 * deviation) or min-max (minimum, range). Its values are fitted on training rows and never trained.
 */
final class Normalization extends Operation {

    private final float[] center;
    private final float[] spread;
    private final float[] scale;
    private final float[] shift;
    private final String kind;
    private float[] out = new float[0];

    Normalization(String kind, float[] center, float[] spread) {
        if (center.length == 0 || center.length != spread.length) {
            throw new IllegalArgumentException(kind + ": center and spread must be non-empty and of equal length, got "
                    + center.length + " and " + spread.length + ".");
        }
        this.kind = kind;
        this.center = center.clone();
        this.spread = spread.clone();
        this.scale = new float[center.length];
        this.shift = new float[center.length];
        for (int j = 0; j < center.length; j++) {
            if (!Float.isFinite(center[j]) || !Float.isFinite(spread[j]) || spread[j] == 0f) {
                throw new IllegalArgumentException(kind + ": column " + j + " has center " + center[j] + " and spread "
                        + spread[j] + "; both must be finite and the spread non-zero. A constant column carries no"
                        + " information: drop it, or give it spread 1.");
            }
            scale[j] = 1f / spread[j];
            shift[j] = -center[j] / spread[j];
        }
    }

    String kind() {
        return kind;
    }

    float[] center() {
        return center.clone();
    }

    float[] spread() {
        return spread.clone();
    }

    @Override
    int inputWidth() {
        return center.length;
    }

    @Override
    int outputWidth(int inputWidth) {
        return center.length;
    }

    @Override
    void reserve(int rows, int inputWidth) {
        if (out.length < rows * center.length) {
            out = new float[rows * center.length];
        }
    }

    @Override
    float[] forward(Kernels kernels, float[] x, int rows) {
        int w = center.length;
        kernels.scaleColumns(rows, w, x, 0, w, scale, 0, shift, 0, out, 0, w);
        return out;
    }

    @Override
    float[] backward(Kernels kernels, float[] dy, int rows, boolean needInputGradient) {
        if (!needInputGradient) {
            return null;
        }
        int w = center.length;
        // dy is the next layer's buffer; scaling it in place is safe because nothing reads it after this.
        kernels.scaleColumns(rows, w, dy, 0, w, scale, 0, null, 0, dy, 0, w);
        return dy;
    }

    @Override
    public String toString() {
        return kind + "(" + center.length + ")";
    }
}
