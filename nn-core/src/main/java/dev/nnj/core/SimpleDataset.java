package dev.nnj.core;

import dev.nnj.core.internal.Shuffle;
import dev.nnj.core.spi.Kernels;

import java.util.ArrayList;
import java.util.List;

/** Rows held in memory, with no preprocessing: what {@link Dataset#of} returns. */
record SimpleDataset(float[][] features, float[][] targets) implements Dataset {

    static Dataset of(float[][] features, float[][] targets) {
        int xw = Checks.width("Dataset.of", "features", features);
        int yw = Checks.width("Dataset.of", "targets", targets);
        if (features.length != targets.length) {
            throw new IllegalArgumentException("Dataset.of: features have " + features.length + " rows but targets have "
                    + targets.length + "; give one target row per feature row.");
        }
        Kernels kernels = Kernels.active();
        Checks.finite("Dataset.of", "features", Checks.flatten(features, xw), xw, kernels);
        Checks.finite("Dataset.of", "targets", Checks.flatten(targets, yw), yw, kernels);
        return new SimpleDataset(deepCopy(features), deepCopy(targets));
    }

    @Override
    public Layer preprocessing() {
        // A fresh layer each call: a layer belongs to one model.
        return Layers.identity();
    }

    static Dataset.Split randomSplit(Dataset data, double trainFraction, long seed) {
        int n = data.size();
        int trainSize = Shuffle.partSize("split", "trainFraction", n, trainFraction);
        int[] order = Shuffle.permutation(n, seed);
        float[][] x = data.features();
        float[][] y = data.targets();
        return new Dataset.Split(
                new SimpleDataset(pick(x, order, 0, trainSize), pick(y, order, 0, trainSize)),
                new SimpleDataset(pick(x, order, trainSize, n), pick(y, order, trainSize, n)));
    }



    static List<String> defaultNames(String prefix, int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(prefix + i);
        }
        return List.copyOf(names);
    }

    private static float[][] pick(float[][] rows, int[] order, int from, int to) {
        float[][] out = new float[to - from][];
        for (int i = from; i < to; i++) {
            out[i - from] = rows[order[i]].clone();
        }
        return out;
    }

    private static float[][] deepCopy(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
        }
        return out;
    }
}
