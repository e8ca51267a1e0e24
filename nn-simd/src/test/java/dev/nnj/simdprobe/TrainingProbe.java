package dev.nnj.simdprobe;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Optimizers.sgd;

import dev.nnj.core.History;
import dev.nnj.core.Sequential;
import dev.nnj.core.spi.Kernels;
import java.util.SplittableRandom;

/**
 * Run in a fresh JVM by {@code TrainingEquivalenceTest} with {@code -Dnnj.kernels=scalar|simd}:
 * trains a 784-128-10 network for a few epochs on synthetic, separable data and prints the
 * kernels' name and every epoch's loss.
 */
public final class TrainingProbe {

    private TrainingProbe() {
    }

    public static void main(String[] args) {
        int samples = 512;
        SplittableRandom rnd = new SplittableRandom(7);
        float[][] centers = new float[10][784];
        for (float[] c : centers) {
            for (int j = 0; j < c.length; j++) {
                c[j] = (float) rnd.nextDouble();
            }
        }
        float[][] x = new float[samples][784];
        float[][] y = new float[samples][10];
        for (int i = 0; i < samples; i++) {
            int label = i % 10;
            y[i][label] = 1f;
            for (int j = 0; j < 784; j++) {
                x[i][j] = centers[label][j] + 0.5f * (float) (rnd.nextDouble() - 0.5);
            }
        }
        Sequential model = Sequential.of(dense(784, 128), relu(), dense(128, 10), softmax());
        History h = model.train().on(x, y).loss(crossEntropy()).optimizer(sgd(0.1f))
                .epochs(4).batchSize(64).seed(1).quiet().run();
        StringBuilder out = new StringBuilder(Kernels.active().name());
        for (History.Epoch e : h.epochs()) {
            out.append(' ').append(e.loss());
        }
        System.out.println(out);
    }
}
