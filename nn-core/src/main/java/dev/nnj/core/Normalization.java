package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.util.List;

/**
 * Fixed per-column preprocessing {@code y = (x − center) / spread}: standardisation (mean, standard
 * deviation) or min-max (minimum, range). Its values are fitted on training rows and never trained;
 * the model file keeps them, so a saved model takes raw rows.
 */
final class Normalization extends Operation {

    private final Matrix center;
    private final Matrix spread;
    private final float[] scale;
    private final float[] shift;

    Normalization(float[] center, float[] spread) {
        if (center == null || spread == null) {
            throw new IllegalArgumentException("normalization: center and spread must both be given (got "
                    + (center == null ? "null" : "an array") + " and " + (spread == null ? "null" : "an array")
                    + "); nn-data's Dataset.preprocessing() fits them for you.");
        }
        if (center.length == 0 || center.length != spread.length) {
            throw new IllegalArgumentException("normalization: center and spread must be non-empty and of equal length, got "
                    + center.length + " and " + spread.length + ".");
        }
        this.center = new Matrix(1, center.length, center.clone());
        this.spread = new Matrix(1, spread.length, spread.clone());
        this.scale = new float[center.length];
        this.shift = new float[center.length];
        tensorsLoaded();
    }

    /** Derives the multiply-add form {@code x · scale + shift} from centre and spread, checking them. */
    @Override
    void tensorsLoaded() {
        float[] c = center.data();
        float[] s = spread.data();
        for (int j = 0; j < c.length; j++) {
            float inverse = 1f / s[j];
            if (!Float.isFinite(c[j]) || !Float.isFinite(s[j]) || !Float.isFinite(inverse) || inverse == 0f) {
                throw new IllegalArgumentException("normalization: column " + j + " has center " + c[j] + " and spread "
                        + s[j] + "; both must be finite and the spread non-zero, far enough from 0 that 1 / spread is finite"
                        + " (|spread| ≥ " + Float.MIN_NORMAL + "). A constant column carries no information: drop it,"
                        + " or give it spread 1.");
            }
            scale[j] = inverse;
            shift[j] = -c[j] / s[j];
        }
    }

    float[] center() {
        return center.data().clone();
    }

    float[] spread() {
        return spread.data().clone();
    }

    @Override
    String kind() {
        return "normalization";
    }

    @Override
    int inputWidth() {
        return scale.length;
    }

    @Override
    int outputWidth(int inputWidth) {
        return scale.length;
    }

    @Override
    boolean keepsShape() {
        return true;
    }

    @Override
    List<Tensor> tensors() {
        return List.of(new Tensor("center", center, false, Tensor.Layout.VECTOR), new Tensor("spread", spread, false, Tensor.Layout.VECTOR));
    }

    @Override
    Operation copy() {
        return new Normalization(center.data(), spread.data());
    }

    @Override
    void writeConfig(Json.ObjectWriter config) {
        config.put("width", scale.length);
    }

    @Override
    float[] forward(Kernels kernels, Slot slot, float[] x, int rows) {
        int w = scale.length;
        kernels.scaleColumns(rows, w, x, 0, w, scale, 0, shift, 0, slot.output, 0, w);
        return slot.output;
    }

    @Override
    float[] backward(Kernels kernels, Slot slot, float[] dy, int rows, boolean needInputGradient) {
        if (!needInputGradient) {
            return null;
        }
        int w = scale.length;
        kernels.scaleColumns(rows, w, dy, 0, w, scale, 0, null, 0, slot.inputGradient, 0, w);
        return slot.inputGradient;
    }

    @Override
    public String toString() {
        return "normalization(" + scale.length + ")";
    }
}
