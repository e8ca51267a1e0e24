package dev.nnj.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

import static dev.nnj.core.Initializers.constant;
import static dev.nnj.core.Initializers.normal;
import static dev.nnj.core.Initializers.zeros;
import static dev.nnj.core.Layers.batchNorm;
import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.dropout;
import static dev.nnj.core.Layers.leakyRelu;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Layers.tanh;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Losses.mse;
import static dev.nnj.core.Optimizers.adam;
import static dev.nnj.core.Optimizers.sgd;

/**
 * The diagnosis benchmark's setups: faults injected on purpose, each with the kind of finding
 * that names it, and healthy configurations that must raise none. Every setup is a function of
 * a seed (the data drawn, the initial weights, the batch order), so each runs over many seeds.
 * The data are generated here (nn-core's tests cannot read nn-data); nn-examples adds real
 * datasets. Setups are small (a few hundred rows, tens of units) so the benchmark runs in seconds.
 */
final class BrokenSetups {

    private BrokenSetups() {
    }

    /** What a run gave: its findings, and whether it met its task's bar anyway. */
    record Outcome(List<Finding> findings, boolean solved) {
    }

    /** A fault, the kind that names it, and the run that shows it. */
    record Broken(String name, Finding.Kind expected, LongFunction<Outcome> run) {
    }

    /** A configuration that trains well, whose runs must raise no finding when they meet their task's bar. */
    record Healthy(String name, LongFunction<Outcome> run) {
    }

    // ---- data ------------------------------------------------------------------------------------

