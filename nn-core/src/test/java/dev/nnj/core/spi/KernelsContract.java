package dev.nnj.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The agreement contract every {@link Kernels} implementation must pass: each SPI method is
 * compared with {@link ScalarKernels} on random shapes from 1 to 300 (with the sizes around the
 * vector widths: 1, 7, 8, 9, 15, 16, 17, 31, 33, 63, 65, 257), on edge values (±1e4, 0, −0,
 * subnormals), with offsets, and with leading dimensions larger than the number of columns.
 *
 * <p>Extend it and return the implementation under test:
 * <pre>{@code
 * class SimdKernelsTest extends KernelsContract {
 *     protected Kernels kernels() { return new SimdKernels(); }
 * }
 * }</pre>
 *
 * <p>Tolerances (the contract an implementation signs up to):
 * <ul>
 *   <li>exact: bias add, column sums, relu and leaky relu (both ways), gather, the index check,
 *       and every update or backward that is a fixed sequence of IEEE operations
 *       ({@code sigmoidBackward}, {@code tanhBackward}, {@code scaleColumns}, SGD, momentum, Adam) may
 *       differ by at most 2 ulp (an implementation may fuse a multiply-add);</li>
 *   <li>gemm: {@code |c − c_ref| ≤ 4·sqrt(k+1)·eps·(Σ_p |α·a_ip·b_pj| + |β·c_ij|)}, eps = 2^-24;</li>
 *   <li>sigmoid, tanh, softmax: relative 8e-7 (≈ 7 ulp) plus an absolute 1e-37 for results in
 *       the subnormal range, and always finite for inputs up to ±1e4;</li>
 *   <li>softmax backward: {@code 1e-6·y·(|dy| + Σ_k |dy_k·y_k|)} (a reduction then a difference);</li>
 *   <li>losses: the returned sum within {@code 4e-6·(1 + sqrt(n))} relative, gradients as their
 *       formulas (relative 2e-6 and an absolute term for the cancelling differences).</li>
 * </ul>
 */
public abstract class KernelsContract {

    /** float32 unit roundoff. */
    protected static final double EPS = 0x1p-24;

    /** Sizes around the vector widths, then any random shape from 1 to 300 joins them. */
    protected static final int[] EDGE_SIZES = {1, 2, 7, 8, 9, 15, 16, 17, 31, 33, 63, 65, 257};

    /** Values that break naive kernels: overflow, signed zeros, subnormals, exactly representable ints. */
    protected static final float[] EDGE_VALUES = {1e4f, -1e4f, 0f, -0f, 1e-40f, -1e-40f, 1e-30f, -1e-30f,
        88.8f, -88.8f, 100f, -100f, 20f, -20f, 1f, -1f, 0.5f, Float.MIN_VALUE, -Float.MIN_VALUE};

    /** For subclasses, which supply the implementation under test. */
    protected KernelsContract() {
    }

    /** The implementation under test. */
    protected abstract Kernels kernels();

    /** The reference every implementation is compared with. */
    protected final Kernels reference = new ScalarKernels();

    // ---- helpers --------------------------------------------------------------------------

    /** Sizes to try: the edge sizes, then {@code randomCount} random ones in [1, 300]. */
    protected static int[] sizes(SplittableRandom rnd, int randomCount) {
        int[] s = Arrays.copyOf(EDGE_SIZES, EDGE_SIZES.length + randomCount);
        for (int i = 0; i < randomCount; i++) {
            s[EDGE_SIZES.length + i] = 1 + rnd.nextInt(300);
        }
        return s;
    }

