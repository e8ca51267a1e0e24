package dev.nnj.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A copy of every tensor of a model (trainable or not), taken and put back without allocating:
 * the storage is made once. A run keeps one to put the model back to its last good weights, and
 * early stopping one of its best.
 */
final class Snapshot {

    private final List<String> names = new ArrayList<>();
    private final float[][] live;
    private final float[][] saved;

    Snapshot(Sequential model) {
        List<float[]> arrays = new ArrayList<>();
        Operation[] layers = model.operations();
        for (int i = 0; i < layers.length; i++) {
            for (Tensor t : layers[i].tensors()) {
                names.add(i + "." + t.name());
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

    /** The recorded values by tensor name ({@code position.name}), live: a checkpoint reads and restores them. */
    java.util.Map<String, float[]> recorded() {
        java.util.Map<String, float[]> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < saved.length; i++) {
            map.put(names.get(i), saved[i]);
        }
        return map;
    }
}
