package dev.nnj.core.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Checks the reference itself: gemm against a double-precision oracle written from the BLAS
 * definition, and the other kernels on values worked out by hand. Everything else is tested
 * against {@link ScalarKernels}, so it has to be right.
 */
class ScalarKernelsTest {

    private final ScalarKernels k = new ScalarKernels();

    /** C = alpha·op(A)·op(B) + beta·C in double, straight from the definition. */
    private static double[] oracle(boolean tA, boolean tB, int m, int n, int kk, double alpha, float[] a, int lda,
                                   float[] b, int ldb, double beta, float[] c, int ldc) {
        double[] r = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < kk; p++) {
                    s += (double) (tA ? a[p * lda + i] : a[i * lda + p]) * (tB ? b[j * ldb + p] : b[p * ldb + j]);
                }
                r[i * n + j] = alpha * s + (beta == 0 ? 0 : beta * c[i * ldc + j]);
            }
        }
        return r;
    }

    @Test
    void gemm_matchesADoublePrecisionOracleForEveryTranspose() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (boolean tA : new boolean[] {false, true}) {
            for (boolean tB : new boolean[] {false, true}) {
                for (int rep = 0; rep < 20; rep++) {
                    int m = 1 + rnd.nextInt(40);
                    int n = 1 + rnd.nextInt(40);
                    int kk = 1 + rnd.nextInt(60);
                    int lda = (tA ? m : kk) + rnd.nextInt(3);
                    int ldb = (tB ? kk : n) + rnd.nextInt(3);
                    int ldc = n + rnd.nextInt(3);
                    float alpha = rep % 3 == 0 ? 1f : 0.75f;
                    float beta = rep % 4 == 0 ? 0f : (rep % 4 == 1 ? 1f : -0.5f);
                    float[] a = KernelsContract.random(rnd, (tA ? kk : m) * lda, -1f, 1f);
                    float[] b = KernelsContract.random(rnd, (tB ? n : kk) * ldb, -1f, 1f);
                    float[] c = KernelsContract.random(rnd, m * ldc, -1f, 1f);
                    double[] expected = oracle(tA, tB, m, n, kk, alpha, a, lda, b, ldb, beta, c, ldc);
                    if (beta == 0f) {
                        java.util.Arrays.fill(c, Float.NaN);
                    }
                    k.gemm(tA, tB, m, n, kk, alpha, a, 0, lda, b, 0, ldb, beta, c, 0, ldc);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double got = c[i * ldc + j];
                            // Worst-case float summation bound: (k + 2)·eps·Σ|terms| with |terms| ≤ 1.
                            double tol = (kk + 2) * 0x1p-24 * (kk + 1);
                            if (!(Math.abs(got - expected[i * n + j]) <= tol)) {
                                fail("gemm " + tA + "/" + tB + " " + m + "x" + n + "x" + kk + " at [" + i + "][" + j
                                        + "]: oracle " + expected[i * n + j] + ", reference " + got);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void gemm_smallHandExample() {
        // [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50]; with alpha 2 and beta 1 on C = 1s: [39 45; 87 101]
        float[] a = {1, 2, 3, 4};
        float[] b = {5, 6, 7, 8};
        float[] c = {1, 1, 1, 1};
        k.gemm(false, false, 2, 2, 2, 2f, a, 0, 2, b, 0, 2, 1f, c, 0, 2);
        assertArrayEquals(new float[] {39, 45, 87, 101}, c);
        // Aᵀ·Bᵀ = (B·A)ᵀ: B·A = [23 34; 31 46], transposed [23 31; 34 46]
        float[] d = new float[4];
        k.gemm(true, true, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, d, 0, 2);
        assertArrayEquals(new float[] {23, 31, 34, 46}, d);
    }

    @Test
    void activations_onHandValues() {
        float[] x = {0f, 1e4f, -1e4f, 2f, -2f};
        float[] y = new float[5];
        k.sigmoid(5, x, 0, y, 0);
        assertArrayEquals(new float[] {0.5f, 1f, 0f, 0.880797f, 0.119203f}, y, 1e-6f);
        k.tanh(5, x, 0, y, 0);
        assertArrayEquals(new float[] {0f, 1f, -1f, 0.9640276f, -0.9640276f}, y, 1e-6f);
        k.relu(5, x, 0, y, 0);
        assertArrayEquals(new float[] {0f, 1e4f, 0f, 2f, 0f}, y);
        k.leakyRelu(5, 0.1f, x, 0, y, 0);
        assertArrayEquals(new float[] {0f, 1e4f, -1e3f, 2f, -0.2f}, y);
        float[] dy = {1f, 1f, 1f, 1f, 1f};
        k.reluBackward(5, x, 0, dy, 0, y, 0);
        assertArrayEquals(new float[] {0f, 1f, 0f, 1f, 0f}, y);
    }

    @Test
    void softmaxRows_onHandValues() {
        float[] x = {1f, 2f, 3f, 1e4f, 1e4f, -1e4f};
        float[] y = new float[6];
        k.softmaxRows(2, 3, x, 0, 3, y, 0, 3);
        assertArrayEquals(new float[] {0.09003057f, 0.24472847f, 0.66524096f, 0.5f, 0.5f, 0f}, y, 1e-6f);
        // backward of softmax with dy = e_2 gives y_2·(δ_2j − y_j)
        float[] dy = {0f, 0f, 1f, 0f, 0f, 0f};
        float[] dx = new float[6];
        k.softmaxRowsBackward(2, 3, y, 0, 3, dy, 0, 3, dx, 0, 3);
        float y2 = y[2];
        assertArrayEquals(new float[] {-y2 * y[0], -y2 * y[1], y2 * (1 - y2), 0f, 0f, 0f}, dx, 1e-6f);
    }

    @Test
    void losses_onHandValues() {
        float[] p = {0.5f, 0.25f};
        float[] t = {1f, 0f};
        float[] g = new float[2];
        assertEquals(0.25f + 0.0625f, k.squaredError(2, p, 0, t, 0, g, 0, 1f), 1e-7f);
        assertArrayEquals(new float[] {-1f, 0.5f}, g, 1e-7f);
        assertEquals((float) (Math.log(2) - Math.log(0.75)), k.binaryCrossEntropy(2, p, 0, t, 0, null, 0, 1f), 1e-6f);
        float[] z = {0f, 0f};
        float[] oneHot = {1f, 0f};
        assertEquals((float) Math.log(2), k.softmaxCrossEntropy(1, 2, z, 0, oneHot, 0, g, 0, 1f), 1e-6f);
        assertArrayEquals(new float[] {-0.5f, 0.5f}, g, 1e-7f);
        assertEquals((float) Math.log(2), k.sigmoidBinaryCrossEntropy(1, z, 0, oneHot, 0, null, 0, 1f), 1e-6f);
        assertEquals(100f, k.crossEntropy(1, 2, new float[] {0f, 1f}, 0, oneHot, 0, null, 0, 1f), 0f);
    }

    @Test
    void updates_onHandValues() {
        float[] w = {1f};
        k.sgdUpdate(1, 0.5f, w, 0, new float[] {2f}, 0);
        assertEquals(0f, w[0]);
        float[] v = {1f};
        w[0] = 1f;
        k.momentumUpdate(1, 0.1f, 0.9f, w, 0, new float[] {1f}, 0, v, 0);
        assertEquals(1.9f, v[0], 1e-6f);
        assertEquals(0.81f, w[0], 1e-6f);
        // First Adam step moves every weight by lr·sign(g) (up to eps).
        float[] m = {0f};
        v[0] = 0f;
        w[0] = 1f;
        k.adamUpdate(1, 0.01f, 0.9f, 0.999f, 1e-8f, 0.1f, 0.001f, w, 0, new float[] {-3f}, 0, m, 0, v, 0);
        assertEquals(1.01f, w[0], 1e-6f);
    }

    @Test
    void indexOfFirstOutside_onHandValues() {
        float[] x = {0f, 1f, Float.NaN, 5f};
        assertEquals(2, k.indexOfFirstOutside(4, x, 0, -Float.MAX_VALUE, Float.MAX_VALUE));
        assertEquals(1, k.indexOfFirstOutside(3, x, 1, 0f, 2f));
        assertEquals(-1, k.indexOfFirstOutside(2, x, 0, 0f, 1f));
    }

    /**
     * Kernels' default methods run this reference, so it must implement every one of them itself:
     * a default it inherited would call itself forever.
     */
    @Test
    void theReferenceImplementsEveryMethodItself() {
        java.util.List<String> inherited = new java.util.ArrayList<>();
        for (java.lang.reflect.Method m : Kernels.class.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers()) || m.getName().equals("unavailableReason")) {
                continue;
            }
            try {
                ScalarKernels.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
            } catch (NoSuchMethodException e) {
                inherited.add(m.getName());
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(inherited.isEmpty(), "ScalarKernels does not declare " + inherited);
    }
}
