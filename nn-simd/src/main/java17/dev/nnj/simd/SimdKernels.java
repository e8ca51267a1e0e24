package dev.nnj.simd;

import dev.nnj.core.spi.Kernels;
import dev.nnj.core.spi.ScalarKernels;
import java.util.Optional;

/**
 * The Java 17 face of nn-simd: what a JVM older than 25 loads from the multi-release jar.
 *
 * <p>The Vector API kernels are compiled for Java 25 and live in {@code META-INF/versions/25}; a
 * JVM from 17 to 24 never sees them and loads this class instead. It is still the service provider
 * the module declares, so nn-simd on such a JVM (class path or module path) neither fails to start
 * nor breaks {@code ServiceLoader}: it reports itself unavailable, naming what to change, and nnj
 * runs on the scalar reference.
 *
 * <p>The public API is the same as the Java 25 class's, member for member, so code compiled
 * against either runs with both; the JDK's {@code jar} tool checks that when it builds the jar and
 * fails the build when they drift apart. Change both together.
 */
public final class SimdKernels implements Kernels {

    /** The system property that sets the default thread count ({@code -Dnnj.threads=2}). */
    public static final String THREADS_PROPERTY = "nnj.threads";

    /** The system property that forces a narrower vector width on JDK 25 ({@code -Dnnj.simd.bits=256}); ignored here. */
    public static final String BITS_PROPERTY = "nnj.simd.bits";

    /** The system property that fixes the register tile on JDK 25 ({@code -Dnnj.simd.tile=14x32}); ignored here. */
    public static final String TILE_PROPERTY = "nnj.simd.tile";

    private static final Kernels SCALAR = new ScalarKernels();

    private final int threads;

    /** Kernels for this JVM: the scalar reference, on one thread. */
    public SimdKernels() {
        this(1);
    }

    /**
     * Kernels for this JVM: the scalar reference; {@code threads} is kept for {@link #threads()}.
     *
     * @param threads at least 1
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public SimdKernels(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("SimdKernels: threads must be at least 1, got " + threads);
        }
        this.threads = threads;
    }

    /** The thread count given to the constructor (the scalar reference itself runs on the caller's thread). */
    public int threads() {
        return threads;
    }

    /** {@code "simd"}. */
    @Override
    public String name() {
        return "simd";
    }

    /** 100: above the scalar reference (0). */
    @Override
    public int priority() {
        return 100;
    }

    /** Always present on this JVM: the Vector API kernels need Java 25 or later. */
    @Override
    public Optional<String> unavailableReason() {
        return Optional.of("nn-simd needs Java 25 or later and this JVM is Java " + Runtime.version().feature()
                + "; run on JDK 25+ with --add-modules jdk.incubator.vector to enable SIMD");
    }

    @Override
    public String toString() {
        return "SimdKernels[unavailable: " + unavailableReason().orElseThrow() + "]";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        SCALAR.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void addBias(int rows, int cols, float[] x, int xOff, int ldx, float[] bias, int biasOff) {
        SCALAR.addBias(rows, cols, x, xOff, ldx, bias, biasOff);
    }

    @Override
    public void columnSums(int rows, int cols, float[] x, int xOff, int ldx, float beta, float[] out, int outOff) {
        SCALAR.columnSums(rows, cols, x, xOff, ldx, beta, out, outOff);
    }

    @Override
    public void scaleColumns(int rows, int cols, float[] x, int xOff, int ldx, float[] scale, int scaleOff, float[] shift, int shiftOff, float[] y, int yOff, int ldy) {
        SCALAR.scaleColumns(rows, cols, x, xOff, ldx, scale, scaleOff, shift, shiftOff, y, yOff, ldy);
    }

    @Override
    public void gatherRows(int[] index, int from, int to, int cols, float[] src, float[] dst, int dstOff) {
        SCALAR.gatherRows(index, from, to, cols, src, dst, dstOff);
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        SCALAR.sigmoid(n, x, xOff, y, yOff);
    }

    @Override
    public void sigmoidBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        SCALAR.sigmoidBackward(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        SCALAR.tanh(n, x, xOff, y, yOff);
    }

    @Override
    public void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        SCALAR.tanhBackward(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        SCALAR.relu(n, x, xOff, y, yOff);
    }

    @Override
    public void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        SCALAR.reluBackward(n, x, xOff, dy, dyOff, dx, dxOff);
    }

