package dev.nnj.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Losses.mse;
import static dev.nnj.core.Optimizers.sgd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The networks the people nnj is for wrote by hand and could not train. Where initialisation
 * matters the test counts seeds instead of trusting one.
 */
class SeedNetworksTest {

    static final float[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static final float[][] XOR = {{0}, {1}, {1}, {0}};

    /** True if every prediction is on the right side of 0.5. */
    static boolean solves(Sequential model, float[][] x, float[][] y) {
        float[][] p = model.predict(x);
        for (int r = 0; r < y.length; r++) {
            for (int c = 0; c < y[r].length; c++) {
                if ((p[r][c] > 0.5f) != (y[r][c] > 0.5f)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void xor231LearnsForNearlyEverySeed() {
        int learned = 0;
        StringBuilder failures = new StringBuilder();
        for (int seed = 0; seed < 50; seed++) {
            Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid()).initialize(seed);
            model.train().on(INPUTS, XOR).loss(binaryCrossEntropy()).optimizer(sgd(0.1f))
                    .epochs(10_000).batchSize(4).seed(seed).run();
            if (solves(model, INPUTS, XOR)) {
                learned++;
            } else {
                failures.append(seed).append(' ');
            }
        }
        // Plain gradient descent on this net stalls for about 4% of Glorot initialisations (287 of
        // 300 in a float64 reference run), so 45 of 50 is the setup's own rate with margin.
        assertTrue(learned >= 45, "learned for " + learned + " of 50 seeds; stuck: " + failures);
    }

    /** The blog's XOR with the bias as a third input fixed at 1: 3-4-1 sigmoid, MSE, full batch. */
    @Test
    void xorWithABiasColumnLearnsForEverySeed() {
        float[][] withBias = {{0, 0, 1}, {0, 1, 1}, {1, 0, 1}, {1, 1, 1}};
        int learned = 0;
        for (int seed = 0; seed < 30; seed++) {
            Sequential model = Sequential.of(dense(3, 4), sigmoid(), dense(4, 1), sigmoid()).initialize(seed);
            model.train().on(withBias, XOR).loss(mse()).optimizer(sgd(0.5f)).epochs(10_000).batchSize(4).seed(seed).quiet().run();
            learned += solves(model, withBias, XOR) ? 1 : 0;
        }
        assertTrue(learned >= 28, "learned for " + learned + " of 30 seeds");   // 50 of 50 when measured
    }

    /** [1, 2] → 0 and [3, 4] → 1 in 2-4-1 sigmoid with MSE: its author saw 0.5 for both; nnj learns it for every seed. */
    @Test
    void twoPatternsAreLearnedNotAveraged() {
        float[][] x = {{1, 2}, {3, 4}};
        float[][] y = {{0}, {1}};
        int learned = 0;
        for (int seed = 0; seed < 30; seed++) {
            Sequential model = Sequential.of(dense(2, 4), sigmoid(), dense(4, 1), sigmoid()).initialize(seed);
            model.train().on(x, y).loss(mse()).optimizer(sgd(0.5f)).epochs(2_000).batchSize(2).seed(seed).quiet().run();
            float[][] p = model.predict(x);
            learned += p[0][0] < 0.2f && p[1][0] > 0.8f ? 1 : 0;
        }
        assertTrue(learned >= 28, "learned for " + learned + " of 30 seeds");
    }

    @Test
    void deepXorWithLayers2_3_4_5_1Learns() {
        int learned = 0;
        for (int seed = 0; seed < 10; seed++) {
            Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 4), sigmoid(), dense(4, 5), sigmoid(),
                    dense(5, 1), sigmoid()).initialize(seed);
            model.train().on(INPUTS, XOR).loss(binaryCrossEntropy()).optimizer(sgd(0.5f, 0.9f))
                    .epochs(3_000).batchSize(4).seed(seed).run();
            learned += solves(model, INPUTS, XOR) ? 1 : 0;
        }
        assertTrue(learned >= 9, "deep XOR learned for " + learned + " of 10 seeds");
    }

    @Test
    void xor2321Learns() {
        int learned = 0;
        for (int seed = 0; seed < 10; seed++) {
            Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 2), sigmoid(), dense(2, 1), sigmoid())
                    .initialize(seed);
            model.train().on(INPUTS, XOR).loss(binaryCrossEntropy()).optimizer(sgd(0.5f, 0.9f))
                    .epochs(3_000).batchSize(4).seed(seed).run();
            learned += solves(model, INPUTS, XOR) ? 1 : 0;
        }
        assertTrue(learned >= 8, "2-3-2-1 learned for " + learned + " of 10 seeds");
    }

