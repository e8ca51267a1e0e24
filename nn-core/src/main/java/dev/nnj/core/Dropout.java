package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

/**
 * Inverted dropout: in training, each value is zeroed with probability {@code rate} and the others
 * are scaled by {@code 1 / (1 − rate)}, so the expected output equals the input; at prediction it
 * passes data through unchanged. The mask of each step is drawn from the run's seed, the step and
 * the layer's position, so a seeded run repeats exactly (and a resumed one continues exactly).
 */
final class Dropout extends Operation {

    private final float rate;

    Dropout(float rate) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("dropout(" + rate + "): the rate is the share of values dropped, in [0, 1);"
                    + " 0.1 to 0.5 is usual.");
        }
        this.rate = rate;
    }

    /** A slot that also keeps the step's mask, which the backward pass applies again. */
    static final class MaskSlot extends Slot {
        float[] mask = EMPTY;
    }

    @Override
    String kind() {
        return "dropout";
    }

    float rate() {
        return rate;
    }

    @Override
    int inputWidth() {
        return ANY;
    }

    @Override
    int outputWidth(int inputWidth) {
        return inputWidth;
    }

    @Override
    boolean keepsShape() {
        return true;
    }

    @Override
    Operation copy() {
        return new Dropout(rate);
    }

    @Override
    void writeConfig(Json.ObjectWriter config) {
        config.put("rate", rate);
    }

    @Override
    Slot newSlot() {
        return new MaskSlot();
    }

    @Override
    void reserve(Slot slot, int rows, int inputWidth, boolean training) {
        slot.width = inputWidth;
        if (training) {
            slot.reserve(rows * inputWidth, rows * inputWidth);
            MaskSlot s = (MaskSlot) slot;
            if (s.mask.length < rows * inputWidth) {
                s.mask = new float[rows * inputWidth];
            }
        }
    }

    @Override
    float[] forward(Kernels kernels, Slot slot, float[] x, int rows) {
        if (!slot.workspace.training() || rate == 0f) {
            return x;
        }
        MaskSlot s = (MaskSlot) slot;
        int n = rows * slot.width;
        kernels.dropoutMask(n, rate, slot.workspace.seedFor(slot.index), s.mask, 0);
        kernels.multiply(n, x, 0, s.mask, 0, slot.output, 0);
        return slot.output;
    }

    @Override
    float[] backward(Kernels kernels, Slot slot, float[] dy, int rows, boolean needInputGradient) {
        if (!needInputGradient) {
            return null;
        }
        if (rate == 0f) {
            return dy;
        }
        kernels.multiply(rows * slot.width, dy, 0, ((MaskSlot) slot).mask, 0, slot.inputGradient, 0);
        return slot.inputGradient;
    }

    @Override
    public String toString() {
        return "dropout(" + rate + ")";
    }
}
