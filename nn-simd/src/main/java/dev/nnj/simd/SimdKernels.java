package dev.nnj.simd;

import dev.nnj.core.spi.Kernels;
import dev.nnj.core.spi.ScalarKernels;
import java.util.Optional;

/**
 * nnj's fast kernels: the whole {@link Kernels} SPI written with the Vector API
 * ({@code jdk.incubator.vector}) at the machine's full vector width, with FMA.
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
 * <p><b>System properties</b>, read when an instance is made; a bad value is an
 * {@link IllegalArgumentException} that names the property, the value and what is accepted:
 * <ul>
 *   <li>{@code nnj.threads} ({@link #THREADS_PROPERTY}): threads for one matrix product, a
 *       positive integer; default every available processor.</li>
 *   <li>{@code nnj.simd.bits} ({@link #BITS_PROPERTY}): the vector width, {@code 512},
 *       {@code 256} or {@code 128}, at most the machine's; default the machine's preferred
 *       width (512 with AVX-512, 256 with AVX2, 128 with NEON). A narrower width keeps that path
 *       tested and measured on a wider machine ({@code -Dnnj.simd.bits=256} runs the AVX2-width
 *       kernels with AVX-512's 32 registers; add {@code -XX:UseAVX=2} to get AVX2's 16 as well).
 *       The width is fixed per process: the first instance's setting holds.</li>
 *   <li>{@code nnj.simd.tile} ({@link #TILE_PROPERTY}): the register tile of the matrix
 *       product, {@code ROWSxCOLUMNS}, the columns two vectors: {@code 14x32}, {@code 12x32},
 *       {@code 8x32}, {@code 5x32} or {@code 4x32} at 512 bits with 32 registers, {@code 5x16} or
 *       {@code 4x16} at 256 bits with 16; default: the first large products of the run time two
 *       candidates and keep the faster.</li>
 * </ul>
 *
 * <p><b>Matrix products</b> use a packed, cache-blocked GEMM with a register-blocked micro-kernel
 * two vectors wide, a path without packing for tiny products and one that packs only B for
 * outputs at most two vectors wide, and up to {@link #threads()} threads for large ones. Every
 * element of C is one chain of fused multiply-adds in k order whatever the path, tile, width or
 * thread split, so products are bit-identical across all of them. Worker threads are daemons.
 *
 * <p><b>Reproducible</b>: exp, log, tanh and sigmoid are computed from IEEE-exact operations
 * (range reduction and minimax polynomials, at most 2 ulp from {@code StrictMath}; see
 * {@code VectorMath}) instead of the Vector API's transcendental operators, whose last bit
 * depends on whether the JIT has compiled the code yet, and sums add their lanes in a fixed
 * order. The same inputs, width and thread count give the same bits on every run, interpreted or
 * compiled.
 *
 * <p><b>Agreement with {@link ScalarKernels}</b> (tested by the nn-core kernel contract at every
 * width the machine has):
 * <ul>
 *   <li>bit-identical: bias add, column sums, relu and leaky relu forward and backward,
 *       {@code sigmoidBackward}, {@code tanhBackward}, {@code scaleColumns}, gather, the SGD and
 *       momentum updates, Adam's m and v, {@code indexOfFirstOutside} (the same IEEE operations in
 *       the same order) — except that where a gradient is exactly 0, a velocity or moment that
 *       decays into the subnormal range is stored as 0: subnormal operands cost a microcode assist
 *       per instruction, and made an Adam update 25 times slower;</li>
 *   <li>Adam's weights: the step is computed with one division instead of three (so that the
 *       update runs at memory speed), {@code (lr/c1)·m / (sqrt(v·(1/c2)) + ε)}; a step differs
 *       from the reference's by at most 1 ulp of the weight plus 3 ulp of the step (measured over
 *       5·2<sup>20</sup> random element-steps);</li>
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
    public static final String THREADS_PROPERTY = Settings.THREADS;

    /** The system property that forces a narrower vector width ({@code -Dnnj.simd.bits=256}). */
    public static final String BITS_PROPERTY = Settings.BITS;

    /** The system property that fixes the register tile ({@code -Dnnj.simd.tile=14x32}). */
    public static final String TILE_PROPERTY = Settings.TILE;

    static final String MODULE = "jdk.incubator.vector";

    private final Kernels impl;
    private final String reason;
    private final int threads;

    /**
     * Kernels using {@code -Dnnj.threads} threads for large products, by default every
     * available processor. This is the constructor {@link java.util.ServiceLoader} calls.
     *
     * @throws IllegalArgumentException if {@code nnj.threads}, {@code nnj.simd.bits} or
     *     {@code nnj.simd.tile} is set to a value this machine cannot use
     */
    public SimdKernels() {
        this(Settings.threads(System.getProperty(THREADS_PROPERTY)));
    }

    /**
     * Kernels using up to {@code threads} threads (the caller's and {@code threads − 1} daemon
     * workers) for large matrix products.
     *
     * @param threads at least 1
     * @throws IllegalArgumentException if {@code threads < 1}, or if {@code nnj.simd.bits} or
     *     {@code nnj.simd.tile} is set to a value this machine cannot use
     */
    public SimdKernels(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("SimdKernels: threads must be at least 1, got " + threads);
        }
        // Checked before any Vector API class loads, so a bad value never surfaces as an
        // ExceptionInInitializerError.
        int bits = Settings.bits(System.getProperty(BITS_PROPERTY));
        int[] tile = Settings.tile(System.getProperty(TILE_PROPERTY));
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
                        .getDeclaredConstructor(int.class, int.class, int[].class).newInstance(threads, bits, tile);
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof IllegalArgumentException bad) {
                    // A setting this machine cannot honour is the user's to fix, not a reason to fall back.
                    throw new IllegalArgumentException(bad.getMessage(), bad);
                }
                why = "the Vector API kernels could not start: " + e.getCause();
            } catch (ReflectiveOperationException | LinkageError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                why = "the Vector API kernels could not start: " + cause;
            }
        }
        this.reason = why;
        this.impl = found != null ? found : new ScalarKernels();
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
    public float weightedCrossEntropy(int rows, int cols, float[] p, int pOff, float[] t, int tOff, float[] weights,
                                      float[] grad, int gradOff, float gradScale) {
        return impl.weightedCrossEntropy(rows, cols, p, pOff, t, tOff, weights, grad, gradOff, gradScale);
    }

    @Override
    public float weightedSoftmaxCrossEntropy(int rows, int cols, float[] z, int zOff, float[] t, int tOff, float[] weights,
                                             float[] grad, int gradOff, float gradScale) {
        return impl.weightedSoftmaxCrossEntropy(rows, cols, z, zOff, t, tOff, weights, grad, gradOff, gradScale);
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
    public void nesterovUpdate(int n, float lr, float momentum, float[] w, int wOff, float[] g, int gOff, float[] v, int vOff) {
        impl.nesterovUpdate(n, lr, momentum, w, wOff, g, gOff, v, vOff);
    }

    @Override
    public void rmspropUpdate(int n, float lr, float alpha, float eps, float[] w, int wOff, float[] g, int gOff,
                              float[] s, int sOff) {
        impl.rmspropUpdate(n, lr, alpha, eps, w, wOff, g, gOff, s, sOff);
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
