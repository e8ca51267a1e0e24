package dev.nnj.simdprobe;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Layers.tanh;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Optimizers.adam;

import dev.nnj.core.Parameter;
import dev.nnj.core.Sequential;
import dev.nnj.core.spi.Kernels;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Run in fresh JVMs by {@code DeterminismTest}: trains the same seeded networks {@code args[0]}
 * times in this JVM, from cold, on {@code args[2]} rows, and prints one line per run with a hash
 * of every weight's bits; then calls {@code predict} {@code args[1]} times on a fresh model and prints how many
 * different outputs it saw and the hash of the first. The networks use every transcendental the
 * kernels compute (tanh, sigmoid, softmax with cross-entropy, the fused sigmoid cross-entropy)
 * and Adam, so any dependence on whether the JIT has compiled a kernel shows up as a new hash.
 */
public final class DeterminismProbe {

    private DeterminismProbe() {
    }

    static int hash(Sequential model) {
        int h = 1;
        for (Parameter p : model.parameters()) {
            for (float[] row : p.value().toArray()) {
                for (float v : row) {
                    h = 31 * h + Float.floatToRawIntBits(v);
                }
            }
        }
        return h;
    }

    static int hash(float[][] y) {
        int h = 1;
        for (float[] row : y) {
            h = 31 * h + Arrays.hashCode(row);
        }
        return h;
    }

    public static void main(String[] args) {
        int runs = Integer.parseInt(args[0]);
        int predictions = Integer.parseInt(args[1]);
        int rows = Integer.parseInt(args[2]);
        SplittableRandom rnd = new SplittableRandom(11);
        float[][] x = new float[rows][40];
        float[][] classes = new float[rows][5];
        float[][] flags = new float[rows][1];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 40; j++) {
                x[i][j] = (float) rnd.nextGaussian();
            }
            int c = (x[i][0] > 0 ? 1 : 0) + (x[i][1] > 0 ? 2 : 0) + (x[i][2] > 1 ? 1 : 0);
            classes[i][c] = 1f;
            flags[i][0] = x[i][3] + x[i][4] > 0 ? 1f : 0f;
        }
        System.out.println("kernels " + Kernels.active());
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            Sequential classifier = Sequential.of(dense(40, 24), tanh(), dense(24, 16), sigmoid(), dense(16, 5), softmax())
                    .initialize(5);
            classifier.train().on(x, classes).loss(crossEntropy()).optimizer(adam(0.01f)).epochs(3).batchSize(32).seed(3).run();
            Sequential flagger = Sequential.of(dense(40, 8), relu(), dense(8, 1), sigmoid()).initialize(6);
            flagger.train().on(x, flags).loss(binaryCrossEntropy()).optimizer(adam(0.01f)).epochs(3).batchSize(32).seed(4).run();
            System.out.println("train " + Integer.toHexString(hash(classifier)) + " " + Integer.toHexString(hash(flagger)));
            System.err.println("run " + run + ": " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        Sequential model = Sequential.of(dense(40, 24), tanh(), dense(24, 16), sigmoid(), dense(16, 5), softmax()).initialize(7);
        Set<Integer> seen = new HashSet<>();
        int first = 0;
        for (int i = 0; i < predictions; i++) {
            int h = hash(model.predict(x));
            if (i == 0) {
                first = h;
            }
            seen.add(h);
        }
        System.out.println("predict " + seen.size() + " " + Integer.toHexString(first));
    }
}