    @Test
    void xorOneHotWithTwoOutputsLearnsFromMinibatches() {
        float[][] oneHot = {{1, 0}, {0, 1}, {0, 1}, {1, 0}};
        int learned = 0;
        for (int seed = 0; seed < 50; seed++) {
            Sequential model = Sequential.of(dense(2, 2), sigmoid(), dense(2, 2), sigmoid()).initialize(seed);
            model.train().on(INPUTS, oneHot).loss(binaryCrossEntropy()).optimizer(sgd(1f))
                    .epochs(5_000).batchSize(2).seed(seed).run();
            learned += solves(model, INPUTS, oneHot) ? 1 : 0;
        }
        // Two hidden units is the smallest XOR net and has real local minima: 41 of 50 seeds
        // learn here; below 35 means something broke rather than bad luck.
        assertTrue(learned >= 35, "2-2-2 learned for " + learned + " of 50 seeds");
    }

    @Test
    void xorWithReluHiddenLayerLearns() {
        int learned = 0;
        for (int seed = 0; seed < 20; seed++) {
            Sequential model = Sequential.of(dense(2, 8), relu(), dense(8, 1), sigmoid()).initialize(seed);
            model.train().on(INPUTS, XOR).loss(binaryCrossEntropy()).optimizer(sgd(0.1f))
                    .epochs(2_000).batchSize(4).seed(seed).run();
            learned += solves(model, INPUTS, XOR) ? 1 : 0;
        }
        assertTrue(learned >= 18, "ReLU XOR learned for " + learned + " of 20 seeds");
    }

    @Test
    void chainOfTwoSigmoidNeuronsLearnsAndWithMse() {
        float[][] and = {{0}, {0}, {0}, {1}};
        int learned = 0;
        for (int seed = 0; seed < 10; seed++) {
            Sequential model = Sequential.of(dense(2, 1), sigmoid(), dense(1, 1), sigmoid()).initialize(seed);
            model.train().on(INPUTS, and).loss(mse()).optimizer(sgd(2f))
                    .epochs(5_000).batchSize(4).seed(seed).run();
            learned += solves(model, INPUTS, and) ? 1 : 0;
        }
        assertEquals(10, learned, "2-1-1 AND learned for " + learned + " of 10 seeds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AND", "OR", "NAND", "NOR"})
    void singleSigmoidUnitLearnsEveryLinearlySeparableGate(String gate) {
        float[][] y = switch (gate) {
            case "AND" -> new float[][] {{0}, {0}, {0}, {1}};
            case "OR" -> new float[][] {{0}, {1}, {1}, {1}};
            case "NAND" -> new float[][] {{1}, {1}, {1}, {0}};
            default -> new float[][] {{1}, {0}, {0}, {0}};
        };
        for (int seed = 0; seed < 10; seed++) {
            Sequential model = Sequential.of(dense(2, 1), sigmoid()).initialize(seed);
            History h = model.train().on(INPUTS, y).loss(binaryCrossEntropy()).optimizer(sgd(0.5f))
                    .epochs(2_000).batchSize(4).seed(seed).run();
            assertTrue(solves(model, INPUTS, y), gate + " not learned for seed " + seed);
            assertTrue(h.finalLoss() < 0.1f, gate + " loss " + h.finalLoss() + " for seed " + seed);
        }
    }
}
