package dev.nnj.core;

import org.junit.jupiter.api.Test;

import static dev.nnj.core.Layers.batchNorm;
import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.dropout;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Losses.mse;
import static dev.nnj.core.Optimizers.adam;
import static dev.nnj.core.Optimizers.sgd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The explained step of HandComputedTest's 2-2-1 network, against its float64 numbers. */
class ExplanationTest {

    static final float TOLERANCE = HandComputedTest.TOLERANCE;

    static Sequential handComputed() {
        return Sequential.of(dense(2, 2), sigmoid(), dense(2, 1), sigmoid())
                .setParameter("0.weight", new float[][] {{0.1f, -0.2f}, {0.3f, 0.4f}})
                .setParameter("0.bias", new float[][] {{0.05f, -0.05f}})
                .setParameter("2.weight", new float[][] {{0.5f}, {-0.6f}})
                .setParameter("2.bias", new float[][] {{0.1f}});
    }

    static void assertValues(double[][] expected, Matrix actual, String what) {
        assertEquals(expected.length, actual.rows(), what);
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++) {
                assertEquals(expected[r][c], actual.get(r, c), TOLERANCE, what + "[" + r + "][" + c + "]");
            }
        }
    }

    @Test
    void theFusedStepShowsTheHandComputedNumbersAndLeavesTheModelAlone() {
        Sequential model = handComputed();
        Explanation step = model.explain(HandComputedTest.X, HandComputedTest.Y, binaryCrossEntropy(), sgd(0.5f));
        assertValues(new double[][] {{0.75, 0.55}, {0.10, 0.35}}, step.entry("z1").value(), "z1");
        assertValues(new double[][] {{0.679179, 0.634136}, {0.524979, 0.586618}}, step.entry("a1").value(), "a1");
        assertValues(new double[][] {{0.5147726979800218}, {0.5026297373488691}}, step.entry("a2").value(), "a2");
        assertEquals(0.6812251869381011, step.loss(), TOLERANCE);
        // δ2 = a2 − y for sigmoid + BCE; the gradients are HandComputedTest's.
        assertValues(new double[][] {{0.5147726979800218 - 1}, {0.5026297373488691}}, step.entry("δ2").value(), "δ2");
        assertValues(new double[][] {{-0.032842948337076044}, {-0.006424231162784039}}, step.entry("dW2").value(), "dW2");
        assertValues(new double[][] {{0.008701217664445426}}, step.entry("db2").value(), "db2");
        assertValues(new double[][] {{-0.057768103382489826, 0.07033885342128848}, {-0.03719632327544571, 0.04926290536661883}},
                step.entry("dW1").value(), "dW1");
        assertValues(new double[][] {{0.004903803409137326, -0.002792987759478026}}, step.entry("db1").value(), "db1");
        assertValues(new double[][] {{0.5 + 0.5 * 0.032842948337076044}, {-0.6 + 0.5 * 0.006424231162784039}},
                step.entry("W2'").value(), "W2'");
        assertValues(new double[][] {{0.1 - 0.5 * 0.008701217664445426}}, step.entry("b2'").value(), "b2'");
        assertEquals(0.1f, model.parameters().get(0).value().get(0, 0), "the model is not changed");

        String text = step.toString();
        for (String line : new String[] {"z1 = X·W1 + b1", "a1 = sigmoid(z1)", "δ2 = a2 − y", "δ1 = (δ2·W2ᵀ) ∘ a1(1 − a1)",
            "dW1 = Xᵀ·δ1 / m", "W1' = W1 − 0.5·dW1", "0.681225", "-0.0328429", "0.00870124", "0.679179", "0.516421"}) {
            assertTrue(text.contains(line), "missing '" + line + "' in:\n" + text);
        }
    }

    @Test
    void theMseStepShowsTheLossDerivativeTimesTheSigmoids() {
        Explanation step = handComputed().explain(HandComputedTest.X, HandComputedTest.Y, mse(), null);
        assertEquals(0.24404109374649013, step.loss(), TOLERANCE);
        assertValues(new double[][] {{-0.016351379092452545}, {-0.0031470044806383296}}, step.entry("dW2").value(), "dW2");
        assertValues(new double[][] {{-0.028872081568585683, 0.03515418025578037}, {-0.018575304914235282, 0.024602224135087634}},
                step.entry("dW1").value(), "dW1");
        assertTrue(step.toString().contains("δ2 = 2(a2 − y) ∘ a2(1 − a2)"), step.toString());
        assertThrows(IllegalArgumentException.class, () -> step.entry("W1'"), "no update without an optimizer");
    }

    @Test
    void largerNetworksPrintShapesAndRangesAndEveryKindOfLayerIsNamed() {
        Sequential model = Sequential.of(dense(20, 16), batchNorm(), relu(), dropout(0.5f), dense(16, 3), softmax()).initialize(2);
        float[][] x = new float[10][20];
        float[][] y = new float[10][3];
        for (int i = 0; i < 10; i++) {
            x[i][i] = 1;
            y[i][i % 3] = 1;
        }
        Explanation step = model.explain(x, y, crossEntropy(), adam(0.01f));
        String text = step.toString();
        assertTrue(text.contains("bn1 = γ ∘ (z1 − mean) / sqrt(var + ε) + β"), text);
        assertTrue(text.contains("d1 = a1 ∘ mask / (1 − 0.5)"), text);
        assertTrue(text.contains("δ2 = a2 − y") && text.contains("softmax + cross-entropy"), text);
        assertTrue(text.contains("δ1 = (δ2·W2ᵀ), back through dropout(0.5), relu, batchNorm(16)"), text);
        assertTrue(text.contains("dγ1") && text.contains("min ") && text.contains("max "), text);
        float[][] before = model.parameters().get(0).value().toArray();
        assertEquals(20 * 16, step.entry("W1'").value().rows() * step.entry("W1'").value().cols());
        assertArrayEquals(before[0], model.parameters().get(0).value().toArray()[0]);
    }

    @Test
    void setParameterTakesNumpysLayoutAndNamesWhatIsWrong() {
        Sequential model = Sequential.of(dense(3, 2), sigmoid());
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> model.setParameter("1.weight", new float[][] {{1}}));
        assertTrue(name.getMessage().contains("0.weight (3x2)") && name.getMessage().contains("0.bias (1x2)"), name.getMessage());
        IllegalArgumentException transposed = assertThrows(IllegalArgumentException.class,
                () -> model.setParameter("0.weight", new float[][] {{1, 2, 3}, {4, 5, 6}}));
        assertTrue(transposed.getMessage().contains("look transposed"), transposed.getMessage());
        model.setParameter("0.weight", new float[][] {{1, 2}, {3, 4}, {5, 6}});
        assertEquals(6f, model.parameters().get(0).value().get(2, 1));
    }

    /**
     * A layer that hands its input on (identity, dropout at rate 0) between two dense layers: the δ
     * explain prints for the first dense layer is the one the same network without it has, not the
     * untouched buffer of the pass-through layer (it printed zeros).
     */
    @Test
    void deltasPassThroughLayersThatHandTheirInputOn() {
        float[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        float[][] y = {{0}, {1}, {1}, {0}};
        Sequential plain = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid()).initialize(5);
        Explanation expected = plain.explain(x, y, binaryCrossEntropy(), null);
        for (Layer passThrough : new Layer[] {Layers.identity(), dropout(0f)}) {
            Sequential model = Sequential.of(dense(2, 3), passThrough, sigmoid(), dense(3, 1), sigmoid());
            for (int p = 0; p < 4; p++) {
                Matrix from = plain.parameters().get(p).value();
                Matrix to = model.parameters().get(p).value();
                for (int r = 0; r < from.rows(); r++) {
                    for (int c = 0; c < from.cols(); c++) {
                        to.set(r, c, from.get(r, c));
                    }
                }
            }
            Explanation step = model.explain(x, y, binaryCrossEntropy(), null);
            Matrix want = expected.entry("δ1").value();
            Matrix got = step.entry("δ1").value();
            for (int r = 0; r < want.rows(); r++) {
                for (int c = 0; c < want.cols(); c++) {
                    assertEquals(want.get(r, c), got.get(r, c), 1e-7, passThrough + ": δ1 at " + r + ", " + c);
                }
            }
        }
    }
}
