package dev.nnj.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A copy of every tensor of a model (trainable or not), taken and put back without allocating:
 * the storage is made once. A run keeps one to put the model back to its last good weights.
 */
final class Snapshot {

    private final float[][] live;
    private final float[][] saved;

    Snapshot(Sequential model) {
        List<float[]> arrays = new ArrayList<>();
        for (Operation op : model.operations()) {
            for (Tensor t : op.tensors()) {
                arrays.add(t.value().data());
            }
        }
        this.live = arrays.toArray(new float[0][]);
        this.saved = new float[live.length][];
        for (int i = 0; i < live.length; i++) {
            saved[i] = live[i].clone();
        }
    }

    /** Records the model's current values. */
    void take() {
        for (int i = 0; i < live.length; i++) {
            System.arraycopy(live[i], 0, saved[i], 0, live[i].length);
        }
    }

    /** Puts the recorded values back into the model. */
    void restore() {
        for (int i = 0; i < live.length; i++) {
            System.arraycopy(saved[i], 0, live[i], 0, live[i].length);
        }
    }
}