    protected static float[] random(SplittableRandom rnd, int n, float lo, float hi) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (float) rnd.nextDouble() * (hi - lo);
        }
        return x;
    }

    /** Random values with edge values sprinkled in (about one in eight) at random places. */
    protected static float[] withEdges(SplittableRandom rnd, int n, float lo, float hi) {
        float[] x = random(rnd, n, lo, hi);
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(8) == 0) {
                x[i] = EDGE_VALUES[rnd.nextInt(EDGE_VALUES.length)];
            }
        }
        return x;
    }

    private static boolean sameBits(float a, float b) {
        return Float.floatToIntBits(a) == Float.floatToIntBits(b);
    }

    protected static void assertExact(String what, float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            if (!sameBits(expected[i], actual[i])) {
                fail(what + ": element " + i + " expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }

    protected static void assertUlps(String what, float[] expected, float[] actual, int ulps) {
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            if (sameBits(e, a) || (e == a)) {
                continue;
            }
            if (Float.isNaN(e) || Float.isNaN(a) || Math.abs(e - a) > ulps * Math.ulp(Math.max(Math.abs(e), Math.abs(a)))) {
                fail(what + ": element " + i + " expected " + e + " but was " + a + " (more than " + ulps + " ulp)");
            }
        }
    }

    protected static void assertRelative(String what, float[] expected, float[] actual, double rel, double abs) {
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            if (!Float.isFinite(a) && Float.isFinite(e)) {
                fail(what + ": element " + i + " expected " + e + " but was " + a);
            }
            if (Math.abs((double) e - a) > rel * Math.abs(e) + abs) {
                fail(what + ": element " + i + " expected " + e + " but was " + a
                        + " (tolerance " + (rel * Math.abs(e) + abs) + ")");
            }
        }
    }

    // ---- gemm ----------------------------------------------------------------------------

    /** One gemm case against the reference, with padding around every matrix to catch stray reads and writes. */
    protected void checkGemm(SplittableRandom rnd, boolean tA, boolean tB, int m, int n, int k,
                             float alpha, float beta, boolean nanInC) {
        int aRows = tA ? k : m;
        int aCols = tA ? m : k;
        int bRows = tB ? n : k;
        int bCols = tB ? k : n;
        int lda = aCols + rnd.nextInt(3);
        int ldb = bCols + rnd.nextInt(3);
        int ldc = n + rnd.nextInt(3);
        int aOff = rnd.nextInt(4);
        int bOff = rnd.nextInt(4);
        int cOff = rnd.nextInt(4);
        float[] a = random(rnd, aOff + aRows * lda, -1f, 1f);
        float[] b = random(rnd, bOff + bRows * ldb, -1f, 1f);
        float[] c0 = random(rnd, cOff + m * ldc + 3, -1f, 1f);
        if (nanInC) {
            for (int i = 0; i < m; i++) {
                Arrays.fill(c0, cOff + i * ldc, cOff + i * ldc + n, Float.NaN);
            }
        }
        float[] expected = c0.clone();
        float[] actual = c0.clone();
        reference.gemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, expected, cOff, ldc);
        kernels().gemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, actual, cOff, ldc);
        String what = "gemm(" + (tA ? "T" : "N") + (tB ? "T" : "N") + ", m=" + m + ", n=" + n + ", k=" + k
                + ", alpha=" + alpha + ", beta=" + beta + ", lda=" + lda + ", ldb=" + ldb + ", ldc=" + ldc + ")";
        double gamma = 4 * Math.sqrt(k + 1.0) * EPS;
        for (int idx = 0; idx < c0.length; idx++) {
            int rel = idx - cOff;
            int i = rel >= 0 ? rel / ldc : -1;
            int j = rel >= 0 ? rel % ldc : -1;
            if (i < 0 || i >= m || j >= n) {
                if (!sameBits(c0[idx], actual[idx])) {
                    fail(what + ": wrote outside C at index " + idx + " (" + c0[idx] + " -> " + actual[idx] + ")");
                }
                continue;
            }
            double absSum = beta == 0f ? 0 : Math.abs((double) beta * c0[idx]);
            for (int p = 0; p < k; p++) {
                double aip = tA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                double bpj = tB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                absSum += Math.abs(alpha * aip * bpj);
            }
            double tol = gamma * absSum + 1e-30;
            if (!(Math.abs((double) expected[idx] - actual[idx]) <= tol)) {
                fail(what + ": C[" + i + "][" + j + "] expected " + expected[idx] + " but was " + actual[idx]
                        + " (tolerance " + tol + ")");
            }
        }
    }

    @Test
    void gemm_agreesOnEdgeShapesForAllTransposes() {
        SplittableRandom rnd = new SplittableRandom(11);
        int[] dims = {1, 7, 8, 9, 16, 17, 33};
        for (boolean tA : new boolean[] {false, true}) {
            for (boolean tB : new boolean[] {false, true}) {
                for (int m : dims) {
                    for (int n : dims) {
                        int k = dims[rnd.nextInt(dims.length)];
                        checkGemm(rnd, tA, tB, m, n, k, 1f, 0f, false);
                    }
                }
            }
        }
    }

    @Test
    void gemm_agreesOnRandomShapesUpTo300() {
        SplittableRandom rnd = new SplittableRandom(12);
        int[] dims = {1, 15, 31, 63, 65, 257};
        for (boolean tA : new boolean[] {false, true}) {
            for (boolean tB : new boolean[] {false, true}) {
                for (int rep = 0; rep < 6; rep++) {
                    int m = rep < 2 ? dims[rnd.nextInt(dims.length)] : 1 + rnd.nextInt(300);
                    int n = rep < 2 ? dims[rnd.nextInt(dims.length)] : 1 + rnd.nextInt(300);
                    int k = rep < 2 ? dims[rnd.nextInt(dims.length)] : 1 + rnd.nextInt(300);
                    checkGemm(rnd, tA, tB, m, n, k, 1f, 0f, false);
                }
            }
        }
    }

    @Test
    void gemm_appliesAlphaAndBetaAndIgnoresCWhenBetaIsZero() {
        SplittableRandom rnd = new SplittableRandom(13);
        float[][] alphaBeta = {{1f, 1f}, {0.5f, -2f}, {-1.5f, 0f}, {2f, 0.25f}, {0f, 1f}, {1f, 0f}};
        int[][] shapes = {{1, 1, 1}, {5, 16, 9}, {33, 17, 65}, {64, 10, 128}, {130, 70, 300}, {257, 40, 20}};
        for (float[] ab : alphaBeta) {
            for (int[] s : shapes) {
                for (boolean tA : new boolean[] {false, true}) {
                    for (boolean tB : new boolean[] {false, true}) {
                        checkGemm(rnd, tA, tB, s[0], s[1], s[2], ab[0], ab[1], ab[1] == 0f);
                    }
                }
            }
        }
    }

    @Test
    void gemm_withKZeroScalesC() {
        SplittableRandom rnd = new SplittableRandom(14);
        checkGemm(rnd, false, false, 9, 17, 0, 1f, 0.5f, false);
        checkGemm(rnd, true, true, 9, 17, 0, 1f, 0f, true);
    }

    @Test
    void gemm_onTheShapesOfA784_128_10NetworkAtBatch64() {
        SplittableRandom rnd = new SplittableRandom(15);
        checkGemm(rnd, false, false, 64, 128, 784, 1f, 0f, true);   // X·W1
        checkGemm(rnd, false, false, 64, 10, 128, 1f, 0f, false);   // H·W2
        checkGemm(rnd, true, false, 784, 128, 64, 1f, 0f, false);   // Xᵀ·dZ1
        checkGemm(rnd, false, true, 64, 128, 10, 1f, 0f, false);    // dZ2·W2ᵀ
        checkGemm(rnd, false, true, 64, 784, 128, 1f, 0f, false);   // dZ1·W1ᵀ
    }

    // ---- matrix helpers ---------------------------------------------------------------------

    @Test
    void addBias_isExact() {
        SplittableRandom rnd = new SplittableRandom(21);
        for (int cols : sizes(rnd, 6)) {
            int rows = 1 + rnd.nextInt(9);
            int ld = cols + rnd.nextInt(3);
            int off = rnd.nextInt(5);
            float[] x = withEdges(rnd, off + rows * ld, -3f, 3f);
            float[] bias = withEdges(rnd, cols + 2, -1f, 1f);
            float[] e = x.clone();
            float[] a = x.clone();
            reference.addBias(rows, cols, e, off, ld, bias, 2);
            kernels().addBias(rows, cols, a, off, ld, bias, 2);
            assertExact("addBias(" + rows + "x" + cols + ")", e, a);
        }
    }

    @Test
    void columnSums_isExactWithAndWithoutBeta() {
        SplittableRandom rnd = new SplittableRandom(22);
        for (int cols : sizes(rnd, 6)) {
            for (float beta : new float[] {0f, 1f, 0.9f}) {
                int rows = 1 + rnd.nextInt(70);
                int ld = cols + rnd.nextInt(3);
                int off = rnd.nextInt(5);
                float[] x = withEdges(rnd, off + rows * ld, -3f, 3f);
                float[] out = random(rnd, cols + 4, -1f, 1f);
                if (beta == 0f) {
                    Arrays.fill(out, 1, 1 + cols, Float.NaN);
                }
                float[] e = out.clone();
                float[] a = out.clone();
                reference.columnSums(rows, cols, x, off, ld, beta, e, 1);
                kernels().columnSums(rows, cols, x, off, ld, beta, a, 1);
                assertUlps("columnSums(" + rows + "x" + cols + ", beta=" + beta + ")", e, a, 0);
            }
        }
    }

    @Test
    void scaleColumns_agreesWithAndWithoutShift() {
        SplittableRandom rnd = new SplittableRandom(23);
        for (int cols : sizes(rnd, 6)) {
            for (boolean withShift : new boolean[] {false, true}) {
                int rows = 1 + rnd.nextInt(9);
                int ldx = cols + rnd.nextInt(3);
                int ldy = cols + rnd.nextInt(3);
                float[] x = withEdges(rnd, 1 + rows * ldx, -3f, 3f);
                float[] scale = random(rnd, cols + 1, -2f, 2f);
                float[] shift = withShift ? random(rnd, cols + 3, -2f, 2f) : null;
                float[] y0 = random(rnd, 2 + rows * ldy, -1f, 1f);
                float[] e = y0.clone();
                float[] a = y0.clone();
                reference.scaleColumns(rows, cols, x, 1, ldx, scale, 1, shift, 3, e, 2, ldy);
                kernels().scaleColumns(rows, cols, x, 1, ldx, scale, 1, shift, 3, a, 2, ldy);
                assertUlps("scaleColumns(" + rows + "x" + cols + ", shift=" + withShift + ")", e, a, 2);
                // in place
                float[] xe = x.clone();
                float[] xa = x.clone();
                reference.scaleColumns(rows, cols, xe, 1, ldx, scale, 1, shift, 3, xe, 1, ldx);
                kernels().scaleColumns(rows, cols, xa, 1, ldx, scale, 1, shift, 3, xa, 1, ldx);
                assertUlps("scaleColumns in place(" + rows + "x" + cols + ")", xe, xa, 2);
            }
        }
    }

    @Test
    void gatherRows_copiesTheIndexedRows() {
        SplittableRandom rnd = new SplittableRandom(24);
        for (int cols : sizes(rnd, 4)) {
            int srcRows = 1 + rnd.nextInt(20);
            float[] src = random(rnd, srcRows * cols, -1f, 1f);
            int[] index = new int[12];
            for (int i = 0; i < index.length; i++) {
                index[i] = rnd.nextInt(srcRows);
            }
            float[] e = new float[3 + 10 * cols];
            float[] a = new float[3 + 10 * cols];
            reference.gatherRows(index, 1, 11, cols, src, e, 3);
            kernels().gatherRows(index, 1, 11, cols, src, a, 3);
            assertExact("gatherRows(cols=" + cols + ")", e, a);
        }
    }

    // ---- activations ------------------------------------------------------------------------

    @FunctionalInterface
    protected interface Unary {
        void apply(Kernels k, int n, float[] x, int xOff, float[] y, int yOff);
    }

    @FunctionalInterface
    protected interface Binary {
        void apply(Kernels k, int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff);
    }

    /** Runs a forward kernel out of place and in place on every size; returns nothing, fails on disagreement. */
    protected void checkUnary(String name, Unary f, float lo, float hi, double rel, double abs, int ulps) {
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        for (int n : sizes(rnd, 8)) {
            float[] x = withEdges(rnd, n + 3, lo, hi);
            float[] e = random(rnd, n + 5, -1f, 1f);
            float[] a = e.clone();
            f.apply(reference, n, x, 3 % (n + 3), e, 2);
            f.apply(kernels(), n, x, 3 % (n + 3), a, 2);
            compare(name + "(n=" + n + ")", e, a, rel, abs, ulps);
            float[] xe = x.clone();
            float[] xa = x.clone();
            f.apply(reference, n, xe, 1, xe, 1);
            f.apply(kernels(), n, xa, 1, xa, 1);
            compare(name + " in place(n=" + n + ")", xe, xa, rel, abs, ulps);
        }
    }

    protected void checkBinary(String name, Binary f, float lo, float hi, double rel, double abs, int ulps) {
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        for (int n : sizes(rnd, 8)) {
            float[] y = withEdges(rnd, n + 1, lo, hi);
            float[] dy = withEdges(rnd, n + 2, -2f, 2f);
            float[] e = random(rnd, n + 3, -1f, 1f);
            float[] a = e.clone();
            f.apply(reference, n, y, 1, dy, 2, e, 3);
            f.apply(kernels(), n, y, 1, dy, 2, a, 3);
            compare(name + "(n=" + n + ")", e, a, rel, abs, ulps);
            float[] de = dy.clone();
            float[] da = dy.clone();
            f.apply(reference, n, y, 0, de, 0, de, 0);
            f.apply(kernels(), n, y, 0, da, 0, da, 0);
            compare(name + " in place(n=" + n + ")", de, da, rel, abs, ulps);
        }
    }

    private static void compare(String what, float[] e, float[] a, double rel, double abs, int ulps) {
        if (ulps >= 0) {
            assertUlps(what, e, a, ulps);
        } else {
            assertRelative(what, e, a, rel, abs);
        }
    }

    private static void assertAllFinite(String what, float[] y) {
        for (int i = 0; i < y.length; i++) {
            assertTrue(Float.isFinite(y[i]), what + ": element " + i + " is " + y[i]);
        }
    }

    @Test
    void sigmoid_agreesAndStaysFiniteAt1e4() {
        checkUnary("sigmoid", (k, n, x, xo, y, yo) -> k.sigmoid(n, x, xo, y, yo), -30f, 30f, 8e-7, 1e-37, -1);
        float[] x = {1e4f, -1e4f, 0f, -0f, 88f, -88f, 104f, -104f, 1e-40f, Float.MAX_VALUE, -Float.MAX_VALUE};
        float[] y = new float[x.length];
        kernels().sigmoid(x.length, x, 0, y, 0);
        assertAllFinite("sigmoid", y);
        assertEquals(1f, y[0]);
        assertEquals(0f, y[1]);
        assertEquals(0.5f, y[2]);
    }

    @Test
    void sigmoidBackward_agrees() {
        checkBinary("sigmoidBackward", (k, n, y, yo, dy, dyo, dx, dxo) -> k.sigmoidBackward(n, y, yo, dy, dyo, dx, dxo),
                0f, 1f, 0, 0, 2);
    }

    @Test
    void tanh_agreesAndStaysFiniteAt1e4() {
        checkUnary("tanh", (k, n, x, xo, y, yo) -> k.tanh(n, x, xo, y, yo), -10f, 10f, 8e-7, 1e-37, -1);
        float[] x = {1e4f, -1e4f, 0f, -0f, 20f, -20f, 1e-40f, Float.MAX_VALUE, -Float.MAX_VALUE};
        float[] y = new float[x.length];
        kernels().tanh(x.length, x, 0, y, 0);
        assertAllFinite("tanh", y);
        assertEquals(1f, y[0]);
        assertEquals(-1f, y[1]);
    }

    @Test
    void tanhBackward_agrees() {
        checkBinary("tanhBackward", (k, n, y, yo, dy, dyo, dx, dxo) -> k.tanhBackward(n, y, yo, dy, dyo, dx, dxo),
                -1f, 1f, 0, 0, 2);
    }

    @Test
    void relu_isExact() {
        checkUnary("relu", (k, n, x, xo, y, yo) -> k.relu(n, x, xo, y, yo), -3f, 3f, 0, 0, 0);
    }

    @Test
    void reluBackward_isExact() {
        checkBinary("reluBackward", (k, n, x, xo, dy, dyo, dx, dxo) -> k.reluBackward(n, x, xo, dy, dyo, dx, dxo),
                -3f, 3f, 0, 0, 0);
    }

    @Test
    void leakyRelu_isExact() {
        checkUnary("leakyRelu", (k, n, x, xo, y, yo) -> k.leakyRelu(n, 0.01f, x, xo, y, yo), -3f, 3f, 0, 0, 0);
        checkUnary("leakyRelu(0.3)", (k, n, x, xo, y, yo) -> k.leakyRelu(n, 0.3f, x, xo, y, yo), -3f, 3f, 0, 0, 0);
    }

    @Test
    void leakyReluBackward_isExact() {
        checkBinary("leakyReluBackward",
                (k, n, x, xo, dy, dyo, dx, dxo) -> k.leakyReluBackward(n, 0.01f, x, xo, dy, dyo, dx, dxo), -3f, 3f, 0, 0, 0);
    }

    @Test
    void softmaxRows_agreesAndStaysFiniteAt1e4() {
        SplittableRandom rnd = new SplittableRandom(31);
        for (int cols : sizes(rnd, 6)) {
            int rows = 1 + rnd.nextInt(6);
            int ldx = cols + rnd.nextInt(3);
            int ldy = cols + rnd.nextInt(3);
            float[] x = withEdges(rnd, 1 + rows * ldx, -20f, 20f);
            float[] y0 = random(rnd, rows * ldy + 2, 0f, 1f);
            float[] e = y0.clone();
            float[] a = y0.clone();
            reference.softmaxRows(rows, cols, x, 1, ldx, e, 2, ldy);
            kernels().softmaxRows(rows, cols, x, 1, ldx, a, 2, ldy);
            assertRelative("softmaxRows(" + rows + "x" + cols + ")", e, a, 8e-7 * (1 + Math.sqrt(cols)), 1e-37);
            assertAllFinite("softmaxRows(" + rows + "x" + cols + ")", a);
            float[] xe = x.clone();
            float[] xa = x.clone();
            reference.softmaxRows(rows, cols, xe, 1, ldx, xe, 1, ldx);
            kernels().softmaxRows(rows, cols, xa, 1, ldx, xa, 1, ldx);
            assertRelative("softmaxRows in place(" + rows + "x" + cols + ")", xe, xa, 8e-7 * (1 + Math.sqrt(cols)), 1e-37);
        }
        float[] big = {1e4f, -1e4f, 1e4f, 1e4f, 5f, -1e4f, -1e4f, -1e4f, -1e4f};
        float[] y = new float[big.length];
        kernels().softmaxRows(3, 3, big, 0, 3, y, 0, 3);
        assertAllFinite("softmaxRows(±1e4)", y);
        assertEquals(0.5f, y[0], 1e-6f);
        assertEquals(0f, y[1]);
        assertEquals(1f, y[3], 1e-6f);
        assertEquals(1f / 3, y[7], 1e-6f);
    }

    @Test
    void softmaxRowsBackward_agrees() {
        SplittableRandom rnd = new SplittableRandom(32);
        for (int cols : sizes(rnd, 6)) {
            int rows = 1 + rnd.nextInt(6);
            int ld = cols + rnd.nextInt(3);
            float[] y = random(rnd, rows * ld, 0f, 1f);
            float[] dy = withEdges(rnd, rows * ld + 1, -2f, 2f);
            float[] e = new float[rows * ld + 3];
            float[] a = new float[rows * ld + 3];
            reference.softmaxRowsBackward(rows, cols, y, 0, ld, dy, 1, ld, e, 3, ld);
            kernels().softmaxRowsBackward(rows, cols, y, 0, ld, dy, 1, ld, a, 3, ld);
            checkSoftmaxBackward("softmaxRowsBackward(" + rows + "x" + cols + ")", rows, cols, ld, y, dy, e, a, 3);
            float[] de = dy.clone();
            float[] da = dy.clone();
            reference.softmaxRowsBackward(rows, cols, y, 0, ld, de, 1, ld, de, 1, ld);
            kernels().softmaxRowsBackward(rows, cols, y, 0, ld, da, 1, ld, da, 1, ld);
            checkSoftmaxBackward("softmaxRowsBackward in place(" + rows + "x" + cols + ")", rows, cols, ld, y, dy, de, da, 1);
        }
    }

    private static void checkSoftmaxBackward(String what, int rows, int cols, int ld, float[] y, float[] dy,
                                             float[] e, float[] a, int outOff) {
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += Math.abs((double) dy[1 + i * ld + j] * y[i * ld + j]);
            }
            for (int j = 0; j < cols; j++) {
                int idx = outOff + i * ld + j;
                double tol = 1e-6 * Math.abs(y[i * ld + j]) * (Math.abs(dy[1 + i * ld + j]) + s) + 1e-37;
                if (!(Math.abs((double) e[idx] - a[idx]) <= tol)) {
                    fail(what + ": [" + i + "][" + j + "] expected " + e[idx] + " but was " + a[idx]);
                }
            }
        }
    }

    // ---- losses -------------------------------------------------------------------------------

    @FunctionalInterface
    protected interface Loss {
        float apply(Kernels k, int rows, int cols, float[] p, float[] t, float[] grad, float gradScale);
    }

    /** Compares a loss (sum and gradient) on random and edge shapes; p in [pLo, pHi], t in [tLo, tHi]. */
    protected void checkLoss(String name, Loss f, float pLo, float pHi, boolean oneHot, double gradRel, double gradAbs) {
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        for (int cols : sizes(rnd, 4)) {
            int rows = 1 + rnd.nextInt(5);
            int n = rows * cols;
            float[] p = random(rnd, n, pLo, pHi);
            float[] t = new float[n];
            for (int i = 0; i < rows; i++) {
                if (oneHot) {
                    t[i * cols + rnd.nextInt(cols)] = 1f;
                } else {
                    for (int j = 0; j < cols; j++) {
                        t[i * cols + j] = rnd.nextInt(3) == 0 ? (float) rnd.nextDouble() : rnd.nextInt(2);
                    }
                }
            }
            float gradScale = 1f / rows;
            float[] ge = new float[n];
            float[] ga = new float[n];
            float se = f.apply(reference, rows, cols, p, t, ge, gradScale);
            float sa = f.apply(kernels(), rows, cols, p, t, ga, gradScale);
            double tol = 4e-6 * (1 + Math.sqrt(n)) * Math.abs(se) + 1e-30;
            assertTrue(Math.abs((double) se - sa) <= tol,
                    name + "(" + rows + "x" + cols + "): sum expected " + se + " but was " + sa);
            assertRelative(name + " gradient(" + rows + "x" + cols + ")", ge, ga, gradRel, gradAbs * gradScale);
            float sNoGrad = f.apply(kernels(), rows, cols, p, t, null, gradScale);
            assertTrue(Math.abs((double) se - sNoGrad) <= tol, name + " without gradient: " + se + " vs " + sNoGrad);
        }
    }

    @Test
    void squaredError_agrees() {
        checkLoss("squaredError", (k, r, c, p, t, g, s) -> k.squaredError(r * c, p, 0, t, 0, g, 0, s),
                -2f, 2f, false, 2e-6, 1e-6);
    }

    @Test
    void binaryCrossEntropy_agrees() {
        checkLoss("binaryCrossEntropy", (k, r, c, p, t, g, s) -> k.binaryCrossEntropy(r * c, p, 0, t, 0, g, 0, s),
                1e-3f, 1f - 1e-3f, false, 2e-6, 1e-6);
        float[] p = {0f, 1f, 0f, 1f};
        float[] t = {0f, 1f, 1f, 0f};
        float[] ge = new float[4];
        float[] ga = new float[4];
        float se = reference.binaryCrossEntropy(4, p, 0, t, 0, ge, 0, 1f);
        float sa = kernels().binaryCrossEntropy(4, p, 0, t, 0, ga, 0, 1f);
        assertEquals(se, sa, 1e-3f, "binaryCrossEntropy on saturated probabilities");
        assertRelative("binaryCrossEntropy gradient on saturated probabilities", ge, ga, 2e-6, 0);
    }

    @Test
    void sigmoidBinaryCrossEntropy_agrees() {
        checkLoss("sigmoidBinaryCrossEntropy",
                (k, r, c, p, t, g, s) -> k.sigmoidBinaryCrossEntropy(r * c, p, 0, t, 0, g, 0, s), -20f, 20f, false, 2e-6, 1e-6);
        float[] z = {1e4f, -1e4f, 0f, 88f};
        float[] t = {0f, 1f, 1f, 1f};
        float sa = kernels().sigmoidBinaryCrossEntropy(4, z, 0, t, 0, null, 0, 1f);
        assertTrue(Float.isFinite(sa), "sigmoidBinaryCrossEntropy at ±1e4 is " + sa);
    }

    @Test
    void crossEntropy_agrees() {
        checkLoss("crossEntropy", (k, r, c, p, t, g, s) -> k.crossEntropy(r, c, p, 0, t, 0, g, 0, s),
                1e-4f, 1f, true, 2e-6, 1e-6);
    }

    @Test
    void softmaxCrossEntropy_agrees() {
        checkLoss("softmaxCrossEntropy", (k, r, c, p, t, g, s) -> k.softmaxCrossEntropy(r, c, p, 0, t, 0, g, 0, s),
                -20f, 20f, true, 1e-5, 1e-6);
        checkLoss("softmaxCrossEntropy(soft targets)",
                (k, r, c, p, t, g, s) -> k.softmaxCrossEntropy(r, c, p, 0, t, 0, g, 0, s), -5f, 5f, false, 1e-5, 1e-5);
    }

    // ---- optimizer updates --------------------------------------------------------------------

    @Test
    void sgdUpdate_agrees() {
        SplittableRandom rnd = new SplittableRandom(41);
        for (int n : sizes(rnd, 6)) {
            float[] w = withEdges(rnd, n + 2, -1f, 1f);
            float[] g = withEdges(rnd, n + 1, -1f, 1f);
            float[] we = w.clone();
            float[] wa = w.clone();
            reference.sgdUpdate(n, 0.1f, we, 2, g, 1);
            kernels().sgdUpdate(n, 0.1f, wa, 2, g, 1);
            assertUlps("sgdUpdate(n=" + n + ")", we, wa, 2);
        }
    }

    @Test
    void momentumUpdate_agrees() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int n : sizes(rnd, 6)) {
            float[] w = withEdges(rnd, n + 2, -1f, 1f);
            float[] g = withEdges(rnd, n + 1, -1f, 1f);
            float[] v = random(rnd, n + 3, -1f, 1f);
            float[] we = w.clone();
            float[] wa = w.clone();
            float[] ve = v.clone();
            float[] va = v.clone();
            for (int step = 0; step < 3; step++) {
                reference.momentumUpdate(n, 0.1f, 0.9f, we, 2, g, 1, ve, 3);
                kernels().momentumUpdate(n, 0.1f, 0.9f, wa, 2, g, 1, va, 3);
            }
            assertUlps("momentumUpdate v(n=" + n + ")", ve, va, 2);
            assertUlps("momentumUpdate w(n=" + n + ")", we, wa, 2);
        }
    }

    @Test
    void adamUpdate_agrees() {
        SplittableRandom rnd = new SplittableRandom(43);
        for (int n : sizes(rnd, 6)) {
            float[] w = withEdges(rnd, n + 2, -1f, 1f);
            float[] g = withEdges(rnd, n + 1, -1f, 1f);
            float[] m = new float[n + 3];
            float[] v = new float[n + 1];
            float[] we = w.clone();
            float[] wa = w.clone();
            float[] me = m.clone();
            float[] ma = m.clone();
            float[] ve = v.clone();
            float[] va = v.clone();
            for (int t = 1; t <= 3; t++) {
                float c1 = (float) (1 - Math.pow(0.9, t));
                float c2 = (float) (1 - Math.pow(0.999, t));
                reference.adamUpdate(n, 1e-3f, 0.9f, 0.999f, 1e-8f, c1, c2, we, 2, g, 1, me, 3, ve, 1);
                kernels().adamUpdate(n, 1e-3f, 0.9f, 0.999f, 1e-8f, c1, c2, wa, 2, g, 1, ma, 3, va, 1);
            }
            assertUlps("adamUpdate m(n=" + n + ")", me, ma, 2);
            assertUlps("adamUpdate v(n=" + n + ")", ve, va, 2);
            assertUlps("adamUpdate w(n=" + n + ")", we, wa, 4);
        }
    }

    // ---- element-wise arithmetic (added after 0.1) ---------------------------------------------

    @Test
    void multiply_agrees() {
        SplittableRandom rnd = new SplittableRandom(44);
        for (int n : sizes(rnd, 6)) {
            float[] a = withEdges(rnd, n + 2, -2f, 2f);
            float[] b = withEdges(rnd, n + 1, -2f, 2f);
            float[] e = new float[n + 3];
            float[] g = new float[n + 3];
            reference.multiply(n, a, 2, b, 1, e, 3);
            kernels().multiply(n, a, 2, b, 1, g, 3);
            assertUlps("multiply(n=" + n + ")", e, g, 0);
            float[] inPlace = a.clone();
            kernels().multiply(n, inPlace, 2, b, 1, inPlace, 2);
            assertUlps("multiply in place(n=" + n + ")", Arrays.copyOfRange(e, 3, 3 + n), Arrays.copyOfRange(inPlace, 2, 2 + n), 0);
        }
    }

    @Test
    void axpy_agrees() {
        SplittableRandom rnd = new SplittableRandom(45);
        for (int n : sizes(rnd, 6)) {
            float[] x = withEdges(rnd, n + 2, -2f, 2f);
            float[] y = withEdges(rnd, n + 1, -2f, 2f);
            float[] ye = y.clone();
            float[] ya = y.clone();
            reference.axpy(n, -0.3f, x, 2, ye, 1);
            kernels().axpy(n, -0.3f, x, 2, ya, 1);
            assertUlps("axpy(n=" + n + ")", ye, ya, 2);
        }
    }

    @Test
    void nesterovUpdate_agrees() {
        SplittableRandom rnd = new SplittableRandom(46);
        for (int n : sizes(rnd, 6)) {
            float[] w = withEdges(rnd, n + 2, -1f, 1f);
            float[] g = withEdges(rnd, n + 1, -1f, 1f);
            float[] v = random(rnd, n + 3, -1f, 1f);
            float[] we = w.clone();
            float[] wa = w.clone();
            float[] ve = v.clone();
            float[] va = v.clone();
            for (int step = 0; step < 3; step++) {
                reference.nesterovUpdate(n, 0.1f, 0.9f, we, 2, g, 1, ve, 3);
                kernels().nesterovUpdate(n, 0.1f, 0.9f, wa, 2, g, 1, va, 3);
            }
            assertUlps("nesterovUpdate v(n=" + n + ")", ve, va, 2);
            assertUlps("nesterovUpdate w(n=" + n + ")", we, wa, 4);
        }
    }

    @Test
    void rmspropUpdate_agrees() {
        SplittableRandom rnd = new SplittableRandom(47);
        for (int n : sizes(rnd, 6)) {
            float[] w = withEdges(rnd, n + 2, -1f, 1f);
            float[] g = withEdges(rnd, n + 1, -1f, 1f);
            float[] sq = new float[n + 3];
            float[] we = w.clone();
            float[] wa = w.clone();
            float[] se = sq.clone();
            float[] sa = sq.clone();
            for (int step = 0; step < 3; step++) {
                reference.rmspropUpdate(n, 1e-2f, 0.99f, 1e-8f, we, 2, g, 1, se, 3);
                kernels().rmspropUpdate(n, 1e-2f, 0.99f, 1e-8f, wa, 2, g, 1, sa, 3);
            }
            assertUlps("rmspropUpdate s(n=" + n + ")", se, sa, 2);
            assertUlps("rmspropUpdate w(n=" + n + ")", we, wa, 4);
        }
    }

    /** The mask is a pure function of (seed, index): every implementation must give exactly the reference's. */
    @Test
    void dropoutMask_agreesExactly() {
        SplittableRandom rnd = new SplittableRandom(48);
        for (int n : sizes(rnd, 6)) {
            for (float rate : new float[] {0f, 0.1f, 0.5f, 0.9f}) {
                long seed = rnd.nextLong();
                float[] e = new float[n + 2];
                float[] a = new float[n + 2];
                reference.dropoutMask(n, rate, seed, e, 2);
                kernels().dropoutMask(n, rate, seed, a, 2);
                assertExact("dropoutMask(n=" + n + ", rate=" + rate + ")", e, a);
            }
        }
    }

    @Test
    void batchNormForward_agrees() {
        SplittableRandom rnd = new SplittableRandom(49);
        for (int cols : sizes(rnd, 4)) {
            int rows = 1 + rnd.nextInt(40);
            float[] x = random(rnd, 3 + rows * cols, -3f, 3f);
            float[] gamma = random(rnd, cols, 0.5f, 2f);
            float[] beta = random(rnd, cols, -1f, 1f);
            float[][] e = {new float[cols], new float[cols], new float[cols], new float[1 + rows * cols], new float[2 + rows * cols]};
            float[][] a = {new float[cols], new float[cols], new float[cols], new float[1 + rows * cols], new float[2 + rows * cols]};
            reference.batchNormForward(rows, cols, x, 3, gamma, beta, 1e-5f, e[0], e[1], e[2], e[3], 1, e[4], 2);
            kernels().batchNormForward(rows, cols, x, 3, gamma, beta, 1e-5f, a[0], a[1], a[2], a[3], 1, a[4], 2);
            String what = "batchNormForward(" + rows + "x" + cols + ")";
            assertRelative(what + " mean", e[0], a[0], 1e-5, 1e-6);
            assertRelative(what + " var", e[1], a[1], 1e-5, 1e-6);
            assertRelative(what + " invStd", e[2], a[2], 1e-5, 1e-6);
            assertRelative(what + " xhat", e[3], a[3], 1e-4, 1e-5);
            assertRelative(what + " y", e[4], a[4], 1e-4, 1e-5);
        }
    }

    @Test
    void batchNormInference_agrees() {
        SplittableRandom rnd = new SplittableRandom(50);
        for (int cols : sizes(rnd, 4)) {
            int rows = 1 + rnd.nextInt(20);
            float[] x = random(rnd, 1 + rows * cols, -3f, 3f);
            float[] gamma = random(rnd, cols, 0.5f, 2f);
            float[] beta = random(rnd, cols, -1f, 1f);
            float[] mean = random(rnd, cols, -1f, 1f);
            float[] var = random(rnd, cols, 0.1f, 4f);
            float[] e = new float[rows * cols + 2];
            float[] a = new float[rows * cols + 2];
            reference.batchNormInference(rows, cols, x, 1, gamma, beta, 1e-5f, mean, var, e, 2);
            kernels().batchNormInference(rows, cols, x, 1, gamma, beta, 1e-5f, mean, var, a, 2);
            assertRelative("batchNormInference(" + rows + "x" + cols + ")", e, a, 1e-5, 1e-6);
        }
    }

    @Test
    void batchNormBackward_agrees() {
        SplittableRandom rnd = new SplittableRandom(51);
        for (int cols : sizes(rnd, 4)) {
            int rows = 1 + rnd.nextInt(40);
            float[] dy = random(rnd, 2 + rows * cols, -1f, 1f);
            float[] xhat = random(rnd, 1 + rows * cols, -2f, 2f);
            float[] gamma = random(rnd, cols, 0.5f, 2f);
            float[] invStd = random(rnd, cols, 0.5f, 3f);
            float[][] e = {new float[cols], new float[cols], new float[rows * cols + 3]};
            float[][] a = {new float[cols], new float[cols], new float[rows * cols + 3]};
            reference.batchNormBackward(rows, cols, dy, 2, xhat, 1, gamma, invStd, e[0], e[1], e[2], 3);
            kernels().batchNormBackward(rows, cols, dy, 2, xhat, 1, gamma, invStd, a[0], a[1], a[2], 3);
            String what = "batchNormBackward(" + rows + "x" + cols + ")";
            assertRelative(what + " dGamma", e[0], a[0], 1e-5, 1e-5 * rows);
            assertRelative(what + " dBeta", e[1], a[1], 1e-5, 1e-5 * rows);
            assertRelative(what + " dx", e[2], a[2], 1e-4, 1e-4 * rows);
        }
    }

    @Test
    void movingAverage_agrees() {
        SplittableRandom rnd = new SplittableRandom(52);
        for (int n : sizes(rnd, 6)) {
            float[] x = withEdges(rnd, n + 1, -2f, 2f);
            float[] y = withEdges(rnd, n + 2, -2f, 2f);
            float[] ye = y.clone();
            float[] ya = y.clone();
            reference.movingAverage(n, 0.1f, 1.25f, x, 1, ye, 2);
            kernels().movingAverage(n, 0.1f, 1.25f, x, 1, ya, 2);
            assertUlps("movingAverage(n=" + n + ")", ye, ya, 2);
        }
    }

    @Test
    void countCorrect_agreesExactly() {
        SplittableRandom rnd = new SplittableRandom(53);
        for (int cols : sizes(rnd, 4)) {
            int rows = 1 + rnd.nextInt(50);
            float[] p = random(rnd, 2 + rows * cols, -1f, 1f);
            float[] t = new float[1 + rows * cols];
            for (int i = 0; i < rows; i++) {
                t[1 + i * cols + rnd.nextInt(cols)] = 1f;
                if (i % 7 == 0) {
                    p[2 + i * cols] = p[2 + i * cols + cols - 1];   // ties: the first wins
                }
            }
            for (float threshold : new float[] {0f, 0.5f}) {
                assertEquals(reference.countCorrect(rows, cols, p, 2, t, 1, threshold),
                        kernels().countCorrect(rows, cols, p, 2, t, 1, threshold), "countCorrect(" + rows + "x" + cols + ")");
            }
        }
        // By hand: one column compares p > threshold with t > 0.5; several compare argmaxes.
        assertEquals(2, kernels().countCorrect(3, 1, new float[] {0.7f, 0.2f, 0.6f}, 0, new float[] {1, 0, 0}, 0, 0.5f));
        assertEquals(1, kernels().countCorrect(2, 2, new float[] {0.1f, 0.9f, 0.8f, 0.2f}, 0, new float[] {0, 1, 0, 1}, 0, 0.5f));
    }

    @Test
    void argmaxRows_agreesExactly() {
        SplittableRandom rnd = new SplittableRandom(54);
        for (int cols : sizes(rnd, 4)) {
            int rows = 1 + rnd.nextInt(30);
            float[] x = random(rnd, 1 + rows * cols, -1f, 1f);
            int[] e = new int[rows + 2];
            int[] a = new int[rows + 2];
            reference.argmaxRows(rows, cols, x, 1, e, 2);
            kernels().argmaxRows(rows, cols, x, 1, a, 2);
            assertTrue(Arrays.equals(e, a), "argmaxRows(" + rows + "x" + cols + ")");
        }
        int[] out = new int[1];
        kernels().argmaxRows(1, 3, new float[] {2, 5, 5}, 0, out, 0);
        assertEquals(1, out[0], "the first of equal maxima");
    }

    @Test
    void absoluteError_agrees() {
        SplittableRandom rnd = new SplittableRandom(55);
        for (int n : sizes(rnd, 6)) {
            float[] p = random(rnd, n + 1, -2f, 2f);
            float[] t = random(rnd, n + 2, -2f, 2f);
            float e = reference.absoluteError(n, p, 1, t, 2);
            float a = kernels().absoluteError(n, p, 1, t, 2);
            assertTrue(Math.abs(e - a) <= 4e-6 * (1 + Math.sqrt(n)) * Math.abs(e), "absoluteError(n=" + n + "): " + e + " vs " + a);
        }
    }

    @Test
    void weightedCrossEntropy_agrees() {
        for (float[] w : new float[][] {null, {2f}}) {
            checkLoss("weightedCrossEntropy", (k, r, c, p, t, g, s) -> k.weightedCrossEntropy(r, c, p, 0, t, 0, weights(c, w), g, 0, s),
                    1e-3f, 1f, true, 2e-6, 1e-6);
        }
        // Weights of 1 give crossEntropy's results bit for bit.
        float[] p = {0.2f, 0.8f, 0.6f, 0.4f};
        float[] t = {0, 1, 1, 0};
        float[] g1 = new float[4];
        float[] g2 = new float[4];
        assertEquals(kernels().crossEntropy(2, 2, p, 0, t, 0, g1, 0, 0.5f),
                kernels().weightedCrossEntropy(2, 2, p, 0, t, 0, new float[] {1, 1}, g2, 0, 0.5f));
        assertExact("weightedCrossEntropy with weights 1", g1, g2);
    }

    @Test
    void weightedSoftmaxCrossEntropy_agrees() {
        for (float[] w : new float[][] {null, {2f}}) {
            checkLoss("weightedSoftmaxCrossEntropy",
                    (k, r, c, p, t, g, s) -> k.weightedSoftmaxCrossEntropy(r, c, p, 0, t, 0, weights(c, w), g, 0, s),
                    -20f, 20f, true, 1e-5, 1e-6);
        }
        float[] z = {0.2f, -1.8f, 3f, 0.4f};
        float[] t = {0, 1, 1, 0};
        float[] g1 = new float[4];
        float[] g2 = new float[4];
        assertEquals(kernels().softmaxCrossEntropy(2, 2, z, 0, t, 0, g1, 0, 0.5f),
                kernels().weightedSoftmaxCrossEntropy(2, 2, z, 0, t, 0, new float[] {1, 1}, g2, 0, 0.5f));
        assertExact("weightedSoftmaxCrossEntropy with weights 1", g1, g2);
    }

    @Test
    void weightedTargetSum_agrees() {
        SplittableRandom rnd = new SplittableRandom(56);
        for (int cols : sizes(rnd, 4)) {
            int rows = 1 + rnd.nextInt(40);
            float[] t = random(rnd, 2 + rows * cols, 0f, 1f);
            float[] w = weights(cols, null);
            float e = reference.weightedTargetSum(rows, cols, t, 2, w);
            float a = kernels().weightedTargetSum(rows, cols, t, 2, w);
            assertTrue(Math.abs(e - a) <= 4e-6 * (1 + Math.sqrt(rows * cols)) * Math.abs(e),
                    "weightedTargetSum(" + rows + "x" + cols + "): " + e + " vs " + a);
        }
        assertEquals(3.5f, kernels().weightedTargetSum(2, 2, new float[] {1, 0, 0, 1}, 0, new float[] {0.5f, 3f}));
    }

    @Test
    void sumOfSquares_agrees() {
        SplittableRandom rnd = new SplittableRandom(57);
        for (int n : sizes(rnd, 6)) {
            float[] x = random(rnd, n + 3, -3f, 3f);
            float e = reference.sumOfSquares(n, x, 3 % (n + 3));
            float a = kernels().sumOfSquares(n, x, 3 % (n + 3));
            assertTrue(Math.abs(e - a) <= 4e-6 * (1 + Math.sqrt(n)) * Math.abs(e), "sumOfSquares(n=" + n + "): " + e + " vs " + a);
        }
        assertEquals(30f, kernels().sumOfSquares(4, new float[] {9, 1, -2, 3, 4}, 1));
        assertTrue(Float.isNaN(kernels().sumOfSquares(3, new float[] {1, Float.NaN, 2}, 0)), "NaN propagates");
        assertEquals(Float.POSITIVE_INFINITY, kernels().sumOfSquares(2, new float[] {3e30f, 1}, 0), "overflow is infinite");
        assertEquals(0f, kernels().sumOfSquares(0, new float[0], 0));
    }

    @Test
    void columnCountsAbove_agreesExactlyAndAccumulates() {
        SplittableRandom rnd = new SplittableRandom(58);
        for (int cols : sizes(rnd, 4)) {
            int rows = 1 + rnd.nextInt(40);
            float[] x = withEdges(rnd, 2 + rows * cols, -2f, 2f);
            for (int i = 0; i < x.length; i += 11) {
                x[i] = Float.NaN;
            }
            for (float[] ct : new float[][] {{0f, 0f}, {0.5f, 0.4933f}, {0f, 0.99505f}}) {
                int[] e = new int[cols + 3];
                int[] a = new int[cols + 3];
                Arrays.fill(e, 5);
                Arrays.fill(a, 5);
                reference.columnCountsAbove(rows, cols, x, 2, ct[0], ct[1], e, 1);
                kernels().columnCountsAbove(rows, cols, x, 2, ct[0], ct[1], a, 1);
                assertTrue(Arrays.equals(e, a), "columnCountsAbove(" + rows + "x" + cols + ", center " + ct[0] + ")");
            }
        }
        // By hand: a relu output's active rows per unit, then a second batch adds to them.
        int[] counts = new int[3];
        kernels().columnCountsAbove(2, 3, new float[] {0, 1, 0, 2, 0, -0f}, 0, 0f, 0f, counts, 0);
        assertTrue(Arrays.equals(new int[] {1, 1, 0}, counts), Arrays.toString(counts));
        kernels().columnCountsAbove(1, 3, new float[] {0.5f, 0.9999f, 0.001f}, 0, 0.5f, 0.4933f, counts, 0);
        assertTrue(Arrays.equals(new int[] {1, 2, 1}, counts), Arrays.toString(counts));
    }

    /** Class weights for a loss check: cols values from 0.25 to 4 (or all equal to {@code fixed[0]}). */
    private static float[] weights(int cols, float[] fixed) {
        float[] w = new float[cols];
        for (int j = 0; j < cols; j++) {
            w[j] = fixed != null ? fixed[0] : 0.25f + (j * 7 % 16) / 4f;
        }
        return w;
    }

    // ---- checks -------------------------------------------------------------------------------

    @Test
    void indexOfFirstOutside_findsNaNInfinityAndOutOfRange() {
        SplittableRandom rnd = new SplittableRandom(51);
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 5f, -5f};
        for (int n : sizes(rnd, 6)) {
            float[] x = random(rnd, n + 2, -1f, 1f);
            assertEquals(reference.indexOfFirstOutside(n, x, 2, -Float.MAX_VALUE, Float.MAX_VALUE),
                    kernels().indexOfFirstOutside(n, x, 2, -Float.MAX_VALUE, Float.MAX_VALUE), "clean, n=" + n);
            for (float b : bad) {
                float[] y = x.clone();
                int at = rnd.nextInt(n);
                y[2 + at] = b;
                if (n > 3 && rnd.nextBoolean()) {
                    y[2 + n - 1] = Float.NaN;
                }
                y[0] = Float.NaN;   // before the range: never reported
                assertEquals(reference.indexOfFirstOutside(n, y, 2, -2f, 2f),
                        kernels().indexOfFirstOutside(n, y, 2, -2f, 2f), "value " + b + " at " + at + ", n=" + n);
            }
        }
        assertEquals(-1, kernels().indexOfFirstOutside(0, new float[0], 0, 0f, 1f));
    }

    // ---- the guard ----------------------------------------------------------------------------

    /**
     * Fails when a {@link Kernels} method has no test here: every computing method {@code foo}
     * needs a test method named {@code foo_...}.
     */
    @Test
    void everyKernelMethodHasATest() {
        List<String> untested = new ArrayList<>();
        for (Method km : Kernels.class.getMethods()) {
            if (Modifier.isStatic(km.getModifiers()) || km.getName().equals("name") || km.getName().equals("priority")
                    || km.getName().equals("unavailableReason")) {
                continue;
            }
            boolean found = Arrays.stream(KernelsContract.class.getDeclaredMethods())
                    .anyMatch(t -> t.isAnnotationPresent(Test.class) && t.getName().startsWith(km.getName() + "_"));
            if (!found) {
                untested.add(km.getName());
            }
        }
        assertTrue(untested.isEmpty(), "Kernels methods without a contract test in KernelsContract: " + untested);
    }
}