    /** n points in [−1, 1]², mapped to scale·x + shift, labelled 1 where x1·x2 > 0 (XOR's quadrants, with noise-free labels). */
    static float[][][] quadrants(int n, long seed, float scale, float shift) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][2];
        float[][] y = new float[n][1];
        for (int i = 0; i < n; i++) {
            float a = (float) (r.nextDouble() * 2 - 1);
            float b = (float) (r.nextDouble() * 2 - 1);
            x[i][0] = a * scale + shift;
            x[i][1] = b * scale + shift;
            y[i][0] = a * b > 0 ? 1 : 0;
        }
        return new float[][][] {x, y};
    }

    /** k Gaussian blobs in d dimensions (class c has mean 2 in feature c mod d), one-hot targets. */
    static float[][][] blobs(int rows, long seed, int k, int d) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[rows][d];
        float[][] y = new float[rows][k];
        for (int i = 0; i < rows; i++) {
            int c = i % k;
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) ((j == c % d ? 2.0 : 0.0) + r.nextGaussian());
            }
            y[i][c] = 1;
        }
        return new float[][][] {x, y};
    }

    static final float[][] XOR_X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static final float[][] XOR_Y = {{0}, {1}, {1}, {0}};

    // ---- the bar each run is judged by -------------------------------------------------------------

    /** The share of rows classified right (argmax for several outputs, 0.5 for one). */
    static float accuracy(Sequential model, float[][] x, float[][] y) {
        float[][] p = model.predict(x);
        int right = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i].length == 1) {
                right += (p[i][0] > 0.5f) == (y[i][0] > 0.5f) ? 1 : 0;
            } else {
                right += argmax(p[i]) == argmax(y[i]) ? 1 : 0;
            }
        }
        return (float) right / y.length;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int j = 1; j < v.length; j++) {
            if (v[j] > v[best]) {
                best = j;
            }
        }
        return best;
    }

    static Outcome classified(History h, Sequential model, float[][] x, float[][] y, float bar) {
        return new Outcome(h.findings(), accuracy(model, x, y) >= bar);
    }

    // ---- the faults ----------------------------------------------------------------------------------

    static final List<Broken> BROKEN = List.of(
            new Broken("all-zero initial weights (2-8-1 sigmoid)", Finding.Kind.SYMMETRIC_WEIGHTS, s -> {
                float[][][] d = quadrants(64, s, 1, 0);
                Sequential m = Sequential.of(dense(2, 8, zeros()), sigmoid(), dense(8, 1, zeros()), sigmoid()).initialize(s);
                History h = m.train().on(d[0], d[1]).loss(binaryCrossEntropy()).optimizer(sgd(0.5f)).epochs(300).batchSize(16)
                        .seed(s).quiet().run();
                return classified(h, m, d[0], d[1], 0.9f);
            }),
            new Broken("all-equal initial weights, constant(0.3) (4-8-3 relu)", Finding.Kind.SYMMETRIC_WEIGHTS, s -> {
                float[][][] d = blobs(60, s, 3, 4);
                Sequential m = Sequential.of(dense(4, 8, constant(0.3f)), relu(), dense(8, 3, constant(0.3f)), softmax()).initialize(s);
                History h = m.train().on(d[0], d[1]).loss(crossEntropy()).optimizer(adam(0.01f)).epochs(100).batchSize(16)
                        .seed(s).quiet().run();
                return classified(h, m, d[0], d[1], 0.9f);
            }),
            new Broken("learning rate 10 (4-16-3 relu, sgd)", Finding.Kind.DIVERGING, s -> {
                float[][][] d = blobs(60, s, 3, 4);
                Sequential m = Sequential.of(dense(4, 16), relu(), dense(16, 3), softmax()).initialize(s);
                History h = m.train().on(d[0], d[1]).loss(crossEntropy()).optimizer(sgd(10f)).epochs(100).batchSize(16).seed(s)
                        .quiet().run();
                return classified(h, m, d[0], d[1], 0.9f);
            }),
            new Broken("inputs in the tens (10 to 30) into sigmoids", Finding.Kind.UNSCALED_INPUTS, s -> {
                float[][][] d = quadrants(64, s, 10, 20);
                Sequential m = Sequential.of(dense(2, 8), sigmoid(), dense(8, 1), sigmoid()).initialize(s);
                History h = m.train().on(d[0], d[1]).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(300).batchSize(16)
                        .seed(s).quiet().run();
                return classified(h, m, d[0], d[1], 0.9f);
            }),
            new Broken("inputs in the hundreds (100 to 300) into sigmoids", Finding.Kind.UNSCALED_INPUTS, s -> {
                float[][][] d = quadrants(64, s, 100, 200);
                Sequential m = Sequential.of(dense(2, 8), sigmoid(), dense(8, 1), sigmoid()).initialize(s);
                History h = m.train().on(d[0], d[1]).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(300).batchSize(16)
                        .seed(s).quiet().run();
                return classified(h, m, d[0], d[1], 0.9f);
            }),
            new Broken("relus killed by biases of −10", Finding.Kind.DEAD_RELU, s -> {
                float[][][] d = blobs(60, s, 3, 4);
                Sequential m = Sequential.of(dense(4, 16), relu(), dense(16, 3), softmax()).initialize(s);
                java.util.Arrays.fill(m.parameters().get(1).value().data(), -10f);
                History h = m.train().on(d[0], d[1]).loss(crossEntropy()).optimizer(adam(0.01f)).epochs(100).batchSize(16)
                        .seed(s).quiet().run();
                return classified(h, m, d[0], d[1], 0.9f);
            }),
            new Broken("mse on softmax outputs, 10 classes", Finding.Kind.LOSS_MISMATCH, s -> {
                float[][][] d = blobs(200, s, 10, 10);
                Sequential m = Sequential.of(dense(10, 32), relu(), dense(32, 10), softmax()).initialize(s);
                History h = m.train().on(d[0], d[1]).loss(mse()).optimizer(sgd(0.1f)).epochs(50).batchSize(32).seed(s)
                        .quiet().run();
                return classified(h, m, d[0], d[1], 0.9f);
            }),
            new Broken("labels 1 and 2 given to binaryCrossEntropy (diagnose)", Finding.Kind.LOSS_MISMATCH, s -> {
                float[][][] d = quadrants(64, s, 1, 0);
                for (float[] row : d[1]) {
                    row[0] += 1;
                }
                Sequential m = Sequential.of(dense(2, 8), tanh(), dense(8, 1), sigmoid()).initialize(s);
                return new Outcome(m.diagnose(d[0], d[1], binaryCrossEntropy()), false);
            }),
            new Broken("learning rate 1e-7 (4-16-3 relu, sgd)", Finding.Kind.LEARNING_RATE_TOO_SMALL, s -> {
                float[][][] d = blobs(60, s, 3, 4);
                Sequential m = Sequential.of(dense(4, 16), relu(), dense(16, 3), softmax()).initialize(s);
                History h = m.train().on(d[0], d[1]).loss(crossEntropy()).optimizer(sgd(1e-7f)).epochs(100).batchSize(16)
                        .seed(s).quiet().run();
                return classified(h, m, d[0], d[1], 0.9f);
            }),
            new Broken("XOR with no hidden layer (2-1 sigmoid)", Finding.Kind.NOT_SEPARABLE, s -> {
                Sequential m = Sequential.of(dense(2, 1), sigmoid()).initialize(s);
                History h = m.train().on(XOR_X, XOR_Y).loss(binaryCrossEntropy()).optimizer(sgd(0.5f)).epochs(1000).batchSize(4)
                        .seed(s).quiet().run();
                return classified(h, m, XOR_X, XOR_Y, 1f);
            }),
            new Broken("seed: 2->2 single layer on raw inputs 10 to 30 (mse)", Finding.Kind.UNSCALED_INPUTS, s -> {
                float[][][] d = rawPairs(40, s);
                Sequential m = Sequential.of(dense(2, 2), sigmoid()).initialize(s);
                History h = m.train().on(d[0], d[1]).loss(mse()).optimizer(sgd(0.1f)).epochs(500).batchSize(40).seed(s)
                        .quiet().run();
                return classified(h, m, d[0], d[1], 0.9f);
            }),
            new Broken("seed: [2, 3, 4, 5, 1] sigmoid at sgd(0.01) (mse)", Finding.Kind.LEARNING_RATE_TOO_SMALL, s -> {
                Sequential m = Sequential.of(dense(2, 3), sigmoid(), dense(3, 4), sigmoid(), dense(4, 5), sigmoid(), dense(5, 1),
                        sigmoid()).initialize(s);
                History h = m.train().on(XOR_X, XOR_Y).loss(mse()).optimizer(sgd(0.01f)).epochs(3000).batchSize(4).seed(s)
                        .quiet().run();
                return classified(h, m, XOR_X, XOR_Y, 1f);
            }),
            new Broken("sigmoid layers drawn with std 10 (mse)", Finding.Kind.SATURATED, s -> {
                float[][][] d = blobs(60, s, 3, 4);
                Sequential m = Sequential.of(dense(4, 16, normal(0, 10)), sigmoid(), dense(16, 3, normal(0, 10)), sigmoid())
                        .initialize(s);
                History h = m.train().on(d[0], d[1]).loss(mse()).optimizer(sgd(0.5f)).epochs(100).batchSize(16).seed(s)
                        .quiet().run();
                return classified(h, m, d[0], d[1], 0.9f);
            }),
            new Broken("ten sigmoid layers (2-8-...-8-1)", Finding.Kind.VANISHING_GRADIENT, s -> {
                float[][][] d = quadrants(64, s, 1, 0);
                List<Layer> layers = new ArrayList<>();
                for (int i = 0; i < 9; i++) {
                    layers.add(dense(i == 0 ? 2 : 8, 8));
                    layers.add(sigmoid());
                }
                layers.add(dense(8, 1));
                layers.add(sigmoid());
                Sequential m = Sequential.of(layers.toArray(new Layer[0])).initialize(s);
                History h = m.train().on(d[0], d[1]).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(200).batchSize(16)
                        .seed(s).quiet().run();
                return classified(h, m, d[0], d[1], 0.9f);
            }),
            new Broken("six relu layers drawn with std 1", Finding.Kind.EXPLODING_GRADIENT, s -> {
                float[][][] d = blobs(60, s, 3, 4);
                List<Layer> layers = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    layers.add(dense(i == 0 ? 4 : 32, 32, normal(0, 1)));
                    layers.add(relu());
                }
                layers.add(dense(32, 3, normal(0, 1)));
                layers.add(softmax());
                Sequential m = Sequential.of(layers.toArray(new Layer[0])).initialize(s);
                History h = m.train().on(d[0], d[1]).loss(crossEntropy()).optimizer(sgd(0.01f)).epochs(100).batchSize(16)
                        .seed(s).quiet().run();
                return classified(h, m, d[0], d[1], 0.9f);
            }),
            new Broken("30 noisy rows, 2-32-32-1, 400 epochs, validation", Finding.Kind.OVERFITTING, s -> {
                float[][][] d = quadrants(30, s, 1, 0);
                float[][][] v = quadrants(100, s + 1000, 1, 0);
                SplittableRandom r = new SplittableRandom(s);
                for (float[] row : d[1]) {
                    if (r.nextDouble() < 0.3) {
                        row[0] = 1 - row[0];
                    }
                }
                Sequential m = Sequential.of(dense(2, 32), relu(), dense(32, 32), relu(), dense(32, 1), sigmoid()).initialize(s);
                History h = m.train().on(d[0], d[1]).validation(v[0], v[1]).loss(binaryCrossEntropy()).optimizer(adam(0.01f))
                        .epochs(400).batchSize(30).seed(s).quiet().run();
                return classified(h, m, v[0], v[1], 0.9f);
            }),
            new Broken("a NaN weight (as loaded from a diverged run)", Finding.Kind.NON_FINITE, s -> {
                float[][][] d = quadrants(64, s, 1, 0);
                Sequential m = Sequential.of(dense(2, 8), tanh(), dense(8, 1), sigmoid()).initialize(s);
                m.parameters().get(2).value().set((int) (s % 8), 0, Float.NaN);
                History h = m.train().on(d[0], d[1]).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(100).batchSize(16)
                        .seed(s).quiet().run();
                return new Outcome(h.findings(), false);
            }),
            new Broken("regression targets near 1e20 (mse overflows)", Finding.Kind.NON_FINITE, s -> {
                float[][][] d = quadrants(64, s, 1, 0);
                float[][] y = new float[64][1];
                for (int i = 0; i < 64; i++) {
                    y[i][0] = 1e20f * (d[0][i][0] + 2);
                }
                Sequential m = Sequential.of(dense(2, 8), tanh(), dense(8, 1)).initialize(s);
                History h = m.train().on(d[0], y).loss(mse()).optimizer(sgd(0.1f)).epochs(100).batchSize(16).seed(s)
                        .quiet().run();
                return new Outcome(h.findings(), false);
            }),
            new Broken("labels unrelated to the inputs", Finding.Kind.NOT_LEARNING, s -> {
                float[][][] d = quadrants(200, s, 1, 0);
                SplittableRandom r = new SplittableRandom(s);
                for (float[] row : d[1]) {
                    row[0] = r.nextBoolean() ? 1 : 0;
                }
                Sequential m = Sequential.of(dense(2, 4), tanh(), dense(4, 1), sigmoid()).initialize(s);
                History h = m.train().on(d[0], d[1]).loss(binaryCrossEntropy()).optimizer(adam(0.01f)).epochs(100).batchSize(32)
                        .seed(s).quiet().run();
                return classified(h, m, d[0], d[1], 0.9f);
            }));

    /** Pairs of raw values from 10 to 30, one-hot: which is larger (the seed's data, separable by a line). */
    static float[][][] rawPairs(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][2];
        float[][] y = new float[n][2];
        for (int i = 0; i < n; i++) {
            x[i][0] = 10 + 20 * (float) r.nextDouble();
            x[i][1] = 10 + 20 * (float) r.nextDouble();
            y[i][x[i][0] > x[i][1] ? 0 : 1] = 1;
        }
        return new float[][][] {x, y};
    }

    // ---- healthy configurations ------------------------------------------------------------------------

    static final List<Healthy> HEALTHY = List.of(
            new Healthy("XOR 2-3-1 sigmoid, bce, sgd(0.1), 10,000 full-batch epochs", s -> {
                Sequential m = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid()).initialize(s);
                History h = m.train().on(XOR_X, XOR_Y).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(10_000)
                        .batchSize(4).seed(s).quiet().run();
                return classified(h, m, XOR_X, XOR_Y, 1f);
            }),
            new Healthy("XOR 2-4-1 tanh, bce, adam(0.05), 500 epochs", s -> {
                Sequential m = Sequential.of(dense(2, 4), tanh(), dense(4, 1), sigmoid()).initialize(s);
                History h = m.train().on(XOR_X, XOR_Y).loss(binaryCrossEntropy()).optimizer(adam(0.05f)).epochs(500)
                        .batchSize(4).seed(s).quiet().run();
                return classified(h, m, XOR_X, XOR_Y, 1f);
            }),
            new Healthy("blobs 4-16-3 relu, adam(0.01), validationSplit(0.25), 30 epochs", s -> {
                float[][][] d = blobs(300, s, 3, 4);
                Sequential m = Sequential.of(dense(4, 16), relu(), dense(16, 3), softmax()).initialize(s);
                History h = m.train().on(d[0], d[1]).validationSplit(0.25).loss(crossEntropy()).optimizer(adam(0.01f))
                        .epochs(30).batchSize(16).seed(s).quiet().run();
                return classified(h, m, d[0], d[1], 0.8f);
            }),
            new Healthy("quadrants 2-16-1 tanh, sgd(0.5, momentum 0.9)", s -> {
                float[][][] d = quadrants(200, s, 1, 0);
                Sequential m = Sequential.of(dense(2, 16), tanh(), dense(16, 1), sigmoid()).initialize(s);
                History h = m.train().on(d[0], d[1]).loss(binaryCrossEntropy()).optimizer(sgd(0.5f, 0.9f)).epochs(200)
                        .batchSize(16).seed(s).quiet().run();
                return classified(h, m, d[0], d[1], 0.9f);
            }),
            new Healthy("sine regression 1-16-1 tanh, mse, adam(0.01)", s -> {
                SplittableRandom r = new SplittableRandom(s);
                float[][] x = new float[128][1];
                float[][] y = new float[128][1];
                for (int i = 0; i < 128; i++) {
                    x[i][0] = (float) (r.nextDouble() * 6 - 3);
                    y[i][0] = (float) Math.sin(x[i][0]);
                }
                Sequential m = Sequential.of(dense(1, 16), tanh(), dense(16, 1)).initialize(s);
                History h = m.train().on(x, y).loss(mse()).optimizer(adam(0.01f)).epochs(300).batchSize(32).seed(s)
                        .quiet().run();
                return new Outcome(h.findings(), m.loss(x, y, mse()) < 0.05f);
            }),
            new Healthy("binary patterns in [0, 1], 16-32-3 relu, sgd(0.1)", s -> {
                SplittableRandom r = new SplittableRandom(s);
                float[][] x = new float[150][16];
                float[][] y = new float[150][3];
                for (int i = 0; i < 150; i++) {
                    int c = i % 3;
                    for (int j = 0; j < 16; j++) {
                        boolean on = j / 5 == c ? r.nextDouble() < 0.8 : r.nextDouble() < 0.2;
                        x[i][j] = on ? 1 : 0;
                    }
                    y[i][c] = 1;
                }
                Sequential m = Sequential.of(dense(16, 32), relu(), dense(32, 3), softmax()).initialize(s);
                History h = m.train().on(x, y).loss(crossEntropy()).optimizer(sgd(0.1f)).epochs(100).batchSize(16).seed(s)
                        .quiet().run();
                return classified(h, m, x, y, 0.9f);
            }),
            new Healthy("blobs with batchNorm and dropout(0.2), adam(0.01)", s -> {
                float[][][] d = blobs(120, s, 3, 4);
                Sequential m = Sequential.of(dense(4, 16), batchNorm(), relu(), dropout(0.2f), dense(16, 3), softmax())
                        .initialize(s);
                History h = m.train().on(d[0], d[1]).loss(crossEntropy()).optimizer(adam(0.01f)).epochs(100).batchSize(16)
                        .seed(s).quiet().run();
                return classified(h, m, d[0], d[1], 0.8f);
            }),
            new Healthy("iris-like raw centimetres (means up to 6), 4-8-3 relu, adam(0.01)", s -> {
                SplittableRandom r = new SplittableRandom(s);
                float[][] means = {{5.0f, 3.4f, 1.5f, 0.2f}, {5.9f, 2.8f, 4.3f, 1.3f}, {6.6f, 3.0f, 5.6f, 2.0f}};
                float[][] spreads = {{0.35f, 0.38f, 0.17f, 0.1f}, {0.5f, 0.3f, 0.47f, 0.2f}, {0.6f, 0.3f, 0.55f, 0.27f}};
                float[][] x = new float[150][4];
                float[][] y = new float[150][3];
                for (int i = 0; i < 150; i++) {
                    int c = i % 3;
                    for (int j = 0; j < 4; j++) {
                        x[i][j] = (float) (means[c][j] + spreads[c][j] * r.nextGaussian());
                    }
                    y[i][c] = 1;
                }
                Sequential m = Sequential.of(dense(4, 8), relu(), dense(8, 3), softmax()).initialize(s);
                History h = m.train().on(x, y).loss(crossEntropy()).optimizer(adam(0.01f)).epochs(300).batchSize(16).seed(s)
                        .quiet().run();
                return classified(h, m, x, y, 0.9f);
            }),
            new Healthy("quadrants 2-16-16-16-1 leakyRelu, adam(0.01)", s -> {
                float[][][] d = quadrants(200, s, 1, 0);
                Sequential m = Sequential.of(dense(2, 16), leakyRelu(), dense(16, 16), leakyRelu(), dense(16, 16), leakyRelu(),
                        dense(16, 1), sigmoid()).initialize(s);
                History h = m.train().on(d[0], d[1]).loss(binaryCrossEntropy()).optimizer(adam(0.01f)).epochs(150).batchSize(16)
                        .seed(s).quiet().run();
                return classified(h, m, d[0], d[1], 0.9f);
            }),
            new Healthy("blobs with validation data and earlyStopping(10)", s -> {
                float[][][] d = blobs(90, s, 3, 4);
                float[][][] v = blobs(60, s + 1000, 3, 4);
                Sequential m = Sequential.of(dense(4, 32), relu(), dense(32, 3), softmax()).initialize(s);
                History h = m.train().on(d[0], d[1]).validation(v[0], v[1]).loss(crossEntropy()).optimizer(adam(0.02f))
                        .epochs(300).batchSize(16).earlyStopping(10).seed(s).quiet().run();
                return classified(h, m, d[0], d[1], 0.8f);
            }));
}
