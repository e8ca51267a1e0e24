package dev.nnj.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnj.core.spi.Kernels;
import dev.nnj.core.spi.KernelsContract;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kernel contract on the Vector API kernels (two threads, so the parallel GEMM is covered),
 * plus SIMD specifics. Runs once per vector width: {@code mvn verify} runs it at the machine's
 * width and again with {@code -Dnnj.simd.bits=256} and {@code 128} (see the pom); a width wider
 * than the machine's is skipped.
 */
class SimdKernelsTest extends KernelsContract {

    private static SimdKernels twoThreads;
    private static SimdKernels oneThread;

    @BeforeAll
    static void widthThisMachineHas() {
        int asked = Settings.bits(System.getProperty(Settings.BITS));
        assumeTrue(asked <= Lanes.MACHINE_BITS, () -> asked + "-bit vectors asked for, but this machine has " + Lanes.MACHINE_BITS);
        twoThreads = new SimdKernels(2);
        oneThread = new SimdKernels(1);
        assertEquals(asked == 0 ? Lanes.MACHINE_BITS : asked, Lanes.BITS, "the width the kernels run at");
    }

    @Override
    protected Kernels kernels() {
        return twoThreads;
    }

    @Test
    void isAvailableAndChosenWhenTheVectorModuleIsResolved() {
        assertTrue(twoThreads.unavailableReason().isEmpty(), () -> twoThreads.unavailableReason().get());
        assertEquals("simd", Kernels.active().name());
        assertTrue(Kernels.active().priority() > 0);
        assertTrue(twoThreads.toString().contains(Lanes.BITS + "-bit"), twoThreads.toString());
    }

