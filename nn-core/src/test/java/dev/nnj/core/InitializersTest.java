package dev.nnj.core;

import org.junit.jupiter.api.Test;

import static dev.nnj.core.Initializers.constant;
import static dev.nnj.core.Initializers.glorotNormal;
import static dev.nnj.core.Initializers.glorotUniform;
import static dev.nnj.core.Initializers.heNormal;
import static dev.nnj.core.Initializers.heUniform;
import static dev.nnj.core.Initializers.normal;
import static dev.nnj.core.Initializers.uniform;
import static dev.nnj.core.Initializers.zeros;
import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.identity;
import static dev.nnj.core.Layers.normalization;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.sigmoid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitializersTest {

    /** The largest |w| and the standard deviation of a layer's weights. */
    static double[] spread(Sequential model, int parameter) {
        float[][] w = model.parameters().get(parameter).value().toArray();
        double max = 0;
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (float[] row : w) {
            for (float v : row) {
                max = Math.max(max, Math.abs(v));
                sum += v;
                squares += (double) v * v;
                n++;
            }
        }
        double mean = sum / n;
        return new double[] {max, Math.sqrt(squares / n - mean * mean), mean};
    }

    @Test
    void eachSchemeDrawsFromItsDistribution() {
        int in = 400;
        int out = 300;
        double glorotLimit = Math.sqrt(6.0 / (in + out));
        double heLimit = Math.sqrt(6.0 / in);
        double[] g = spread(Sequential.of(dense(in, out, glorotUniform())), 0);
        assertTrue(g[0] <= glorotLimit && g[0] > 0.99 * glorotLimit, "glorotUniform max " + g[0]);
        assertEquals(glorotLimit / Math.sqrt(3), g[1], 0.01 * glorotLimit);
        double[] h = spread(Sequential.of(dense(in, out, heUniform())), 0);
        assertTrue(h[0] <= heLimit && h[0] > 0.99 * heLimit, "heUniform max " + h[0]);
        double[] hn = spread(Sequential.of(dense(in, out, heNormal())), 0);
        assertEquals(Math.sqrt(2.0 / in), hn[1], 0.01 * Math.sqrt(2.0 / in), "heNormal deviation");
        assertEquals(0, hn[2], 0.002);
        double[] gn = spread(Sequential.of(dense(in, out, glorotNormal())), 0);
        assertEquals(Math.sqrt(2.0 / (in + out)), gn[1], 0.01 * Math.sqrt(2.0 / (in + out)), "glorotNormal deviation");
        double[] u = spread(Sequential.of(dense(in, out, uniform(2f, 3f))), 0);
        assertEquals(2.5, u[2], 0.01);
        assertTrue(u[0] < 3f);
        double[] nn = spread(Sequential.of(dense(in, out, normal(1f, 0.5f))), 0);
        assertEquals(1, nn[2], 0.01);
        assertEquals(0.5, nn[1], 0.01);
        double[] c = spread(Sequential.of(dense(3, 2, constant(0.25f))), 0);
        assertEquals(0.25, c[0]);
        assertEquals(0, c[1]);
        assertEquals(0, spread(Sequential.of(dense(3, 2, zeros())), 0)[0]);
        assertEquals(0, spread(Sequential.of(dense(3, 2, heNormal())), 1)[0], "biases start at zero");
    }

    /** The default looks past layers that keep the shape (identity, normalisation) to the activation that decides. */
    @Test
    void theDefaultFollowsTheNextActivationPastShapeKeepingLayers() {
        double heLimit = Math.sqrt(6.0 / 200);
        double glorotLimit = Math.sqrt(6.0 / 300);
        double[] pastIdentity = spread(Sequential.of(dense(200, 100), identity(), relu()), 0);
        assertTrue(pastIdentity[0] > glorotLimit * 1.01 && pastIdentity[0] <= heLimit, "He before identity, relu: " + pastIdentity[0]);
        float[] ones = new float[100];
        java.util.Arrays.fill(ones, 1f);
        double[] pastNormalization = spread(Sequential.of(dense(200, 100), normalization(new float[100], ones), relu()), 0);
        assertTrue(pastNormalization[0] > glorotLimit * 1.01, "He before normalization, relu: " + pastNormalization[0]);
        double[] sigmoidNext = spread(Sequential.of(dense(200, 100), identity(), sigmoid()), 0);
        assertTrue(sigmoidNext[0] <= glorotLimit, "Glorot before identity, sigmoid: " + sigmoidNext[0]);
        double[] last = spread(Sequential.of(dense(200, 100)), 0);
        assertTrue(last[0] <= glorotLimit, "Glorot for a last, linear layer: " + last[0]);
    }

    @Test
    void theChoiceIsSavedAndTheSeedFixesTheDraw() {
        Sequential model = Sequential.of(dense(4, 3, heNormal()), relu(), dense(3, 1, constant(0.5f)));
        Sequential loaded = ModelFile.decode(ModelFile.encode(model), "memory");
        loaded.initialize(9);
        model.initialize(9);
        assertEquals(model.parameters().get(0).value().get(2, 1), loaded.parameters().get(0).value().get(2, 1));
        assertEquals(0.5f, loaded.parameters().get(2).value().get(1, 0));
        assertEquals("heNormal()", heNormal().toString());
        assertEquals("constant(0.5)", constant(0.5f).toString());
    }

    @Test
    void badSettingsAreRefusedInTheFactory() {
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class, () -> dense(2, 3, null));
        assertTrue(nul.getMessage().contains("dense(2, 3, null)"), nul.getMessage());
        assertThrows(IllegalArgumentException.class, () -> uniform(1f, 1f));
        assertThrows(IllegalArgumentException.class, () -> normal(0f, -1f));
        assertThrows(IllegalArgumentException.class, () -> constant(Float.NaN));
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> dense(50_000, 50_000));
        assertTrue(big.getMessage().contains("2500000000 weights") && big.getMessage().contains("dense(50000, 50000)"), big.getMessage());
    }
}
