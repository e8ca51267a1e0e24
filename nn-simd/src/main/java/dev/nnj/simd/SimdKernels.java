package dev.nnj.simd;

import dev.nnj.core.spi.Kernels;
import dev.nnj.core.spi.ScalarKernels;
import java.util.Optional;

/**
 * nnj's fast kernels: the whole {@link Kernels} SPI written with the Vector API
 * ({@code jdk.incubator.vector}), 256-bit vectors (8 floats), FMA.
 *
 * <p>Found by {@link java.util.ServiceLoader} with priority 100, so {@code Kernels.active()}
 * picks it whenever nn-simd is on the class or module path and the JVM was started with
 * {@code --add-modules jdk.incubator.vector}. Without that flag this class still loads (it
 * holds no Vector API type), {@link #unavailableReason()} names the missing flag, nnj prints that
 * in one line on stderr and runs on {@link ScalarKernels}; calling this object directly then
 * also runs the scalar code.
 *
 * <pre>{@code
 * // java --add-modules jdk.incubator.vector -Dnnj.threads=2 ...
 * Kernels k = Kernels.active();                 // SimdKernels when nn-simd is present
 * Kernels oneThread = new SimdKernels(1);       // or pick the thread count yourself
 * oneThread.gemm(false, false, m, n, kDim, 1f, a, 0, kDim, b, 0, n, 0f, c, 0, n);
 * }</pre>
 *
 * <p><b>Matrix products</b> use a packed, cache-blocked GEMM with a register-blocked micro-kernel
 * (5x16 or 4x16 accumulators held in registers; the first large products of the run time both
 * and the faster is kept, or {@code -Dnnj.simd.tile=5x16} fixes it), a path without packing for
 * tiny products, and up to
 * {@link #threads()} threads for large ones. The work is split across threads by rows or columns
 * of C only, never along k, and every element of C is summed in the same order whatever the
 * split, so results are bit-identical run to run and for any thread count. Worker threads are
 * daemons.
 *
 * <p><b>Agreement with {@link ScalarKernels}</b> (tested by the nn-core kernel contract):
 * <ul>
 *   <li>bit-identical: bias add, column sums, relu and leaky relu forward and backward,
 *       {@code sigmoidBackward}, {@code tanhBackward}, {@code scaleColumns}, gather, the SGD, momentum and
 *       Adam updates, {@code indexOfFirstOutside} (the same IEEE operations in the same order);</li>
 *   <li>gemm: fused multiply-adds, so each element differs from the reference by at most
 *       {@code 4·sqrt(k+1)·2^-24·(Σ_p |α·a_ip·b_pj| + |β·c_ij|)};</li>
 *   <li>sigmoid, tanh, softmax: within 8e-7 relative (about 7 ulp; softmax
 *       {@code 8e-7·(1 + sqrt(cols))}), finite for any finite input including ±1e4;</li>
 *   <li>softmax backward and the losses: reductions in a different order, within the bounds
 *       stated in {@code KernelsContract} (sums within {@code 4e-6·(1 + sqrt(n))} relative).</li>
 * </ul>
 */
public final class SimdKernels implements Kernels {

    /** The system property that sets the default thread count ({@code -Dnnj.threads=2}). */
    public static final String THREADS_PROPERTY = "nnj.threads";

    static final String MODULE = "jdk.incubator.vector";

    private final Kernels impl;
    private final String reason;
    private final int threads;

    /**
     * Kernels using {@code -Dnnj.threads} threads for large products, by default every
     * available processor. This is the constructor {@link java.util.ServiceLoader} calls.
     *
     * @throws IllegalArgumentException if {@code nnj.threads} is set but is not a positive integer
     */
    public SimdKernels() {
        this(defaultThreads());
    }

    /**
     * Kernels using up to {@code threads} threads (the caller's and {@code threads − 1} daemon
     * workers) for large matrix products.
     *
     * @param threads at least 1
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public SimdKernels(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("SimdKernels: threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        String why = null;
        Kernels found = null;
        ModuleLayer layer = SimdKernels.class.getModule().getLayer();
        if ((layer == null ? ModuleLayer.boot() : layer).findModule(MODULE).isEmpty()) {
            why = "module " + MODULE + " is not resolved; add --add-modules " + MODULE + " to the java command to enable SIMD";
        } else {
            try {
                // Loaded by name so that no Vector API type is touched before the check above.
                found = (Kernels) Class.forName("dev.nnj.simd.VectorKernels")
                        .getDeclaredConstructor(int.class).newInstance(threads);
            } catch (ReflectiveOperationException | LinkageError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                why = "the Vector API kernels could not start: " + cause;
            }
        }
        this.reason = why;
        this.impl = found != null ? found : new ScalarKernels();
    }

    private static int defaultThreads() {
        String p = System.getProperty(THREADS_PROPERTY);
        if (p == null || p.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int t = Integer.parseInt(p.trim());
            if (t >= 1) {
                return t;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + THREADS_PROPERTY + "=" + p + " is not a positive thread count; use e.g. -D"
                + THREADS_PROPERTY + "=2");
    }

    /** The most threads one matrix product uses. */
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

