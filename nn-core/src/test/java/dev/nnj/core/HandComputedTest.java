package dev.nnj.core;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Losses.mse;
import static dev.nnj.core.Optimizers.sgd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One tiny network worked by hand: 2-2-1, sigmoid after each layer, two rows. The expected numbers
 * come from the formulas written out in float64 (not from nnj), step by step:
 * <pre>
 * W1 = [[0.1, -0.2], [0.3, 0.4]]   b1 = [0.05, -0.05]   W2 = [[0.5], [-0.6]]   b2 = [0.1]
 * x  = [[1, 2], [-1, 0.5]]          y  = [[1], [0]]
 * Z1 = x·W1 + b1 = [[1·0.1 + 2·0.3 + 0.05, 1·(−0.2) + 2·0.4 − 0.05], ...] = [[0.75, 0.55], [0.10, 0.35]]
 * A1 = σ(Z1)     = [[0.679179, 0.634136], [0.524979, 0.586618]]
 * Z2 = A1·W2 + b2 = [[0.059108], [0.010519]]        P = σ(Z2) = [[0.514773], [0.502630]]
 * mse = ((P − y)²).mean() = 0.244041
 * dZ2 = 2(P − y)/n · P(1 − P);  dW2 = A1ᵀ·dZ2;  db2 = Σ dZ2;  dA1 = dZ2·W2ᵀ;  dZ1 = dA1 · A1(1 − A1);  dW1 = xᵀ·dZ1
 * bce: dZ2 = (P − y)/n (the fused sigmoid + BCE gradient), the rest as above
 * </pre>
 */
class HandComputedTest {

    static final float[][] X = {{1f, 2f}, {-1f, 0.5f}};
    static final float[][] Y = {{1f}, {0f}};
    static final float TOLERANCE = 2e-6f;

    Sequential model;

    @BeforeEach
    void buildTheNetwork() {
        model = Sequential.of(dense(2, 2), sigmoid(), dense(2, 1), sigmoid());
        set(0, new float[][] {{0.1f, -0.2f}, {0.3f, 0.4f}});
        set(1, new float[][] {{0.05f, -0.05f}});
        set(2, new float[][] {{0.5f}, {-0.6f}});
        set(3, new float[][] {{0.1f}});
    }

    void set(int parameter, float[][] values) {
        Matrix m = model.parameters().get(parameter).value();
        for (int r = 0; r < values.length; r++) {
            for (int c = 0; c < values[r].length; c++) {
                m.set(r, c, values[r][c]);
            }
        }
    }

    void assertGradient(int parameter, float[][] expected) {
        float[][] actual = model.parameters().get(parameter).gradient().toArray();
        for (int r = 0; r < expected.length; r++) {
            assertArrayEquals(expected[r], actual[r], TOLERANCE, model.parameters().get(parameter).name() + " row " + r);
        }
    }

    @Test
    void forwardPassGivesTheHandComputedProbabilities() {
        float[][] p = model.predict(X);
        assertEquals(0.5147726979800218, p[0][0], TOLERANCE);
        assertEquals(0.5026297373488691, p[1][0], TOLERANCE);
    }

    @Test
    void backwardPassUnderMseGivesTheHandComputedGradients() {
        float loss = model.computeGradients(X, Y, mse());
        assertEquals(0.24404109374649013, loss, TOLERANCE);
        assertGradient(0, new float[][] {{-0.028872081568585683f, 0.03515418025578037f},
                {-0.018575304914235282f, 0.024602224135087634f}});
        assertGradient(1, new float[][] {{0.002463005009763184f, -0.0014107288453981126f}});
        assertGradient(2, new float[][] {{-0.016351379092452545f}, {-0.0031470044806383296f}});
        assertGradient(3, new float[][] {{0.00445302530539575f}});
    }

    @Test
    void backwardPassUnderFusedBinaryCrossEntropyGivesTheHandComputedGradients() {
        float loss = model.computeGradients(X, Y, binaryCrossEntropy());
        assertEquals(0.6812251869381011, loss, TOLERANCE);
        assertGradient(0, new float[][] {{-0.057768103382489826f, 0.07033885342128848f},
                {-0.03719632327544571f, 0.04926290536661883f}});
        assertGradient(1, new float[][] {{0.004903803409137326f, -0.002792987759478026f}});
        assertGradient(2, new float[][] {{-0.032842948337076044f}, {-0.006424231162784039f}});
        assertGradient(3, new float[][] {{0.008701217664445426f}});
    }

    @Test
    void oneSgdStepMovesEachWeightAgainstItsGradient() {
        model.train().on(X, Y).loss(binaryCrossEntropy()).optimizer(sgd(0.5f)).epochs(1).batchSize(2).run();
        // w − lr · dL/dw, e.g. W2[0][0] = 0.5 − 0.5 · (−0.032842948) and b2 = 0.1 − 0.5 · 0.008701218
        assertEquals(0.5 + 0.5 * 0.032842948337076044, model.parameters().get(2).value().get(0, 0), TOLERANCE);
        assertEquals(0.1 - 0.5 * 0.008701217664445426, model.parameters().get(3).value().get(0, 0), TOLERANCE);
        assertEquals(0.1 + 0.5 * 0.057768103382489826, model.parameters().get(0).value().get(0, 0), TOLERANCE);
    }

    @Test
    void lossLeavesGradientsAndParametersAlone() {
        model.computeGradients(X, Y, mse());
        float[][] before = model.parameters().get(0).gradient().toArray();
        float loss = model.loss(X, Y, binaryCrossEntropy());
        assertEquals(0.6812251869381011, loss, TOLERANCE);
        assertArrayEquals(before[0], model.parameters().get(0).gradient().toArray()[0]);
        assertEquals(0.1f, model.parameters().get(0).value().get(0, 0));
    }
}