    @Override
    public void leakyRelu(int n, float slope, float[] x, int xOff, float[] y, int yOff) {
        SCALAR.leakyRelu(n, slope, x, xOff, y, yOff);
    }

    @Override
    public void leakyReluBackward(int n, float slope, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        SCALAR.leakyReluBackward(n, slope, x, xOff, dy, dyOff, dx, dxOff);
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        SCALAR.softmaxRows(rows, cols, x, xOff, ldx, y, yOff, ldy);
    }

    @Override
    public void softmaxRowsBackward(int rows, int cols, float[] y, int yOff, int ldy, float[] dy, int dyOff, int lddy, float[] dx, int dxOff, int lddx) {
        SCALAR.softmaxRowsBackward(rows, cols, y, yOff, ldy, dy, dyOff, lddy, dx, dxOff, lddx);
    }

    @Override
    public float squaredError(int n, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        return SCALAR.squaredError(n, p, pOff, t, tOff, grad, gradOff, gradScale);
    }

    @Override
    public float binaryCrossEntropy(int n, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        return SCALAR.binaryCrossEntropy(n, p, pOff, t, tOff, grad, gradOff, gradScale);
    }

    @Override
    public float sigmoidBinaryCrossEntropy(int n, float[] z, int zOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        return SCALAR.sigmoidBinaryCrossEntropy(n, z, zOff, t, tOff, grad, gradOff, gradScale);
    }

    @Override
    public float crossEntropy(int rows, int cols, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        return SCALAR.crossEntropy(rows, cols, p, pOff, t, tOff, grad, gradOff, gradScale);
    }

    @Override
    public float softmaxCrossEntropy(int rows, int cols, float[] z, int zOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        return SCALAR.softmaxCrossEntropy(rows, cols, z, zOff, t, tOff, grad, gradOff, gradScale);
    }

    @Override
    public float weightedCrossEntropy(int rows, int cols, float[] p, int pOff, float[] t, int tOff, float[] weights,
                                      float[] grad, int gradOff, float gradScale) {
        return SCALAR.weightedCrossEntropy(rows, cols, p, pOff, t, tOff, weights, grad, gradOff, gradScale);
    }

    @Override
    public float weightedSoftmaxCrossEntropy(int rows, int cols, float[] z, int zOff, float[] t, int tOff, float[] weights,
                                             float[] grad, int gradOff, float gradScale) {
        return SCALAR.weightedSoftmaxCrossEntropy(rows, cols, z, zOff, t, tOff, weights, grad, gradOff, gradScale);
    }

    @Override
    public void sgdUpdate(int n, float lr, float[] w, int wOff, float[] g, int gOff) {
        SCALAR.sgdUpdate(n, lr, w, wOff, g, gOff);
    }

    @Override
    public void momentumUpdate(int n, float lr, float momentum, float[] w, int wOff, float[] g, int gOff, float[] v, int vOff) {
        SCALAR.momentumUpdate(n, lr, momentum, w, wOff, g, gOff, v, vOff);
    }

    @Override
    public void nesterovUpdate(int n, float lr, float momentum, float[] w, int wOff, float[] g, int gOff, float[] v, int vOff) {
        SCALAR.nesterovUpdate(n, lr, momentum, w, wOff, g, gOff, v, vOff);
    }

    @Override
    public void rmspropUpdate(int n, float lr, float alpha, float eps, float[] w, int wOff, float[] g, int gOff,
                              float[] s, int sOff) {
        SCALAR.rmspropUpdate(n, lr, alpha, eps, w, wOff, g, gOff, s, sOff);
    }

    @Override
    public void adamUpdate(int n, float lr, float beta1, float beta2, float eps, float c1, float c2, float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff) {
        SCALAR.adamUpdate(n, lr, beta1, beta2, eps, c1, c2, w, wOff, g, gOff, m, mOff, v, vOff);
    }

    @Override
    public int indexOfFirstOutside(int n, float[] x, int off, float lo, float hi) {
        return SCALAR.indexOfFirstOutside(n, x, off, lo, hi);
    }
}