    @Test
    void rejectsANonPositiveThreadCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SimdKernels(0));
        assertTrue(e.getMessage().contains("threads must be at least 1, got 0"), e.getMessage());
    }

    /**
     * What every path of the simd GEMM computes, element by element: {@code fl(α·a)} (exact when
     * α = 1), then one chain of {@code Math.fma} over k in order, from 0 when β = 0, else from
     * {@code fl(β·c)}.
     */
    private static float[] fmaChain(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int lda,
                                    float[] b, int ldb, float beta, float[] c0, int ldc) {
        float[] c = c0.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = beta == 0f ? 0f : beta == 1f ? c[i * ldc + j] : beta * c[i * ldc + j];
                for (int p = 0; p < k; p++) {
                    float aip = tA ? a[p * lda + i] : a[i * lda + p];
                    float bpj = tB ? b[j * ldb + p] : b[p * ldb + j];
                    s = Math.fma(alpha == 1f ? aip : alpha * aip, bpj, s);
                }
                c[i * ldc + j] = s;
            }
        }
        return c;
    }

    private static void assertSameChain(Kernels kernels, SplittableRandom rnd, boolean tA, boolean tB, int m, int n, int k,
                                        float alpha, float beta) {
        int lda = tA ? m : k;
        int ldb = tB ? k : n;
        float[] a = random(rnd, m * k, -1f, 1f);
        float[] b = random(rnd, k * n, -1f, 1f);
        float[] c0 = random(rnd, m * n, -1f, 1f);
        float[] expected = fmaChain(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c0, n);
        float[] actual = c0.clone();
        kernels.gemm(tA, tB, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, actual, 0, n);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                fail(kernels + " gemm(" + (tA ? "T" : "N") + (tB ? "T" : "N") + ", " + m + "x" + n + "x" + k + ", alpha="
                        + alpha + ", beta=" + beta + "): C[" + i / n + "][" + i % n + "] is " + actual[i]
                        + ", the FMA chain gives " + expected[i]);
            }
        }
    }

    @Test
    void gemm_everyPathComputesTheSameFmaChain() {
        SplittableRandom rnd = new SplittableRandom(2);
        // direct (≤ 16³ multiply-adds), narrow (n ≤ two vectors), packed with edges, several KC blocks, several threads.
        int[][] shapes = {{3, 5, 7}, {16, 16, 16}, {64, 10, 128}, {33, 2 * Gemm.NR, 70}, {64, 128, 300}, {301, 47, 290},
            {13, 200, 530}, {161, 33, 90}};
        for (Kernels k : new Kernels[] {oneThread, twoThreads}) {
            for (int[] s : shapes) {
                for (int form = 0; form < 4; form++) {
                    float alpha = form == 3 ? 0.5f : 1f;
                    float beta = form == 2 ? 0.25f : form == 1 ? 1f : 0f;
                    assertSameChain(k, rnd, (form & 1) != 0, (form & 2) != 0, s[0], s[1], s[2], alpha, beta);
                }
            }
        }
    }

    @Test
    void gemm_narrowTransposedGivesTheFmaChainThroughScattersAndTheTile() {
        // Aᵀ with n ≤ NR: whole vectors of rows go through the column-vector kernel (C reached by
        // scatters or through the scratch tile), the rows left over through the row tiles; column
        // groups of 12 with a partial last one; β = 0 and β = 1; A, B and C at offsets with a wider ldc.
        SplittableRandom rnd = new SplittableRandom(7);
        int w = 2 * Gemm.L;
        int[][] shapes = {{w, 10, 64}, {128, 10, 64}, {3 * w + 5, Gemm.NR, 70}, {w + 1, 13, 1}, {2 * w, 1, 33}, {w - 1, 12, 9}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = Math.min(s[1], Gemm.NR);
            int k = s[2];
            for (boolean tB : new boolean[] {false, true}) {
                for (boolean betaZero : new boolean[] {true, false}) {
                    for (boolean scatter : new boolean[] {true, false}) {
                        int lda = m + 3;
                        int ldb = tB ? k : n;
                        int ldc = n + 5;
                        float[] a = random(rnd, 7 + k * lda, -1f, 1f);
                        float[] b = random(rnd, 2 + k * n, -1f, 1f);
                        float[] c0 = random(rnd, 5 + m * ldc, -1f, 1f);
                        float[] expected = c0.clone();
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                float sum = betaZero ? 0f : c0[5 + i * ldc + j];
                                for (int p = 0; p < k; p++) {
                                    sum = Math.fma(a[7 + p * lda + i], tB ? b[2 + j * ldb + p] : b[2 + p * ldb + j], sum);
                                }
                                expected[5 + i * ldc + j] = sum;
                            }
                        }
                        float[] actual = c0.clone();
                        Gemm.narrow(true, tB, m, n, k, a, 7, lda, b, 2, ldb, betaZero, actual, 5, ldc, new Gemm.Buffers(), scatter);
                        assertArrayEquals(expected, actual, "narrow T" + (tB ? "T " : "N ") + m + "x" + n + "x" + k + " betaZero="
                                + betaZero + " scatter=" + scatter + " (" + Lanes.describe() + ")");
                    }
                }
            }
        }
    }

    @Test
    void gemm_largerShapesAgreeWithTheReference() {
        SplittableRandom rnd = new SplittableRandom(3);
        // Bigger than one KC block and one MC block, in every transpose form, with a ragged edge.
        checkGemm(rnd, false, false, 301, 290, 517, 1f, 0f, true);
        checkGemm(rnd, true, false, 163, 301, 260, 0.5f, 1f, false);
        checkGemm(rnd, false, true, 155, 47, 300, 1f, -0.5f, false);
        checkGemm(rnd, true, true, 90, 151, 270, 2f, 0f, false);
        // Narrow outputs (B packed, A read in place), with both β paths and a ragged last row group.
        checkGemm(rnd, false, false, 303, 10, 517, 1f, 0f, true);
        checkGemm(rnd, false, true, 302, 16, 300, 1f, 0.5f, false);
        checkGemm(rnd, false, false, 64, 1, 784, 1f, 1f, false);
        checkGemm(rnd, false, false, 67, Gemm.NR, 100, 1f, 0f, true);
    }

    @Test
    void gemm_oneAndTwoThreadsGiveBitIdenticalResultsEveryRun() {
        SplittableRandom rnd = new SplittableRandom(4);
        int[][] shapes = {{64, 128, 784}, {784, 128, 64}, {64, 784, 128}, {300, 301, 299}, {257, 33, 520}, {5, 600, 700}, {301, 10, 200}};
        for (int[] s : shapes) {
            for (boolean tA : new boolean[] {false, true}) {
                for (boolean tB : new boolean[] {false, true}) {
                    int m = s[0];
                    int n = s[1];
                    int k = s[2];
                    float[] a = random(rnd, m * k, -1f, 1f);
                    float[] b = random(rnd, k * n, -1f, 1f);
                    float[] c0 = random(rnd, m * n, -1f, 1f);
                    float[] one = c0.clone();
                    float[] two = c0.clone();
                    float[] again = c0.clone();
                    oneThread.gemm(tA, tB, m, n, k, 1f, a, 0, tA ? m : k, b, 0, tB ? k : n, 0.5f, one, 0, n);
                    twoThreads.gemm(tA, tB, m, n, k, 1f, a, 0, tA ? m : k, b, 0, tB ? k : n, 0.5f, two, 0, n);
                    twoThreads.gemm(tA, tB, m, n, k, 1f, a, 0, tA ? m : k, b, 0, tB ? k : n, 0.5f, again, 0, n);
                    String what = m + "x" + n + "x" + k + " " + tA + "/" + tB;
                    assertArrayEquals(one, two, "1 vs 2 threads, " + what);
                    assertArrayEquals(two, again, "2 threads twice, " + what);
                }
            }
        }
    }

    @Test
    void gemm_everyTileGivesTheFmaChain() {
        int[] candidates = TileChoice.candidates(Lanes.REGISTERS, Lanes.BITS);
        SplittableRandom rnd = new SplittableRandom(6);
        int[][] shapes = {{64, 128, 300}, {301, 47, 290}, {161, 200, 90}};
        for (int rows : TileChoice.heights(Lanes.REGISTERS)) {
            Kernels kernels = new VectorKernels(rows % 2 + 1, new TileChoice(candidates, rows));
            for (int[] s : shapes) {
                for (int form = 0; form < 4; form++) {
                    assertSameChain(kernels, rnd, (form & 1) != 0, (form & 2) != 0, s[0], s[1], s[2], 0.5f, 0f);
                }
            }
        }
    }

    /** Each update's results: Adam's weights, m and v; momentum's, Nesterov's and RMSProp's weights and state; SGD's weights. */
    private static float[][] updates(Kernels k, int n, float[] w, float[] g, float[] m0, float[] v0) {
        float[] adamW = w.clone();
        float[] m = m0.clone();
        float[] v = v0.clone();
        float[] momentumW = w.clone();
        float[] velocity = v0.clone();
        float[] sgdW = w.clone();
        float[] nesterovW = w.clone();
        float[] nesterovV = v0.clone();
        float[] rmspropW = w.clone();
        float[] meanSquare = v0.clone();
        // Adam's weights after one step (the comparison bounds one step's rounding); m and v after three.
        k.adamUpdate(n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.1f, 0.01f, adamW, 3, g, 1, m, 2, v, 1);
        for (int t = 1; t <= 3; t++) {
            if (t > 1) {
                k.adamUpdate(n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.1f * t, 0.01f * t, w.clone(), 3, g, 1, m, 2, v, 1);
            }
            k.momentumUpdate(n, 0.1f, 0.9f, momentumW, 3, g, 1, velocity, 2);
            k.sgdUpdate(n, 0.1f, sgdW, 2, g, 0);
            k.nesterovUpdate(n, 0.1f, 0.9f, nesterovW, 3, g, 1, nesterovV, 2);
            k.rmspropUpdate(n, 1e-2f, 0.99f, 1e-8f, rmspropW, 3, g, 1, meanSquare, 2);
        }
        return new float[][] {adamW, m, v, momentumW, velocity, sgdW, nesterovW, nesterovV, rmspropW, meanSquare};
    }

    /**
     * Adam's step takes one division instead of the reference's three, so the weights may differ
     * by an ulp of the weight plus a few of the step (a weight that the updates bring near 0 has a
     * tiny ulp of its own): measured at most 1 ulp(w) + 3 ulp(step) a step over 5 steps of 2^20
     * random elements; asserted with 4.
     */
    private static void assertAdamWeights(float[] before, float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            double step = Math.abs((double) before[i] - expected[i]);
            double tol = Math.ulp(Math.abs(expected[i])) + 4 * Math.ulp((float) Math.max(step, Float.MIN_NORMAL));
            if (!(Math.abs((double) expected[i] - actual[i]) <= tol)) {
                fail("Adam weights: element " + i + " expected " + expected[i] + " but was " + actual[i] + " (tolerance " + tol + ")");
            }
        }
    }

    @Test
    void updates_splitAcrossThreadsMatchOneThreadAndTheReference() {
        SplittableRandom rnd = new SplittableRandom(8);
        int n = VectorKernels.SPLIT_MIN * 3 + 7;
        float[] w = random(rnd, n + 3, -1f, 1f);
        float[] g = random(rnd, n + 1, -1f, 1f);
        float[] m0 = random(rnd, n + 2, -0.1f, 0.1f);
        float[] v0 = random(rnd, n + 2, 0f, 0.1f);
        float[][] ref = updates(reference, n, w, g, m0, v0);
        float[][] one = updates(oneThread, n, w, g, m0, v0);
        float[][] two = updates(twoThreads, n, w, g, m0, v0);
        String[] names = {"Adam weights", "Adam m", "Adam v", "momentum weights", "velocity", "SGD weights",
            "Nesterov weights", "Nesterov velocity", "RMSProp weights", "RMSProp mean square"};
        for (int i = 0; i < names.length; i++) {
            assertArrayEquals(one[i], two[i], names[i] + ", 1 vs 2 threads");
            if (i == 0) {
                assertAdamWeights(w, ref[i], two[i]);
            } else {
                assertArrayEquals(ref[i], two[i], names[i] + " vs the reference");
            }
        }
    }

    @Test
    void updates_flushMomentsThatDecayIntoSubnormalsWhereTheGradientIsZero() {
        int n = 37;
        float[] g = new float[n];
        float[] m = new float[n];
        float[] v = new float[n];
        float[] velocity = new float[n];
        float[] nesterov = new float[n];
        float[] meanSquare = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = i % 2 == 0 ? 0f : 1e-40f;                           // zero, or a subnormal gradient
            m[i] = i % 3 == 0 ? 1.2e-38f : -1.3e-38f;                    // times 0.9: below MIN_NORMAL
            v[i] = 1.1e-38f;
            velocity[i] = -1.2e-38f;
            nesterov[i] = 1.25e-38f;
            meanSquare[i] = 1.15e-38f;                                   // times 0.99: below MIN_NORMAL
        }
        float[] w = new float[n];
        float[] mRef = m.clone();
        float[] vRef = v.clone();
        float[] velocityRef = velocity.clone();
        float[] nesterovRef = nesterov.clone();
        float[] meanSquareRef = meanSquare.clone();
        reference.nesterovUpdate(n, 0.1f, 0.9f, w.clone(), 0, g, 0, nesterovRef, 0);
        reference.rmspropUpdate(n, 1e-2f, 0.99f, 1e-8f, w.clone(), 0, g, 0, meanSquareRef, 0);
        twoThreads.nesterovUpdate(n, 0.1f, 0.9f, w.clone(), 0, g, 0, nesterov, 0);
        twoThreads.rmspropUpdate(n, 1e-2f, 0.99f, 1e-8f, w.clone(), 0, g, 0, meanSquare, 0);
        reference.adamUpdate(n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.5f, 0.5f, w.clone(), 0, g, 0, mRef, 0, vRef, 0);
        reference.momentumUpdate(n, 0.1f, 0.9f, w.clone(), 0, g, 0, velocityRef, 0);
        float[] wa = w.clone();
        twoThreads.adamUpdate(n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.5f, 0.5f, wa, 0, g, 0, m, 0, v, 0);
        twoThreads.momentumUpdate(n, 0.1f, 0.9f, w.clone(), 0, g, 0, velocity, 0);
        for (int i = 0; i < n; i++) {
            if (g[i] == 0f) {
                assertEquals(0f, m[i], "m[" + i + "] (reference " + mRef[i] + ")");
                assertEquals(0f, v[i], "v[" + i + "]");
                assertEquals(0f, velocity[i], "velocity[" + i + "]");
                assertEquals(0f, nesterov[i], "Nesterov velocity[" + i + "]");
                assertEquals(0f, meanSquare[i], "RMSProp mean square[" + i + "]");
                assertEquals(0f, wa[i], 1e-30f, "w[" + i + "]");
            } else {
                // A nonzero gradient keeps the reference's bits, subnormal or not.
                assertEquals(Float.floatToIntBits(mRef[i]), Float.floatToIntBits(m[i]), "m[" + i + "]");
                assertEquals(Float.floatToIntBits(vRef[i]), Float.floatToIntBits(v[i]), "v[" + i + "]");
                assertEquals(Float.floatToIntBits(velocityRef[i]), Float.floatToIntBits(velocity[i]), "velocity[" + i + "]");
                assertEquals(Float.floatToIntBits(nesterovRef[i]), Float.floatToIntBits(nesterov[i]), "Nesterov velocity[" + i + "]");
                assertEquals(Float.floatToIntBits(meanSquareRef[i]), Float.floatToIntBits(meanSquare[i]), "mean square[" + i + "]");
            }
        }
    }

    @Test
    void indexOfFirstOutside_splitAcrossThreadsFindsTheFirst() {
        int n = VectorKernels.FIND_SPLIT_MIN + 37;
        float[] x = random(new SplittableRandom(9), n + 1, -1f, 1f);
        assertEquals(-1, twoThreads.indexOfFirstOutside(n, x, 1, -1f, 1f));
        for (int at : new int[] {0, 5, n / 2 - 1, n / 2 + 3, n - 1}) {
            float[] y = x.clone();
            y[1 + at] = Float.NaN;
            y[1 + n - 1] = 7f;      // a later one never hides the first
            assertEquals(at, twoThreads.indexOfFirstOutside(n, y, 1, -1f, 1f), "NaN at " + at);
            assertEquals(at, oneThread.indexOfFirstOutside(n, y, 1, -1f, 1f), "NaN at " + at + ", one thread");
        }
    }

    @Test
    void gatherRows_splitAcrossThreadsCopiesEveryRow() {
        SplittableRandom rnd = new SplittableRandom(10);
        int cols = 784;
        float[] src = random(rnd, 500 * cols, -1f, 1f);
        int[] index = new int[500];
        for (int i = 0; i < index.length; i++) {
            index[i] = rnd.nextInt(500);
        }
        float[] expected = new float[3 + 67 * cols];
        float[] actual = expected.clone();
        reference.gatherRows(index, 11, 78, cols, src, expected, 3);
        twoThreads.gatherRows(index, 11, 78, cols, src, actual, 3);
        assertArrayEquals(expected, actual);
    }

    @Test
    void tileChoice_keepsTheFasterTileAfterTheTrial() {
        int[] candidates = TileChoice.candidates(Lanes.REGISTERS, Lanes.BITS);
        // Two shapes in a fixed order, as in a training step; the second tile is twice as fast on both.
        long[] shapes = {TileChoice.shape(64, 128, 784, false, false), TileChoice.shape(784, 128, 64, true, false)};
        long macs = 64L * 128 * 784;
        TileChoice choice = new TileChoice(candidates, 0);
        for (int i = 0; i < TileChoice.TRIALS; i++) {
            assertEquals(0, choice.decided());
            long shape = shapes[i % 2];
            int rows = choice.rowsFor(shape, macs);
            choice.record(rows, shape, macs, (rows == candidates[1] ? 1_000 : 2_000) * (shape == shapes[0] ? 1 : 3));
        }
        assertEquals(candidates[1], choice.decided());
        assertEquals(candidates[1], choice.rowsFor(shapes[0], macs));
        // Noise that slows some runs of the first tile, but not its best ones, does not change the choice.
        TileChoice noisy = new TileChoice(candidates, 0);
        for (int i = 0; i < TileChoice.TRIALS; i++) {
            long shape = shapes[i % 2];
            int rows = noisy.rowsFor(shape, macs);
            noisy.record(rows, shape, macs, rows == candidates[0] && i % 8 < 4 ? 9_000 : 1_000);
        }
        assertEquals(candidates[0], noisy.decided());
    }

    @Test
    void gemm_concurrentCallersGetCorrectResults() throws InterruptedException {
        SplittableRandom rnd = new SplittableRandom(5);
        int m = 200;
        int n = 180;
        int k = 150;
        float[] a = random(rnd, m * k, -1f, 1f);
        float[] b = random(rnd, k * n, -1f, 1f);
        float[] expected = new float[m * n];
        oneThread.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, expected, 0, n);
        float[][] results = new float[4][m * n];
        Thread[] ts = new Thread[4];
        for (int t = 0; t < ts.length; t++) {
            float[] c = results[t];
            ts[t] = new Thread(() -> {
                for (int rep = 0; rep < 5; rep++) {
                    twoThreads.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        for (float[] r : results) {
            assertArrayEquals(expected, r);
        }
    }
}
