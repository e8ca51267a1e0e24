package dev.nnj.simd;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LE;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.MAX;
import static jdk.incubator.vector.VectorOperators.NE;

import dev.nnj.core.spi.Kernels;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels behind {@link SimdKernels}; loaded only once {@code jdk.incubator.vector}
 * is known to be resolved. Every loop runs {@link Lanes#L} lanes at a time and finishes with one
 * masked vector, so the tail is computed by the same operations as the rest.
 *
 * <p>Reproducibility: only operations whose result IEEE 754 fixes are used (no Vector API
 * transcendental operator, see {@link VectorMath}; no {@code reduceLanes(ADD)}, whose order
 * differs between the interpreter and C2). Sums accumulate lane-wise and the lanes are then added
 * in lane order, so a result depends on the vector width but never on the JIT. Where the
 * reference is a fixed sequence of IEEE operations (bias, relu, backward passes, the updates) the
 * same operations run in the same order (no FMA), so those kernels are bit-identical to it.
 */
final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> S = Lanes.S;
    private static final int L = Lanes.L;
    private static final float LOG_CLAMP = -100f;
    private static final float EPSILON = 1e-12f;

    /** One worker pool per thread count, shared by every instance (threads are daemons and live on). */
    private static final ConcurrentHashMap<Integer, Workers> POOLS = new ConcurrentHashMap<>();

    private final int threads;
    private final TileChoice tiles;
    private final Workers workers;
    private final Gemm.Buffers[] buffers;
    private final GemmJob job = new GemmJob();
    private final UpdateJob updates = new UpdateJob();
    /** Guards {@link #buffers} and {@link #job}; a caller that finds it taken uses fresh buffers. */
    private final ReentrantLock bufferLock = new ReentrantLock();

    /**
     * Kernels at the process's vector width ({@link Lanes}), with up to {@code threads} threads.
     *
     * @param bits the width asked for with {@code nnj.simd.bits} (0: the machine's)
     * @param tile the tile asked for with {@code nnj.simd.tile} (null: measured)
     * @throws IllegalArgumentException if the machine has no vectors that wide, or no such tile
     * @throws UnsupportedOperationException if the machine's vectors are narrower than 128 bits
     */
    VectorKernels(int threads, int bits, int[] tile) {
        this(threads, checkedTiles(bits, tile));
    }

    /** For tests: kernels with their own tile choice (e.g. {@code new TileChoice(..., 4)} forces 4 rows). */
    VectorKernels(int threads, TileChoice tiles) {
        if (Lanes.MACHINE_BITS < 128) {
            throw new UnsupportedOperationException("this machine's vectors are " + Lanes.MACHINE_BITS
                    + " bits; the SIMD kernels need at least 128");
        }
        this.threads = threads;
        this.tiles = tiles;
        this.workers = threads > 1 ? POOLS.computeIfAbsent(threads, Workers::new) : null;
        this.buffers = new Gemm.Buffers[threads];
        for (int i = 0; i < threads; i++) {
            buffers[i] = new Gemm.Buffers();
        }
    }

    private static TileChoice checkedTiles(int bits, int[] tile) {
        if (bits > Lanes.MACHINE_BITS) {
            StringBuilder accepted = new StringBuilder();
            for (int w : Settings.WIDTHS) {
                if (w <= Lanes.MACHINE_BITS) {
                    accepted.append(accepted.length() == 0 ? "" : " or ").append(w);
                }
            }
            throw new IllegalArgumentException("-D" + Settings.BITS + "=" + bits + " is wider than this machine's vectors ("
                    + Lanes.MACHINE_BITS + " bits); use " + accepted + ", or leave it unset");
        }
        return TileChoice.process(tile);
    }

    @Override
    public String name() {
        return "simd";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String toString() {
        return "VectorKernels[" + Lanes.describe() + ", " + tiles + "]";
    }

    // ---- gemm -----------------------------------------------------------------------------------

    /** The arguments of the product in flight, read by every part; reused so a call allocates nothing. */
    private final class GemmJob implements Workers.Job {
        boolean tA, tB, betaZero, splitN;
        int m, n, k, parts, mr, aOff, lda, bOff, ldb, cOff, ldc;
        float alpha;
        float[] a, b, c;

        @Override
        public void run(int part) {
            if (splitN) {
                int slivers = (n + Gemm.NR - 1) / Gemm.NR;
                int lo = Math.min(n, slivers * part / parts * Gemm.NR);
                int hi = Math.min(n, slivers * (part + 1) / parts * Gemm.NR);
                if (lo < hi) {
                    Gemm.block(tA, tB, 0, m, lo, hi, k, alpha, a, aOff, lda, b, bOff, ldb, betaZero, c, cOff, ldc, mr, buffers[part]);
                }
            } else {
                int tiles = (m + mr - 1) / mr;
                int lo = Math.min(m, tiles * part / parts * mr);
                int hi = Math.min(m, tiles * (part + 1) / parts * mr);
                if (lo < hi) {
                    Gemm.block(tA, tB, lo, hi, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, betaZero, c, cOff, ldc, mr, buffers[part]);
                }
            }
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (beta != 1f) {
            // β·C first, as the reference does; β = 0 only clears C when nothing will overwrite it.
            if (beta != 0f) {
                for (int i = 0; i < m; i++) {
                    scale(n, beta, c, cOff + i * ldc);
                }
            } else if (k == 0) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                }
            }
        }
        if (k <= 0) {
            return;
        }
        boolean betaZero = beta == 0f;
        long macs = (long) m * n * k;
        if (macs <= Gemm.DIRECT_MAX) {
            Gemm.direct(transA, transB, 0, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, betaZero, c, cOff, ldc);
            return;
        }
        if (n <= Gemm.NR && alpha == 1f) {
            narrow(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, betaZero, c, cOff, ldc);
            return;
        }
        int parts = macs < Gemm.PARALLEL_MIN ? 1 : threads;
        if (tiles.decided() != 0) {
            packed(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, betaZero, c, cOff, ldc, parts, tiles.decided());
            return;
        }
        long shape = TileChoice.shape(m, n, k, transA, transB);
        int mr = tiles.rowsFor(shape, macs);
        long start = System.nanoTime();
        packed(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, betaZero, c, cOff, ldc, parts, mr);
        tiles.record(mr, shape, macs, System.nanoTime() - start);
    }

    private void packed(boolean transA, boolean transB, int m, int n, int k,
                        float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        boolean betaZero, float[] c, int cOff, int ldc, int parts, int mr) {
        if (!bufferLock.tryLock()) {
            // Another thread is multiplying with this instance: run alone on buffers of our own.
            Gemm.block(transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, betaZero, c, cOff, ldc,
                    mr, new Gemm.Buffers());
            return;
        }
        try {
            if (parts > 1 && workers.tryAcquire()) {
                try {
                    GemmJob j = job;
                    j.tA = transA;
                    j.tB = transB;
                    j.m = m;
                    j.n = n;
                    j.k = k;
                    j.alpha = alpha;
                    j.a = a;
                    j.aOff = aOff;
                    j.lda = lda;
                    j.b = b;
                    j.bOff = bOff;
                    j.ldb = ldb;
                    j.betaZero = betaZero;
                    j.c = c;
                    j.cOff = cOff;
                    j.ldc = ldc;
                    j.mr = mr;
                    // Split the longer side of C; never k, so each element sums in the same order.
                    j.splitN = n >= m;
                    int units = j.splitN ? (n + Gemm.NR - 1) / Gemm.NR : (m + mr - 1) / mr;
                    j.parts = Math.min(parts, units);
                    workers.run(j, j.parts);
                    j.a = null;
                    j.b = null;
                    j.c = null;
                } finally {
                    workers.release();
                }
                return;
            }
            Gemm.block(transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, betaZero, c, cOff, ldc, mr, buffers[0]);
        } finally {
            bufferLock.unlock();
        }
    }

    /** The narrow-output path ({@link Gemm#narrow}), on this instance's buffers when they are free. */
    private void narrow(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda, float[] b,
                        int bOff, int ldb, boolean betaZero, float[] c, int cOff, int ldc) {
        if (!bufferLock.tryLock()) {
            Gemm.narrow(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, betaZero, c, cOff, ldc, new Gemm.Buffers());
            return;
        }
        try {
            Gemm.narrow(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, betaZero, c, cOff, ldc, buffers[0]);
        } finally {
            bufferLock.unlock();
        }
    }

    private static void scale(int n, float s, float[] x, int off) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = tail(i, n);
            store(load(x, off + i, m).mul(s), x, off + i, m);
        }
    }

    // ---- reductions -----------------------------------------------------------------------------

    /** The lanes of v added in lane order: the same on every run, unlike {@code reduceLanes(ADD)}. */
    static float sumLanes(FloatVector v) {
        float s = v.lane(0);
        for (int i = 1; i < L; i++) {
            s += v.lane(i);
        }
        return s;
    }

    /** The mask for the vector starting at {@code i} of {@code n}: null when the vector is full (no masking needed). */
    private static VectorMask<Float> tail(int i, int n) {
        return i + L <= n ? null : S.indexInRange(i, n);
    }

    /** A vector from {@code a[off ..]}; with a mask, only its lanes are read and the others are 0. */
    private static FloatVector load(float[] a, int off, VectorMask<Float> m) {
        return m == null ? FloatVector.fromArray(S, a, off) : FloatVector.fromArray(S, a, off, m);
    }

    /** Stores v to {@code a[off ..]}; with a mask, only its lanes. */
    private static void store(FloatVector v, float[] a, int off, VectorMask<Float> m) {
        if (m == null) {
            v.intoArray(a, off);
        } else {
            v.intoArray(a, off, m);
        }
    }

    /** acc + v, in the lanes of m only (every lane when m is null). */
    private static FloatVector add(FloatVector acc, FloatVector v, VectorMask<Float> m) {
        return m == null ? acc.add(v) : acc.add(v, m);
    }

    // ---- matrix helpers -------------------------------------------------------------------------

    @Override
    public void addBias(int rows, int cols, float[] x, int xOff, int ldx, float[] bias, int biasOff) {
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * ldx;
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = tail(j, cols);
                store(load(x, xi + j, m).add(load(bias, biasOff + j, m)), x, xi + j, m);
            }
        }
    }

    @Override
    public void columnSums(int rows, int cols, float[] x, int xOff, int ldx, float beta, float[] out, int outOff) {
        // Rows are added in order for every column, exactly as the reference does.
        int j = 0;
        for (; j + 4 * L <= cols; j += 4 * L) {
            int o = outOff + j;
            FloatVector s0, s1, s2, s3;
            if (beta == 0f) {
                s0 = FloatVector.zero(S);
                s1 = s0;
                s2 = s0;
                s3 = s0;
            } else {
                s0 = FloatVector.fromArray(S, out, o).mul(beta);
                s1 = FloatVector.fromArray(S, out, o + L).mul(beta);
                s2 = FloatVector.fromArray(S, out, o + 2 * L).mul(beta);
                s3 = FloatVector.fromArray(S, out, o + 3 * L).mul(beta);
            }
            for (int r = 0; r < rows; r++) {
                int xi = xOff + r * ldx + j;
                s0 = s0.add(FloatVector.fromArray(S, x, xi));
                s1 = s1.add(FloatVector.fromArray(S, x, xi + L));
                s2 = s2.add(FloatVector.fromArray(S, x, xi + 2 * L));
                s3 = s3.add(FloatVector.fromArray(S, x, xi + 3 * L));
            }
            s0.intoArray(out, o);
            s1.intoArray(out, o + L);
            s2.intoArray(out, o + 2 * L);
            s3.intoArray(out, o + 3 * L);
        }
        for (; j < cols; j += L) {
            VectorMask<Float> m = tail(j, cols);
            int o = outOff + j;
            FloatVector s = beta == 0f ? FloatVector.zero(S) : load(out, o, m).mul(beta);
            for (int r = 0; r < rows; r++) {
                s = s.add(load(x, xOff + r * ldx + j, m));
            }
            store(s, out, o, m);
        }
    }

    @Override
    public void scaleColumns(int rows, int cols, float[] x, int xOff, int ldx, float[] scale, int scaleOff,
                             float[] shift, int shiftOff, float[] y, int yOff, int ldy) {
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * ldx;
            int yi = yOff + r * ldy;
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = tail(j, cols);
                FloatVector v = load(x, xi + j, m).mul(load(scale, scaleOff + j, m));
                if (shift != null) {
                    v = v.add(load(shift, shiftOff + j, m));
                }
                store(v, y, yi + j, m);
            }
        }
    }

    @Override
    public void gatherRows(int[] index, int from, int to, int cols, float[] src, float[] dst, int dstOff) {
        for (int r = from; r < to; r++) {
            System.arraycopy(src, index[r] * cols, dst, dstOff + (r - from) * cols, cols);
        }
    }

    // ---- activations ----------------------------------------------------------------------------

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = tail(i, n);
            store(VectorMath.sigmoid(load(x, xOff + i, m)), y, yOff + i, m);
        }
    }

    @Override
    public void sigmoidBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = tail(i, n);
            FloatVector s = load(y, yOff + i, m);
            store(load(dy, dyOff + i, m).mul(s).mul(s.neg().add(1f)), dx, dxOff + i, m);
        }
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = tail(i, n);
            store(VectorMath.tanh(load(x, xOff + i, m)), y, yOff + i, m);
        }
    }

    @Override
    public void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = tail(i, n);
            FloatVector t = load(y, yOff + i, m);
            store(load(dy, dyOff + i, m).mul(t.mul(t).neg().add(1f)), dx, dxOff + i, m);
        }
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = tail(i, n);
            FloatVector v = load(x, xOff + i, m);
            store(zero.blend(v, v.compare(GT, 0f)), y, yOff + i, m);
        }
    }

    @Override
    public void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = tail(i, n);
            VectorMask<Float> pos = load(x, xOff + i, m).compare(GT, 0f);
            store(zero.blend(load(dy, dyOff + i, m), pos), dx, dxOff + i, m);
        }
    }

    @Override
    public void leakyRelu(int n, float slope, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = tail(i, n);
            FloatVector v = load(x, xOff + i, m);
            store(v.mul(slope).blend(v, v.compare(GT, 0f)), y, yOff + i, m);
        }
    }

    @Override
    public void leakyReluBackward(int n, float slope, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = tail(i, n);
            VectorMask<Float> pos = load(x, xOff + i, m).compare(GT, 0f);
            FloatVector d = load(dy, dyOff + i, m);
            store(d.mul(slope).blend(d, pos), dx, dxOff + i, m);
        }
    }

    /** The largest of {@code cols} values; max is exact, so the order of the comparisons does not matter. */
    private static float rowMax(int cols, float[] x, int xi) {
        FloatVector mx = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < cols; j += L) {
            VectorMask<Float> m = tail(j, cols);
            mx = m == null ? mx.max(load(x, xi + j, m)) : mx.blend(mx.max(load(x, xi + j, m)), m);
        }
        return mx.reduceLanes(MAX);
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * ldx;
            int yi = yOff + r * ldy;
            float max = rowMax(cols, x, xi);
            FloatVector sums = FloatVector.zero(S);
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = tail(j, cols);
                FloatVector e = VectorMath.exp(load(x, xi + j, m).sub(max));
                sums = add(sums, e, m);
                store(e, y, yi + j, m);
            }
            float inv = 1f / sumLanes(sums);
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = tail(j, cols);
                store(load(y, yi + j, m).mul(inv), y, yi + j, m);
            }
        }
    }

    @Override
    public void softmaxRowsBackward(int rows, int cols, float[] y, int yOff, int ldy,
                                    float[] dy, int dyOff, int lddy, float[] dx, int dxOff, int lddx) {
        for (int r = 0; r < rows; r++) {
            int yi = yOff + r * ldy;
            int di = dyOff + r * lddy;
            int xi = dxOff + r * lddx;
            FloatVector acc = FloatVector.zero(S);
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = tail(j, cols);
                acc = load(dy, di + j, m).fma(load(y, yi + j, m), acc);
            }
            float d = sumLanes(acc);
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = tail(j, cols);
                store(load(y, yi + j, m).mul(load(dy, di + j, m).sub(d)), dx, xi + j, m);
            }
        }
    }

    // ---- losses ---------------------------------------------------------------------------------

    @Override
    public float squaredError(int n, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        float g2 = gradScale * 2f;
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = tail(i, n);
            FloatVector d = load(p, pOff + i, m).sub(load(t, tOff + i, m));
            acc = d.fma(d, acc);
            if (grad != null) {
                store(d.mul(g2), grad, gradOff + i, m);
            }
        }
        return sumLanes(acc);
    }

    @Override
    public float binaryCrossEntropy(int n, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = tail(i, n);
            FloatVector pi = load(p, pOff + i, m);
            FloatVector ti = load(t, tOff + i, m);
            FloatVector oneMinusP = pi.neg().add(1f);
            FloatVector logP = VectorMath.log(pi).max(LOG_CLAMP);
            FloatVector log1mP = VectorMath.log(oneMinusP).max(LOG_CLAMP);
            acc = add(acc, ti.mul(logP).add(ti.neg().add(1f).mul(log1mP)).neg(), m);
            if (grad != null) {
                store(pi.sub(ti).mul(gradScale).div(pi.mul(oneMinusP).max(EPSILON)), grad, gradOff + i, m);
            }
        }
        return sumLanes(acc);
    }

    @Override
    public float sigmoidBinaryCrossEntropy(int n, float[] z, int zOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = tail(i, n);
            FloatVector zi = load(z, zOff + i, m);
            FloatVector ti = load(t, tOff + i, m);
            FloatVector softplus = VectorMath.log1p(VectorMath.exp(zi.abs().neg()));
            acc = add(acc, zi.max(0f).sub(zi.mul(ti)).add(softplus), m);
            if (grad != null) {
                store(VectorMath.sigmoid(zi).sub(ti).mul(gradScale), grad, gradOff + i, m);
            }
        }
        return sumLanes(acc);
    }

    @Override
    public float crossEntropy(int rows, int cols, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        int n = rows * cols;
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = tail(i, n);
            FloatVector pi = load(p, pOff + i, m);
            FloatVector ti = load(t, tOff + i, m);
            FloatVector term = ti.mul(VectorMath.log(pi).max(LOG_CLAMP));
            // Only where t ≠ 0, as the reference: 0·log(p) must not turn a bad p into NaN.
            acc = acc.sub(term, m == null ? ti.compare(NE, 0f) : ti.compare(NE, 0f).and(m));
            if (grad != null) {
                store(ti.mul(-gradScale).div(pi.max(EPSILON)), grad, gradOff + i, m);
            }
        }
        return sumLanes(acc);
    }

    @Override
    public float softmaxCrossEntropy(int rows, int cols, float[] z, int zOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        float sum = 0f;
        for (int r = 0; r < rows; r++) {
            int zi = zOff + r * cols;
            int ti = tOff + r * cols;
            float max = rowMax(cols, z, zi);
            FloatVector es = FloatVector.zero(S);
            FloatVector ts = FloatVector.zero(S);
            FloatVector tz = FloatVector.zero(S);
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = tail(j, cols);
                FloatVector zv = load(z, zi + j, m);
                FloatVector tv = load(t, ti + j, m);
                es = add(es, VectorMath.exp(zv.sub(max)), m);
                ts = ts.add(tv);
                tz = tv.fma(zv, tz);
            }
            float targetSum = sumLanes(ts);
            // One logarithm a row: StrictMath, whose result is fixed on every JVM.
            float logSumExp = max + (float) StrictMath.log(sumLanes(es));
            sum += targetSum * logSumExp - sumLanes(tz);
            if (grad != null) {
                int gi = gradOff + r * cols;
                for (int j = 0; j < cols; j += L) {
                    VectorMask<Float> m = tail(j, cols);
                    FloatVector softmax = VectorMath.exp(load(z, zi + j, m).sub(logSumExp));
                    store(softmax.mul(targetSum).sub(load(t, ti + j, m)).mul(gradScale), grad, gi + j, m);
                }
            }
        }
        return sum;
    }

    // ---- optimizer updates ----------------------------------------------------------------------

    /** Updates at least this long are split across the threads, in runs of whole vectors. */
    static final int SPLIT_MIN = 1 << 14;

    private static final int SGD = 0;
    private static final int MOMENTUM = 1;
    private static final int ADAM = 2;

    /** The arguments of the update in flight, read by every part; reused so a call allocates nothing. */
    private final class UpdateJob implements Workers.Job {
        int kind, n, parts, wOff, gOff, mOff, vOff;
        float lr, momentum, beta1, beta2, eps, c1, c2;
        float[] w, g, m, v;

        @Override
        public void run(int part) {
            int from = split(n, part, parts);
            int to = split(n, part + 1, parts);
            switch (kind) {
                case SGD -> sgd(from, to, lr, w, wOff, g, gOff);
                case MOMENTUM -> momentum(from, to, lr, momentum, w, wOff, g, gOff, v, vOff);
                default -> adam(from, to, lr, beta1, beta2, eps, c1, c2, w, wOff, g, gOff, m, mOff, v, vOff);
            }
        }
    }

    /** Where part {@code part} of {@code parts} starts: a whole number of vectors in, the last part ending at n. */
    static int split(int n, int part, int parts) {
        return part == parts ? n : (int) ((long) n * part / parts) / L * L;
    }

    /**
     * Takes the workers for an update of n elements when it is worth splitting and they are free;
     * pair with {@link #runSplit}. The job's fields are set only while holding them, so callers on
     * other threads never see each other's arguments.
     */
    private boolean acquire(int n) {
        return workers != null && n >= SPLIT_MIN && workers.tryAcquire();
    }

    /** Runs the job on every thread, then releases the workers. */
    private void runSplit(UpdateJob j, int n) {
        try {
            j.n = n;
            j.parts = threads;
            workers.run(j, threads);
        } finally {
            j.w = null;
            j.g = null;
            j.m = null;
            j.v = null;
            workers.release();
        }
    }

    @Override
    public void sgdUpdate(int n, float lr, float[] w, int wOff, float[] g, int gOff) {
        if (acquire(n)) {
            UpdateJob j = updates;
            j.kind = SGD;
            j.lr = lr;
            j.w = w;
            j.wOff = wOff;
            j.g = g;
            j.gOff = gOff;
            runSplit(j, n);
            return;
        }
        sgd(0, n, lr, w, wOff, g, gOff);
    }

    private static void sgd(int from, int to, float lr, float[] w, int wOff, float[] g, int gOff) {
        for (int i = from; i < to; i += L) {
            VectorMask<Float> m = tail(i, to);
            store(load(w, wOff + i, m).sub(load(g, gOff + i, m).mul(lr)), w, wOff + i, m);
        }
    }

    @Override
    public void momentumUpdate(int n, float lr, float momentum, float[] w, int wOff, float[] g, int gOff, float[] v, int vOff) {
        if (acquire(n)) {
            UpdateJob j = updates;
            j.kind = MOMENTUM;
            j.lr = lr;
            j.momentum = momentum;
            j.w = w;
            j.wOff = wOff;
            j.g = g;
            j.gOff = gOff;
            j.v = v;
            j.vOff = vOff;
            runSplit(j, n);
            return;
        }
        momentum(0, n, lr, momentum, w, wOff, g, gOff, v, vOff);
    }

    private static void momentum(int from, int to, float lr, float momentum, float[] w, int wOff, float[] g, int gOff,
                                 float[] v, int vOff) {
        for (int i = from; i < to; i += L) {
            VectorMask<Float> m = tail(i, to);
            FloatVector vi = load(v, vOff + i, m).mul(momentum).add(load(g, gOff + i, m));
            store(vi, v, vOff + i, m);
            store(load(w, wOff + i, m).sub(vi.mul(lr)), w, wOff + i, m);
        }
    }

    @Override
    public void adamUpdate(int n, float lr, float beta1, float beta2, float eps, float c1, float c2,
                           float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff) {
        if (acquire(n)) {
            UpdateJob j = updates;
            j.kind = ADAM;
            j.lr = lr;
            j.beta1 = beta1;
            j.beta2 = beta2;
            j.eps = eps;
            j.c1 = c1;
            j.c2 = c2;
            j.w = w;
            j.wOff = wOff;
            j.g = g;
            j.gOff = gOff;
            j.m = m;
            j.mOff = mOff;
            j.v = v;
            j.vOff = vOff;
            runSplit(j, n);
            return;
        }
        adam(0, n, lr, beta1, beta2, eps, c1, c2, w, wOff, g, gOff, m, mOff, v, vOff);
    }

    /**
     * m and v as the reference computes them (bit-identical); the step with one division instead
     * of three, {@code (lr/c1)·m / (sqrt(v·(1/c2)) + eps)}, because divisions, not memory, bounded
     * the reference's form (three divisions and a square root per element: 42 cycles per 16
     * floats on AVX-512). The weights differ from the reference's by a few ulp at most (the
     * contract allows 4).
     */
    private static void adam(int from, int to, float lr, float beta1, float beta2, float eps, float c1, float c2,
                             float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff) {
        float oneMinusB1 = 1f - beta1;
        float oneMinusB2 = 1f - beta2;
        float stepScale = lr / c1;
        float vScale = 1f / c2;
        for (int i = from; i < to; i += L) {
            VectorMask<Float> k = tail(i, to);
            FloatVector gi = load(g, gOff + i, k);
            FloatVector mi = load(m, mOff + i, k).mul(beta1).add(gi.mul(oneMinusB1));
            FloatVector vi = load(v, vOff + i, k).mul(beta2).add(gi.mul(oneMinusB2).mul(gi));
            store(mi, m, mOff + i, k);
            store(vi, v, vOff + i, k);
            FloatVector step = mi.mul(stepScale).div(vi.mul(vScale).sqrt().add(eps));
            store(load(w, wOff + i, k).sub(step), w, wOff + i, k);
        }
    }

    // ---- checks ---------------------------------------------------------------------------------

    @Override
    public int indexOfFirstOutside(int n, float[] x, int off, float lo, float hi) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = tail(i, n);
            FloatVector v = load(x, off + i, m);
            VectorMask<Float> outside = v.compare(GE, lo).and(v.compare(LE, hi)).not();
            outside = m == null ? outside : outside.and(m);
            if (outside.anyTrue()) {
                return i + outside.firstTrue();
            }
        }
        return -1;
    }
}