    /** Empty when the Vector API is usable; otherwise why not and the flag that fixes it. */
    @Override
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public String toString() {
        return "SimdKernels[" + (reason == null ? impl + ", threads=" + threads : "unavailable: " + reason) + "]";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        impl.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void addBias(int rows, int cols, float[] x, int xOff, int ldx, float[] bias, int biasOff) {
        impl.addBias(rows, cols, x, xOff, ldx, bias, biasOff);
    }

    @Override
    public void columnSums(int rows, int cols, float[] x, int xOff, int ldx, float beta, float[] out, int outOff) {
        impl.columnSums(rows, cols, x, xOff, ldx, beta, out, outOff);
    }

    @Override
    public void scaleColumns(int rows, int cols, float[] x, int xOff, int ldx, float[] scale, int scaleOff, float[] shift, int shiftOff, float[] y, int yOff, int ldy) {
        impl.scaleColumns(rows, cols, x, xOff, ldx, scale, scaleOff, shift, shiftOff, y, yOff, ldy);
    }

    @Override
    public void gatherRows(int[] index, int from, int to, int cols, float[] src, float[] dst, int dstOff) {
        impl.gatherRows(index, from, to, cols, src, dst, dstOff);
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        impl.sigmoid(n, x, xOff, y, yOff);
    }

    @Override
    public void sigmoidBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        impl.sigmoidBackward(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        impl.tanh(n, x, xOff, y, yOff);
    }

    @Override
    public void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        impl.tanhBackward(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        impl.relu(n, x, xOff, y, yOff);
    }

    @Override
    public void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        impl.reluBackward(n, x, xOff, dy, dyOff, dx, dxOff);
    }

    @Override
    public void leakyRelu(int n, float slope, float[] x, int xOff, float[] y, int yOff) {
        impl.leakyRelu(n, slope, x, xOff, y, yOff);
    }

    @Override
    public void leakyReluBackward(int n, float slope, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        impl.leakyReluBackward(n, slope, x, xOff, dy, dyOff, dx, dxOff);
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        impl.softmaxRows(rows, cols, x, xOff, ldx, y, yOff, ldy);
    }

    @Override
    public void softmaxRowsBackward(int rows, int cols, float[] y, int yOff, int ldy, float[] dy, int dyOff, int lddy, float[] dx, int dxOff, int lddx) {
        impl.softmaxRowsBackward(rows, cols, y, yOff, ldy, dy, dyOff, lddy, dx, dxOff, lddx);
    }

    @Override
    public float squaredError(int n, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        return impl.squaredError(n, p, pOff, t, tOff, grad, gradOff, gradScale);
    }

    @Override
    public float binaryCrossEntropy(int n, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        return impl.binaryCrossEntropy(n, p, pOff, t, tOff, grad, gradOff, gradScale);
    }

    @Override
    public float sigmoidBinaryCrossEntropy(int n, float[] z, int zOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        return impl.sigmoidBinaryCrossEntropy(n, z, zOff, t, tOff, grad, gradOff, gradScale);
    }

    @Override
    public float crossEntropy(int rows, int cols, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        return impl.crossEntropy(rows, cols, p, pOff, t, tOff, grad, gradOff, gradScale);
    }

    @Override
    public float softmaxCrossEntropy(int rows, int cols, float[] z, int zOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        return impl.softmaxCrossEntropy(rows, cols, z, zOff, t, tOff, grad, gradOff, gradScale);
    }

    @Override
    public void sgdUpdate(int n, float lr, float[] w, int wOff, float[] g, int gOff) {
        impl.sgdUpdate(n, lr, w, wOff, g, gOff);
    }

    @Override
    public void momentumUpdate(int n, float lr, float momentum, float[] w, int wOff, float[] g, int gOff, float[] v, int vOff) {
        impl.momentumUpdate(n, lr, momentum, w, wOff, g, gOff, v, vOff);
    }

    @Override
    public void adamUpdate(int n, float lr, float beta1, float beta2, float eps, float c1, float c2, float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff) {
        impl.adamUpdate(n, lr, beta1, beta2, eps, c1, c2, w, wOff, g, gOff, m, mOff, v, vOff);
    }

    @Override
    public int indexOfFirstOutside(int n, float[] x, int off, float lo, float hi) {
        return impl.indexOfFirstOutside(n, x, off, lo, hi);
    }
}
