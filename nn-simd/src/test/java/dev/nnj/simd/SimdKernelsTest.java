package dev.nnj.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnj.core.spi.Kernels;
import dev.nnj.core.spi.KernelsContract;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The kernel contract on the Vector API kernels (two threads, so the parallel GEMM is covered), plus SIMD specifics. */
class SimdKernelsTest extends KernelsContract {

    private static final SimdKernels TWO_THREADS = new SimdKernels(2);
    private static final SimdKernels ONE_THREAD = new SimdKernels(1);

    @Override
    protected Kernels kernels() {
        return TWO_THREADS;
    }

    @Test
    void isAvailableAndChosenWhenTheVectorModuleIsResolved() {
        assertTrue(TWO_THREADS.unavailableReason().isEmpty(), () -> TWO_THREADS.unavailableReason().get());
        assertEquals("simd", Kernels.active().name());
        assertTrue(Kernels.active().priority() > 0);
    }

    @Test
    void rejectsANonPositiveThreadCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SimdKernels(0));
        assertTrue(e.getMessage().contains("threads must be at least 1, got 0"), e.getMessage());
    }

    @Test
    void gemm_largerShapesAgreeWithTheReference() {
        SplittableRandom rnd = new SplittableRandom(3);
        // Bigger than one KC block and one MC block, in every transpose form, with a ragged edge.
        checkGemm(rnd, false, false, 301, 290, 517, 1f, 0f, true);
        checkGemm(rnd, true, false, 163, 301, 260, 0.5f, 1f, false);
        checkGemm(rnd, false, true, 155, 47, 300, 1f, -0.5f, false);
        checkGemm(rnd, true, true, 90, 151, 270, 2f, 0f, false);
        // Narrow outputs (n ≤ 16: B packed, A read in place), with both β paths and a ragged last row group.
        checkGemm(rnd, false, false, 303, 10, 517, 1f, 0f, true);
        checkGemm(rnd, false, true, 302, 16, 300, 1f, 0.5f, false);
        checkGemm(rnd, false, false, 64, 1, 784, 1f, 1f, false);
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
                    ONE_THREAD.gemm(tA, tB, m, n, k, 1f, a, 0, tA ? m : k, b, 0, tB ? k : n, 0.5f, one, 0, n);
                    TWO_THREADS.gemm(tA, tB, m, n, k, 1f, a, 0, tA ? m : k, b, 0, tB ? k : n, 0.5f, two, 0, n);
                    TWO_THREADS.gemm(tA, tB, m, n, k, 1f, a, 0, tA ? m : k, b, 0, tB ? k : n, 0.5f, again, 0, n);
                    String what = m + "x" + n + "x" + k + " " + tA + "/" + tB;
                    assertArrayEquals(one, two, "1 vs 2 threads, " + what);
                    assertArrayEquals(two, again, "2 threads twice, " + what);
                }
            }
        }
    }

    @Test
    void gemm_bothTileShapesGiveBitIdenticalResults() {
        Kernels five = new VectorKernels(1, new TileChoice(5));
        Kernels four = new VectorKernels(2, new TileChoice(4));
        SplittableRandom rnd = new SplittableRandom(6);
        int[][] shapes = {{64, 128, 300}, {301, 47, 290}, {161, 200, 90}};
        for (int[] s : shapes) {
            for (boolean tA : new boolean[] {false, true}) {
                for (boolean tB : new boolean[] {false, true}) {
                    int m = s[0];
                    int n = s[1];
                    int k = s[2];
                    float[] a = random(rnd, m * k, -1f, 1f);
                    float[] b = random(rnd, k * n, -1f, 1f);
                    float[] c5 = new float[m * n];
                    float[] c4 = new float[m * n];
                    five.gemm(tA, tB, m, n, k, 0.5f, a, 0, tA ? m : k, b, 0, tB ? k : n, 0f, c5, 0, n);
                    four.gemm(tA, tB, m, n, k, 0.5f, a, 0, tA ? m : k, b, 0, tB ? k : n, 0f, c4, 0, n);
                    assertArrayEquals(c5, c4, "5x16 vs 4x16, " + m + "x" + n + "x" + k + " " + tA + "/" + tB);
                }
            }
        }
    }

    @Test
    void tileChoice_keepsTheFasterTileAfterTheTrial() {
        TileChoice choice = new TileChoice(0);
        long macs = 1L << 20;
        for (int i = 0; i < TileChoice.TRIALS; i++) {
            assertEquals(0, choice.decided());
            int rows = choice.rowsFor(macs);
            choice.record(rows, macs, rows == 4 ? 1_000 : 2_000);
        }
        assertEquals(4, choice.decided());
        assertEquals(4, choice.rowsFor(macs));
        assertEquals(5, TileChoice.forced("5x16"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TileChoice.forced("6x16"));
        assertTrue(e.getMessage().contains("use 5x16 or 4x16"), e.getMessage());
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
        ONE_THREAD.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, expected, 0, n);
        float[][] results = new float[4][m * n];
        Thread[] ts = new Thread[4];
        for (int t = 0; t < ts.length; t++) {
            float[] c = results[t];
            ts[t] = new Thread(() -> {
                for (int rep = 0; rep < 5; rep++) {
                    TWO_THREADS.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
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
