package dev.nnj.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.nnj.core.Layers.batchNorm;
import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.dropout;
import static dev.nnj.core.Layers.identity;
import static dev.nnj.core.Layers.leakyRelu;
import static dev.nnj.core.Layers.normalization;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Layers.tanh;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Losses.mse;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backpropagation against central differences: every layer, every activation, every loss and
 * both fused pairs, then random deep networks. An activation is checked through the dense layer
 * before it, whose weight gradient depends on the activation's backward pass.
 */
class GradientChecksTest {

    static float[][] random(SplittableRandom r, int rows, int cols, double lo, double hi) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) r.nextDouble(lo, hi);
            }
        }
        return m;
    }

    static float[][] oneHot(SplittableRandom r, int rows, int classes) {
        float[][] m = new float[rows][classes];
        for (float[] row : m) {
            row[r.nextInt(classes)] = 1f;
        }
        return m;
    }

    static void assertGradientsRight(Sequential model, float[][] x, float[][] y, Loss loss) {
        if (hasKink(model)) {
            moveOffKinks(model, x);
        }
        GradientCheck.Result result = GradientCheck.check(model, x, y, loss);
        assertTrue(result.passed(), model + " with " + loss + ": " + result);
        assertTrue(result.checked() > 0);
    }

    /**
     * relu and leakyRelu have a kink at 0, where a central difference that straddles it averages
     * the two slopes and disagrees with any correct gradient. (Zero biases even put rows exactly on
     * it: a row whose previous relus are all off feeds an exact 0 onward.) Redraw the biases until
     * every kinked pre-activation is at least {@code MARGIN} from 0, far beyond what a step of ε moves it.
     */
    static void moveOffKinks(Sequential model, float[][] x) {
        SplittableRandom r = new SplittableRandom(99);
        for (int attempt = 0; attempt < 200; attempt++) {
            for (Parameter p : model.parameters()) {
                if (p.name().endsWith("bias")) {
                    for (int j = 0; j < p.value().cols(); j++) {
                        p.value().set(0, j, (float) r.nextDouble(-0.5, 0.5));
                    }
                }
            }
            if (distanceToKink(model, x) >= MARGIN) {
                return;
            }
        }
        throw new AssertionError("no bias draw keeps " + model + " away from its kinks; use other inputs");
    }

    static final float MARGIN = 0.05f;

    static float distanceToKink(Sequential model, float[][] x) {
        int width = x[0].length;
        float[] input = Checks.flatten(x, width);
        Workspace ws = new Workspace(model, dev.nnj.core.spi.Kernels.active(), Workspace.Mode.INFERENCE, null);
        ws.reserve(x.length, width);
        float nearest = Float.MAX_VALUE;
        List<Layer> layers = model.layers();
        int w = width;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Relu || layers.get(i) instanceof LeakyRelu) {
                // The relu's input is the output of layers [0, i), w wide.
                float[] a = ws.forward(input, x.length, i);
                for (int k = 0; k < x.length * w; k++) {
                    nearest = Math.min(nearest, Math.abs(a[k]));
                }
            }
            w = ((Operation) layers.get(i)).outputWidth(w);
        }
        return nearest;
    }

    static boolean hasKink(Sequential model) {
        return model.layers().stream().anyMatch(l -> l instanceof Relu || l instanceof LeakyRelu);
    }

    record Case(String name, Supplier<Layer> activation) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> activations() {
        return Stream.of(new Case("sigmoid", Layers::sigmoid), new Case("tanh", Layers::tanh),
                new Case("relu", Layers::relu), new Case("leakyRelu", () -> leakyRelu(0.1f)),
                new Case("softmax", Layers::softmax), new Case("identity", Layers::identity));
    }

    @ParameterizedTest
    @MethodSource("activations")
    void everyActivationBackpropagatesCorrectlyUnderMse(Case c) {
        SplittableRandom r = new SplittableRandom(7);
        // Inputs kept away from relu's kink at 0 by the random weights; 5 rows x 3 features.
        Sequential model = Sequential.of(dense(3, 4), c.activation().get(), dense(4, 2)).initialize(3);
        assertGradientsRight(model, random(r, 5, 3, -2, 2), random(r, 5, 2, -1, 1), mse());
    }

    @Test
    void denseAloneUnderEachLoss() {
        SplittableRandom r = new SplittableRandom(11);
        float[][] x = random(r, 6, 3, -1, 1);
        assertGradientsRight(Sequential.of(dense(3, 2)), x, random(r, 6, 2, -1, 1), mse());
        assertGradientsRight(Sequential.of(dense(3, 2), sigmoid()), x, random(r, 6, 2, 0, 1), binaryCrossEntropy());
        assertGradientsRight(Sequential.of(dense(3, 4), softmax()), x, oneHot(r, 6, 4), crossEntropy());
    }

    @Test
    void lossesOnProbabilitiesWithoutTheFusedPath() {
        SplittableRandom r = new SplittableRandom(12);
        float[][] x = random(r, 6, 3, -1, 1);
        // softmax + BCE and sigmoid + CE are not fused: they go through the probability-space gradients.
        assertGradientsRight(Sequential.of(dense(3, 3), softmax()), x, random(r, 6, 3, 0, 1), binaryCrossEntropy());
        assertGradientsRight(Sequential.of(dense(3, 3), sigmoid()), x, oneHot(r, 6, 3), crossEntropy());
    }

    @Test
    void fusedPairsMatchTheirUnfusedGradients() {
        SplittableRandom r = new SplittableRandom(13);
        float[][] x = random(r, 5, 3, -1, 1);
        float[][] binary = random(r, 5, 2, 0, 1);
        Sequential fused = Sequential.of(dense(3, 2), sigmoid()).initialize(5);
        float fusedLoss = fused.computeGradients(x, binary, binaryCrossEntropy());
        float[][] fusedGradient = fused.parameters().get(0).gradient().toArray();
        // The same arithmetic through the kernels' probability-space loss, bypassing the fused path.
        Sequential plain = Sequential.of(dense(3, 2), sigmoid()).initialize(5);
        Sequential.Batch b = plain.checkedBatch("test", x, binary, binaryCrossEntropy());
        Workspace ws = new Workspace(plain, dev.nnj.core.spi.Kernels.active(), Workspace.Mode.INFERENCE, null);
        ws.reserve(5, 3);
        float[] p = ws.forward(b.x(), 5, 2);
        float plainLoss = dev.nnj.core.spi.Kernels.active().binaryCrossEntropy(10, p, 0, b.y(), 0, null, 0, 0f) / 10;
        assertTrue(Math.abs(fusedLoss - plainLoss) < 1e-5, fusedLoss + " vs " + plainLoss);
        assertGradientsRight(fused, x, binary, binaryCrossEntropy());
        assertFalse(Float.isNaN(fusedGradient[0][0]));
    }

    @Test
    void normalizationInTheMiddlePassesGradientsThrough() {
        SplittableRandom r = new SplittableRandom(14);
        Sequential model = Sequential.of(dense(3, 2), normalization(new float[] {0.5f, -1f}, new float[] {2f, 0.25f}),
                tanh(), dense(2, 1));
        assertGradientsRight(model, random(r, 4, 3, -1, 1), random(r, 4, 1, -1, 1), mse());
    }

    /**
     * Batch norm in training mode: the loss depends on each row through the batch's mean and
     * variance too, which the backward pass must account for; checked under each loss, on batches
     * of 2 to 9 rows, with γ and β moved off their starting values.
     */
    @Test
    void batchNormBackpropagatesThroughTheBatchStatistics() {
        SplittableRandom r = new SplittableRandom(16);
        for (int trial = 0; trial < 6; trial++) {
            int rows = 2 + trial + r.nextInt(3);
            Sequential model = Sequential.of(dense(3, 4), batchNorm(), tanh(), dense(4, 2)).initialize(trial);
            for (Parameter p : model.parameters()) {
                if (p.name().startsWith("1.")) {
                    for (int j = 0; j < p.value().cols(); j++) {
                        p.value().set(0, j, (float) r.nextDouble(0.5, 1.5) * (p.name().endsWith("bias") ? 0.3f : 1f));
                    }
                }
            }
            float[][] x = random(r, rows, 3, -1.5, 1.5);
            assertGradientsRight(model, x, random(r, rows, 2, -1, 1), mse());
            Sequential classes = Sequential.of(dense(3, 5), batchNorm(), sigmoid(), dense(5, 3), softmax()).initialize(trial);
            assertGradientsRight(classes, x, oneHot(r, rows, 3), crossEntropy());
        }
    }

    /**
     * Dropout with its mask held fixed: GradientCheck's passes all draw the same mask (the same
     * seed and step), so the numeric derivative sees the network the backward pass differentiates.
     */
    @Test
    void dropoutBackpropagatesThroughItsMask() {
        SplittableRandom r = new SplittableRandom(17);
        Sequential model = Sequential.of(dense(3, 6), tanh(), dropout(0.4f), dense(6, 2), sigmoid()).initialize(1);
        float[][] x = random(r, 5, 3, -1, 1);
        assertGradientsRight(model, x, random(r, 5, 2, 0, 1), binaryCrossEntropy());
        // The mask is really applied: some hidden units get exactly zero gradient through it.
        model.computeGradients(x, random(r, 5, 2, 0, 1), binaryCrossEntropy());
        float[][] g = model.parameters().get(2).gradient().toArray();
        int zeroRows = 0;
        for (float[] row : g) {
            boolean zero = true;
            for (float v : row) {
                zero &= v == 0f;
            }
            zeroRows += zero ? 1 : 0;
        }
        assertTrue(zeroRows < g.length, "dropout did not drop everything");
    }

    @Test
    void randomNetworksOfOneToFiveLayers() {
        SplittableRandom r = new SplittableRandom(2024);
        List<Supplier<Layer>> hidden = List.of(Layers::sigmoid, Layers::tanh, Layers::relu, () -> leakyRelu(0.2f), Layers::identity,
                () -> dropout(0.3f), Layers::batchNorm);
        for (int trial = 0; trial < 40; trial++) {
            int depth = 1 + trial % 5;
            int width = 1 + r.nextInt(6);
            int inputs = width;
            List<Layer> layers = new ArrayList<>();
            for (int d = 0; d < depth; d++) {
                int outputs = 1 + r.nextInt(6);
                layers.add(dense(width, outputs));
                width = outputs;
                if (d < depth - 1) {
                    layers.add(hidden.get(r.nextInt(hidden.size())).get());
                }
            }
            int rows = 2 + r.nextInt(6);
            float[][] x = random(r, rows, inputs, -1.5, 1.5);
            Loss loss;
            float[][] y;
            switch (trial % 3) {
                case 0 -> {
                    loss = mse();
                    y = random(r, rows, width, -1, 1);
                }
                case 1 -> {
                    layers.add(sigmoid());
                    loss = binaryCrossEntropy();
                    y = random(r, rows, width, 0, 1);
                }
                default -> {
                    if (width == 1) {
                        layers.add(dense(1, 2));
                        width = 2;
                    }
                    layers.add(softmax());
                    loss = crossEntropy();
                    y = oneHot(r, rows, width);
                }
            }
            Sequential model = Sequential.of(layers.toArray(Layer[]::new)).initialize(trial);
            assertGradientsRight(model, x, y, loss);
        }
    }

    @Test
    void aWrongGradientFailsTheCheck() {
        SplittableRandom r = new SplittableRandom(15);
        float[][] x = random(r, 4, 2, -1, 1);
        float[][] y = random(r, 4, 1, 0, 1);
        Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
        // Sanity of the checker itself: scale the loss (hence numeric gradients) but not the analytic ones.
        GradientCheck.Result right = GradientCheck.check(model, x, y, binaryCrossEntropy());
        assertTrue(right.passed(), right.toString());
        model.parameters().get(0).value().set(0, 0, Float.NaN);
        GradientCheck.Result broken = GradientCheck.check(model, x, y, mse());
        assertFalse(broken.passed(), broken.toString());
        assertTrue(identity() != null);
    }
}
