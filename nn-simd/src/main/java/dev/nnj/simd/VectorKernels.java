package dev.nnj.simd;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LE;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.MAX;
import static jdk.incubator.vector.VectorOperators.NE;

import dev.nnj.core.spi.Kernels;
import dev.nnj.core.spi.ScalarKernels;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
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
    // The reference's constants, so that both clamp and guard at the same values.
    private static final float LOG_CLAMP = ScalarKernels.LOG_CLAMP;
    private static final float EPSILON = ScalarKernels.EPSILON;

    /** One worker pool per thread count, shared by every instance (threads are daemons and live on). */
    private static final ConcurrentHashMap<Integer, Workers> POOLS = new ConcurrentHashMap<>();

    private final int threads;
    private final TileChoice tiles;
    private final Workers workers;
    private final Gemm.Buffers[] buffers;
    private final GemmJob job = new GemmJob();
    private final UpdateJob updates;
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
        this.updates = new UpdateJob(threads);
        this.tiles = tiles;
        this.workers = threads > 1 ? POOLS.computeIfAbsent(threads, Workers::new) : null;
        // One set a part; a product has at most as many parts as threads.
        this.buffers = new Gemm.Buffers[threads];
        for (int i = 0; i < buffers.length; i++) {
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
                int lo = rowsBefore(m, part, parts);
                int hi = rowsBefore(m, part + 1, parts);
                if (lo < hi) {
                    Gemm.block(tA, tB, lo, hi, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, betaZero, c, cOff, ldc, mr, buffers[part]);
                }
            }
        }
    }

    /**
     * Where part {@code part} of a row split starts: equal shares in multiples of the edge tile's
     * rows. A batch of 64 splits 32 + 32 (two 14-row tiles and a 4-row one each); whole 14-row
     * tiles gave 28 + 36, and twice as many parts as threads 14 + 14 + 14 + 22 with every part
     * streaming all of B from L2 for a single tile: 64x128x784 at 2 threads took 74 us against
     * 58 us for 32 + 32 (1 thread: 105 us).
     */
    static int rowsBefore(int m, int part, int parts) {
        if (part >= parts) {
            return m;
        }
        int r = (int) (((long) m * part / parts + Gemm.EDGE_ROWS / 2) / Gemm.EDGE_ROWS * Gemm.EDGE_ROWS);
        return Math.min(m, r);
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
            Gemm.direct(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, betaZero, c, cOff, ldc);
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
                    // Never split k, so that each element sums in the same order. Split the rows when B
                    // is read in place (each part then packs only its own rows of A and nothing of B) or
                    // when C has more rows than columns; else the columns (each part packs its columns of
                    // B and all of A).
                    j.splitN = n >= m && !Gemm.readsBInPlace(transB, m, ldb);
                    // One part a thread: a thread that starts late loses its part to the caller, who
                    // claims every part not yet started (Workers).
                    int units = j.splitN ? (n + Gemm.NR - 1) / Gemm.NR : (m + Gemm.EDGE_ROWS - 1) / Gemm.EDGE_ROWS;
                    j.parts = Math.min(parts, units);
                    workers.run(j, j.parts);
                } finally {
                    // Also after a failed part: the instance must not keep the caller's arrays alive.
                    job.a = null;
                    job.b = null;
                    job.c = null;
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
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, off + i).mul(s).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] *= s;
        }
    }

    // Two rules keep the compiled kernels free of allocation, both learned from profiles:
    //  - No method of ours takes or returns a vector except VectorMath's functions, and a compiled
    //    method holds at most one of those. A vector passed to a method that C2 does not inline is
    //    boxed, and C2 stops inlining once a compilation holds enough Vector API code (its node
    //    budget): a binary cross-entropy with two vector logarithms, or a helper that loaded and
    //    stored through small methods, allocated up to 1.2 MB per call.
    //  - Every loop has an unmasked main part and a scalar tail. Where the kernel is exact IEEE
    //    arithmetic the tail repeats it; where it computes a transcendental the tail calls
    //    VectorMath's scalar twin, which gives the bits a vector lane would.
    // The losses on a network's outputs (a batch times a few columns) that need two
    // transcendentals per element are plain scalar loops over those twins.

    // ---- reductions -----------------------------------------------------------------------------
    // A sum of lanes is a fixed tree of exact lane swaps and additions, written out where it is
    // used (see the rules above): the same bits on every run, interpreted or compiled, unlike
    // reduceLanes(ADD), whose order C2 chooses. Lane i first meets lane i^8, then i^4, i^2, i^1.

    private static final VectorShuffle<Float> SWAP1 = VectorShuffle.fromOp(S, i -> i ^ 1);
    private static final VectorShuffle<Float> SWAP2 = VectorShuffle.fromOp(S, i -> i ^ 2);
    private static final VectorShuffle<Float> SWAP4 = L > 4 ? VectorShuffle.fromOp(S, i -> i ^ 4) : SWAP1;
    private static final VectorShuffle<Float> SWAP8 = L > 8 ? VectorShuffle.fromOp(S, i -> i ^ 8) : SWAP1;

    /** Σ_j e^(x_j − shift) over {@code n} values; with y non-null it also stores each exponential in y. */
    private static float expSum(float[] x, int xi, int n, float shift, float[] y, int yi) {
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(S, x, xi + j).sub(shift));
            acc = acc.add(e);
            if (y != null) {
                e.intoArray(y, yi + j);
            }
        }
        if (L > 8) {
            acc = acc.add(acc.rearrange(SWAP8));
        }
        if (L > 4) {
            acc = acc.add(acc.rearrange(SWAP4));
        }
        acc = acc.add(acc.rearrange(SWAP2));
        float s = acc.add(acc.rearrange(SWAP1)).lane(0);
        for (; j < n; j++) {
            float e = VectorMath.exp(x[xi + j] - shift);
            s += e;
            if (y != null) {
                y[yi + j] = e;
            }
        }
        return s;
    }

    /** Σ_j x_j over {@code n} values. */
    private static float sum(float[] x, int xi, int n) {
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            acc = acc.add(FloatVector.fromArray(S, x, xi + j));
        }
        if (L > 8) {
            acc = acc.add(acc.rearrange(SWAP8));
        }
        if (L > 4) {
            acc = acc.add(acc.rearrange(SWAP4));
        }
        acc = acc.add(acc.rearrange(SWAP2));
        float s = acc.add(acc.rearrange(SWAP1)).lane(0);
        for (; j < n; j++) {
            s += x[xi + j];
        }
        return s;
    }

    /** Σ_j w_j·t_j: {@link #sum} of the weighted targets, in its order. */
    private static float weightedSum(float[] w, float[] t, int ti, int n) {
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            acc = acc.add(FloatVector.fromArray(S, w, j).mul(FloatVector.fromArray(S, t, ti + j)));
        }
        if (L > 8) {
            acc = acc.add(acc.rearrange(SWAP8));
        }
        if (L > 4) {
            acc = acc.add(acc.rearrange(SWAP4));
        }
        acc = acc.add(acc.rearrange(SWAP2));
        float s = acc.add(acc.rearrange(SWAP1)).lane(0);
        for (; j < n; j++) {
            s += w[j] * t[ti + j];
        }
        return s;
    }

    /** Σ_j (w_j·t_j)·z_j: {@link #dot} of the weighted targets with z, in its order. */
    private static float weightedDot(float[] w, float[] t, int ti, float[] z, int zi, int n) {
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            FloatVector wt = FloatVector.fromArray(S, w, j).mul(FloatVector.fromArray(S, t, ti + j));
            acc = wt.fma(FloatVector.fromArray(S, z, zi + j), acc);
        }
        if (L > 8) {
            acc = acc.add(acc.rearrange(SWAP8));
        }
        if (L > 4) {
            acc = acc.add(acc.rearrange(SWAP4));
        }
        acc = acc.add(acc.rearrange(SWAP2));
        float s = acc.add(acc.rearrange(SWAP1)).lane(0);
        for (; j < n; j++) {
            s = Math.fma(w[j] * t[ti + j], z[zi + j], s);
        }
        return s;
    }

    /** Σ_j a_j·b_j over {@code n} values, each lane a chain of FMAs. */
    private static float dot(float[] a, int ai, float[] b, int bi, int n) {
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            acc = FloatVector.fromArray(S, a, ai + j).fma(FloatVector.fromArray(S, b, bi + j), acc);
        }
        if (L > 8) {
            acc = acc.add(acc.rearrange(SWAP8));
        }
        if (L > 4) {
            acc = acc.add(acc.rearrange(SWAP4));
        }
        acc = acc.add(acc.rearrange(SWAP2));
        float s = acc.add(acc.rearrange(SWAP1)).lane(0);
        for (; j < n; j++) {
            s = Math.fma(a[ai + j], b[bi + j], s);
        }
        return s;
    }

    // ---- matrix helpers -------------------------------------------------------------------------

    @Override
    public void addBias(int rows, int cols, float[] x, int xOff, int ldx, float[] bias, int biasOff) {
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * ldx;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector.fromArray(S, x, xi + j).add(FloatVector.fromArray(S, bias, biasOff + j)).intoArray(x, xi + j);
            }
            for (; j < cols; j++) {
                x[xi + j] += bias[biasOff + j];
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
        for (; j + L <= cols; j += L) {
            int o = outOff + j;
            FloatVector s = beta == 0f ? FloatVector.zero(S) : FloatVector.fromArray(S, out, o).mul(beta);
            for (int r = 0; r < rows; r++) {
                s = s.add(FloatVector.fromArray(S, x, xOff + r * ldx + j));
            }
            s.intoArray(out, o);
        }
        for (; j < cols; j++) {
            float s = beta == 0f ? 0f : beta * out[outOff + j];
            for (int r = 0; r < rows; r++) {
                s += x[xOff + r * ldx + j];
            }
            out[outOff + j] = s;
        }
    }

    @Override
    public void scaleColumns(int rows, int cols, float[] x, int xOff, int ldx, float[] scale, int scaleOff,
                             float[] shift, int shiftOff, float[] y, int yOff, int ldy) {
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * ldx;
            int yi = yOff + r * ldy;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, xi + j).mul(FloatVector.fromArray(S, scale, scaleOff + j));
                if (shift != null) {
                    v = v.add(FloatVector.fromArray(S, shift, shiftOff + j));
                }
                v.intoArray(y, yi + j);
            }
            for (; j < cols; j++) {
                float v = x[xi + j] * scale[scaleOff + j];
                y[yi + j] = shift == null ? v : v + shift[shiftOff + j];
            }
        }
    }

    @Override
    public void gatherRows(int[] index, int from, int to, int cols, float[] src, float[] dst, int dstOff) {
        int rows = to - from;
        if (acquire((long) rows * cols >= GATHER_SPLIT_MIN && rows >= threads)) {
            UpdateJob j = updates;
            j.kind = GATHER;
            j.index = index;
            j.mOff = from;
            j.cols = cols;
            j.w = src;
            j.g = dst;
            j.gOff = dstOff;
            runSplit(j, rows);
            return;
        }
        for (int r = from; r < to; r++) {
            System.arraycopy(src, index[r] * cols, dst, dstOff + (r - from) * cols, cols);
        }
    }

    // ---- activations ----------------------------------------------------------------------------

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            VectorMath.sigmoid(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = VectorMath.sigmoid(x[xOff + i]);
        }
    }

    @Override
    public void sigmoidBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector s = FloatVector.fromArray(S, y, yOff + i);
            FloatVector.fromArray(S, dy, dyOff + i).mul(s).mul(s.neg().add(1f)).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            float s = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * s * (1f - s);
        }
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            VectorMath.tanh(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = VectorMath.tanh(x[xOff + i]);
        }
    }

    @Override
    public void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector t = FloatVector.fromArray(S, y, yOff + i);
            FloatVector.fromArray(S, dy, dyOff + i).mul(t.mul(t).neg().add(1f)).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            float t = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1f - t * t);
        }
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            zero.blend(v, v.compare(GT, 0f)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0f ? v : 0f;
        }
    }

    @Override
    public void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            VectorMask<Float> pos = FloatVector.fromArray(S, x, xOff + i).compare(GT, 0f);
            zero.blend(FloatVector.fromArray(S, dy, dyOff + i), pos).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            dx[dxOff + i] = x[xOff + i] > 0f ? dy[dyOff + i] : 0f;
        }
    }

    @Override
    public void leakyRelu(int n, float slope, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            v.mul(slope).blend(v, v.compare(GT, 0f)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0f ? v : slope * v;
        }
    }

    @Override
    public void leakyReluBackward(int n, float slope, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            VectorMask<Float> pos = FloatVector.fromArray(S, x, xOff + i).compare(GT, 0f);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            d.mul(slope).blend(d, pos).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            float d = dy[dyOff + i];
            dx[dxOff + i] = x[xOff + i] > 0f ? d : slope * d;
        }
    }

    /** The largest of {@code cols} values; max is exact, so the order of the comparisons does not matter. */
    private static float rowMax(int cols, float[] x, int xi) {
        float max = Float.NEGATIVE_INFINITY;
        int j = 0;
        int bound = S.loopBound(cols);
        if (bound > 0) {
            FloatVector mx = FloatVector.fromArray(S, x, xi);
            for (j = L; j < bound; j += L) {
                mx = mx.max(FloatVector.fromArray(S, x, xi + j));
            }
            max = mx.reduceLanes(MAX);
        }
        for (; j < cols; j++) {
            max = Math.max(max, x[xi + j]);
        }
        return max;
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * ldx;
            int yi = yOff + r * ldy;
            scale(cols, 1f / expSum(x, xi, cols, rowMax(cols, x, xi), y, yi), y, yi);
        }
    }

    @Override
    public void softmaxRowsBackward(int rows, int cols, float[] y, int yOff, int ldy,
                                    float[] dy, int dyOff, int lddy, float[] dx, int dxOff, int lddx) {
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int yi = yOff + r * ldy;
            int di = dyOff + r * lddy;
            int xi = dxOff + r * lddx;
            float d = dot(dy, di, y, yi, cols);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector.fromArray(S, y, yi + j).mul(FloatVector.fromArray(S, dy, di + j).sub(d)).intoArray(dx, xi + j);
            }
            for (; j < cols; j++) {
                dx[xi + j] = y[yi + j] * (dy[di + j] - d);
            }
        }
    }

    // ---- losses ---------------------------------------------------------------------------------

    @Override
    public float squaredError(int n, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        float g2 = gradScale * 2f;
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector d = FloatVector.fromArray(S, p, pOff + i).sub(FloatVector.fromArray(S, t, tOff + i));
            acc = d.fma(d, acc);
            if (grad != null) {
                d.mul(g2).intoArray(grad, gradOff + i);
            }
        }
        if (L > 8) {
            acc = acc.add(acc.rearrange(SWAP8));
        }
        if (L > 4) {
            acc = acc.add(acc.rearrange(SWAP4));
        }
        acc = acc.add(acc.rearrange(SWAP2));
        float sum = acc.add(acc.rearrange(SWAP1)).lane(0);
        for (; i < n; i++) {
            float d = p[pOff + i] - t[tOff + i];
            sum = Math.fma(d, d, sum);
            if (grad != null) {
                grad[gradOff + i] = d * g2;
            }
        }
        return sum;
    }

    /** Two logarithms an element: scalar, over VectorMath's twins (see the rules above). */
    @Override
    public float binaryCrossEntropy(int n, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float pi = p[pOff + i];
            float ti = t[tOff + i];
            float logP = Math.max(VectorMath.log(pi), LOG_CLAMP);
            float log1mP = Math.max(VectorMath.log(1f - pi), LOG_CLAMP);
            sum -= ti * logP + (1f - ti) * log1mP;
            if (grad != null) {
                grad[gradOff + i] = gradScale * (pi - ti) / Math.max(pi * (1f - pi), EPSILON);
            }
        }
        return sum;
    }

    /** An exponential, a logarithm and a sigmoid an element: scalar, over VectorMath's twins. */
    @Override
    public float sigmoidBinaryCrossEntropy(int n, float[] z, int zOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float zi = z[zOff + i];
            float ti = t[tOff + i];
            sum += Math.max(zi, 0f) - zi * ti + VectorMath.log1p(VectorMath.exp(-Math.abs(zi)));
            if (grad != null) {
                grad[gradOff + i] = gradScale * (VectorMath.sigmoid(zi) - ti);
            }
        }
        return sum;
    }

    @Override
    public float crossEntropy(int rows, int cols, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        return crossEntropy(rows, cols, p, pOff, t, tOff, null, grad, gradOff, gradScale);
    }

    @Override
    public float weightedCrossEntropy(int rows, int cols, float[] p, int pOff, float[] t, int tOff, float[] weights,
                                      float[] grad, int gradOff, float gradScale) {
        return crossEntropy(rows, cols, p, pOff, t, tOff, weights, grad, gradOff, gradScale);
    }

    /**
     * Cross-entropy on probabilities; {@code weights} null means every class weighs 1. A weight of 1
     * multiplies a target exactly, so weights of 1 give the unweighted bits.
     */
    private static float crossEntropy(int rows, int cols, float[] p, int pOff, float[] t, int tOff, float[] weights,
                                      float[] grad, int gradOff, float gradScale) {
        int n = rows * cols;
        // The weights repeated past the row's end, so that a vector of the flattened targets that runs into
        // the next row finds its weights at one offset (one small array a call, on the weighted path only).
        float[] repeated = weights == null ? null : repeat(weights, cols);
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector pi = FloatVector.fromArray(S, p, pOff + i);
            FloatVector ti = FloatVector.fromArray(S, t, tOff + i);
            if (repeated != null) {
                ti = ti.mul(FloatVector.fromArray(S, repeated, i % cols));
            }
            // Only where t ≠ 0, as the reference: 0·log(p) must not turn a bad p into NaN.
            acc = acc.sub(ti.mul(VectorMath.log(pi).max(LOG_CLAMP)), ti.compare(NE, 0f));
            if (grad != null) {
                ti.mul(-gradScale).div(pi.max(EPSILON)).intoArray(grad, gradOff + i);
            }
        }
        if (L > 8) {
            acc = acc.add(acc.rearrange(SWAP8));
        }
        if (L > 4) {
            acc = acc.add(acc.rearrange(SWAP4));
        }
        acc = acc.add(acc.rearrange(SWAP2));
        float sum = acc.add(acc.rearrange(SWAP1)).lane(0);
        for (; i < n; i++) {
            float ti = weights == null ? t[tOff + i] : weights[i % cols] * t[tOff + i];
            float pi = p[pOff + i];
            if (ti != 0f) {
                sum -= ti * Math.max(VectorMath.log(pi), LOG_CLAMP);
            }
            if (grad != null) {
                grad[gradOff + i] = -gradScale * ti / Math.max(pi, EPSILON);
            }
        }
        return sum;
    }

    @Override
    public float softmaxCrossEntropy(int rows, int cols, float[] z, int zOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        return softmaxCrossEntropy(rows, cols, z, zOff, t, tOff, null, grad, gradOff, gradScale);
    }

    @Override
    public float weightedSoftmaxCrossEntropy(int rows, int cols, float[] z, int zOff, float[] t, int tOff, float[] weights,
                                             float[] grad, int gradOff, float gradScale) {
        return softmaxCrossEntropy(rows, cols, z, zOff, t, tOff, weights, grad, gradOff, gradScale);
    }

    /**
     * Softmax then cross-entropy on the logits; {@code weights} null means every class weighs 1. The
     * weighted sums add w·t where the plain ones add t, in the same order, so weights of 1 give the
     * unweighted bits.
     */
    private static float softmaxCrossEntropy(int rows, int cols, float[] z, int zOff, float[] t, int tOff, float[] weights,
                                             float[] grad, int gradOff, float gradScale) {
        int bound = S.loopBound(cols);
        float sum = 0f;
        for (int r = 0; r < rows; r++) {
            int zi = zOff + r * cols;
            int ti = tOff + r * cols;
            int gi = gradOff + r * cols;
            float max = rowMax(cols, z, zi);
            float targetSum = weights == null ? sum(t, ti, cols) : weightedSum(weights, t, ti, cols);
            float expSum = expSum(z, zi, cols, max, grad, gi);
            float targetDotZ = weights == null ? dot(t, ti, z, zi, cols) : weightedDot(weights, t, ti, z, zi, cols);
            // One logarithm a row: StrictMath, whose result is fixed on every JVM.
            sum += targetSum * (max + (float) StrictMath.log(expSum)) - targetDotZ;
            if (grad != null) {
                // grad holds e^(z − max), so softmax = grad / Σ.
                float scale = targetSum / expSum;
                int j = 0;
                for (; j < bound; j += L) {
                    FloatVector tj = FloatVector.fromArray(S, t, ti + j);
                    if (weights != null) {
                        tj = tj.mul(FloatVector.fromArray(S, weights, j));
                    }
                    FloatVector.fromArray(S, grad, gi + j).mul(scale).sub(tj).mul(gradScale).intoArray(grad, gi + j);
                }
                for (; j < cols; j++) {
                    float tj = weights == null ? t[ti + j] : weights[j] * t[ti + j];
                    grad[gi + j] = (grad[gi + j] * scale - tj) * gradScale;
                }
            }
        }
        return sum;
    }

    /** {@code cols + L} values: the first {@code cols} weights, then again from the start. */
    private static float[] repeat(float[] weights, int cols) {
        float[] out = new float[cols + L];
        for (int j = 0; j < out.length; j++) {
            out[j] = weights[j % cols];
        }
        return out;
    }

    // ---- optimizer updates ----------------------------------------------------------------------

    // Where a gradient is exactly 0 (a dead ReLU unit, an input pixel that is always 0), momentum's
    // velocity and Adam's m and v only decay, by their β each step, and once they would become
    // subnormal they are stored as 0 instead; everywhere else they are the reference's bits.
    // Subnormal operands make the instructions that touch them take a microcode assist: an Adam
    // update of 100,352 weights took 1.6 ms instead of 65 µs with a quarter of its m and v
    // subnormal (this project's Intel Xeon), a state training reaches about 800 steps after a
    // unit dies. The weights do not notice: a subnormal moment moves a weight by less than
    // lr·2^-126/eps.

    /** Updates at least this long are split across the threads, in runs of whole vectors. */
    static final int SPLIT_MIN = 1 << 14;

    /** Checks at least this long (the data of a run) are split across the threads. */
    static final int FIND_SPLIT_MIN = 1 << 20;
    /** Row gathers of at least this many floats (a batch) are split across the threads. */
    static final int GATHER_SPLIT_MIN = 1 << 15;

    private static final int SGD = 0;
    private static final int MOMENTUM = 1;
    private static final int ADAM = 2;
    private static final int FIND = 3;
    private static final int GATHER = 4;
    private static final int NESTEROV = 5;
    private static final int RMSPROP = 6;

    /**
     * The arguments of the element-wise job in flight (an update, a range check, a row gather),
     * read by every part, which takes a contiguous run of whole vectors; reused so that a call
     * allocates nothing.
     */
    private final class UpdateJob implements Workers.Job {
        int kind, n, parts, wOff, gOff, mOff, vOff, cols;
        float lr, momentum, alpha, beta1, beta2, eps, c1, c2, lo, hi;
        float[] w, g, m, v;
        int[] index;
        /** FIND: each part's first index outside the range, or -1 (twice as many parts as threads). */
        final int[] found;

        UpdateJob(int threads) {
            found = new int[2 * threads];
        }

        @Override
        public void run(int part) {
            int from = split(n, part, parts);
            int to = split(n, part + 1, parts);
            switch (kind) {
                case SGD -> sgd(from, to, lr, w, wOff, g, gOff);
                case MOMENTUM -> momentum(from, to, lr, momentum, w, wOff, g, gOff, v, vOff);
                case NESTEROV -> nesterov(from, to, lr, momentum, w, wOff, g, gOff, v, vOff);
                case RMSPROP -> rmsprop(from, to, lr, alpha, eps, w, wOff, g, gOff, v, vOff);
                case ADAM -> adam(from, to, lr, beta1, beta2, eps, c1, c2, w, wOff, g, gOff, m, mOff, v, vOff);
                case FIND -> found[part] = firstOutside(from, to, w, wOff, lo, hi);
                default -> {
                    // GATHER: n counts rows here; w is the source, g the destination.
                    int first = (int) ((long) n * part / parts);
                    int last = (int) ((long) n * (part + 1) / parts);
                    for (int r = first; r < last; r++) {
                        System.arraycopy(w, index[mOff + r] * cols, g, gOff + r * cols, cols);
                    }
                }
            }
        }
    }

    /** Where part {@code part} of {@code parts} starts: a whole number of vectors in, the last part ending at n. */
    static int split(int n, int part, int parts) {
        return part == parts ? n : (int) ((long) n * part / parts) / L * L;
    }

    /**
     * Takes the workers for an element-wise job when it is worth splitting and they are free; pair
     * with {@link #runSplit}. The job's fields are set only while holding them, so callers on
     * other threads never see each other's arguments.
     */
    private boolean acquire(boolean worthSplitting) {
        return workers != null && worthSplitting && workers.tryAcquire();
    }

    /** Runs the job on every thread, then releases the workers. */
    private void runSplit(UpdateJob j, int n) {
        try {
            runParts(j, n);
        } finally {
            release(j);
        }
    }

    /** Runs the job on every thread; the workers stay taken until {@link #release}. */
    private void runParts(UpdateJob j, int n) {
        j.n = n;
        j.parts = 2 * threads;
        workers.run(j, j.parts);
    }

    /** Drops the job's references to the caller's arrays and frees the workers. */
    private void release(UpdateJob j) {
        j.w = null;
        j.g = null;
        j.m = null;
        j.v = null;
        j.index = null;
        workers.release();
    }

    /** Runs an update of w by g on every thread, with at most one state array v (momentum's and Nesterov's velocity, RMSProp's mean square). */
    private void runSplit(int kind, int n, float lr, float momentum, float[] w, int wOff, float[] g, int gOff, float[] v, int vOff) {
        UpdateJob j = updates;
        j.kind = kind;
        j.lr = lr;
        j.momentum = momentum;
        j.w = w;
        j.wOff = wOff;
        j.g = g;
        j.gOff = gOff;
        j.v = v;
        j.vOff = vOff;
        runSplit(j, n);
    }

    @Override
    public void sgdUpdate(int n, float lr, float[] w, int wOff, float[] g, int gOff) {
        if (acquire(n >= SPLIT_MIN)) {
            runSplit(SGD, n, lr, 0f, w, wOff, g, gOff, null, 0);
            return;
        }
        sgd(0, n, lr, w, wOff, g, gOff);
    }

    private static void sgd(int from, int to, float lr, float[] w, int wOff, float[] g, int gOff) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
            FloatVector.fromArray(S, w, wOff + i).sub(FloatVector.fromArray(S, g, gOff + i).mul(lr)).intoArray(w, wOff + i);
        }
        for (; i < to; i++) {
            w[wOff + i] -= lr * g[gOff + i];
        }
    }

    @Override
    public void momentumUpdate(int n, float lr, float momentum, float[] w, int wOff, float[] g, int gOff, float[] v, int vOff) {
        if (acquire(n >= SPLIT_MIN)) {
            runSplit(MOMENTUM, n, lr, momentum, w, wOff, g, gOff, v, vOff);
            return;
        }
        momentum(0, n, lr, momentum, w, wOff, g, gOff, v, vOff);
    }

    private static void momentum(int from, int to, float lr, float momentum, float[] w, int wOff, float[] g, int gOff,
                                 float[] v, int vOff) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
            FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
            FloatVector vi = FloatVector.fromArray(S, v, vOff + i).mul(momentum).add(gi);
            vi = vi.blend(0f, gi.compare(EQ, 0f).and(vi.abs().compare(LT, Float.MIN_NORMAL)));
            vi.intoArray(v, vOff + i);
            FloatVector.fromArray(S, w, wOff + i).sub(vi.mul(lr)).intoArray(w, wOff + i);
        }
        for (; i < to; i++) {
            float gi = g[gOff + i];
            float vi = momentum * v[vOff + i] + gi;
            if (gi == 0f && Math.abs(vi) < Float.MIN_NORMAL) {
                vi = 0f;
            }
            v[vOff + i] = vi;
            w[wOff + i] -= lr * vi;
        }
    }

    @Override
    public void nesterovUpdate(int n, float lr, float momentum, float[] w, int wOff, float[] g, int gOff, float[] v, int vOff) {
        if (acquire(n >= SPLIT_MIN)) {
            runSplit(NESTEROV, n, lr, momentum, w, wOff, g, gOff, v, vOff);
            return;
        }
        nesterov(0, n, lr, momentum, w, wOff, g, gOff, v, vOff);
    }

    /** The reference's operations in its order (bit-identical to it), velocities flushed as in {@link #momentum}. */
    private static void nesterov(int from, int to, float lr, float momentum, float[] w, int wOff, float[] g, int gOff,
                                 float[] v, int vOff) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
            FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
            FloatVector vi = FloatVector.fromArray(S, v, vOff + i).mul(momentum).add(gi);
            vi = vi.blend(0f, gi.compare(EQ, 0f).and(vi.abs().compare(LT, Float.MIN_NORMAL)));
            vi.intoArray(v, vOff + i);
            FloatVector.fromArray(S, w, wOff + i).sub(gi.add(vi.mul(momentum)).mul(lr)).intoArray(w, wOff + i);
        }
        for (; i < to; i++) {
            float gi = g[gOff + i];
            float vi = momentum * v[vOff + i] + gi;
            if (gi == 0f && Math.abs(vi) < Float.MIN_NORMAL) {
                vi = 0f;
            }
            v[vOff + i] = vi;
            w[wOff + i] -= lr * (gi + momentum * vi);
        }
    }

    @Override
    public void rmspropUpdate(int n, float lr, float alpha, float eps, float[] w, int wOff, float[] g, int gOff,
                              float[] s, int sOff) {
        if (acquire(n >= SPLIT_MIN)) {
            updates.alpha = alpha;
            updates.eps = eps;
            runSplit(RMSPROP, n, lr, 0f, w, wOff, g, gOff, s, sOff);
            return;
        }
        rmsprop(0, n, lr, alpha, eps, w, wOff, g, gOff, s, sOff);
    }

    /**
     * The reference's operations in its order: square root and division are correctly rounded in
     * both, so the result is bit-identical to it, except that a mean square that decays into the
     * subnormals where the gradient is 0 is stored as 0 (see the note on the updates).
     */
    private static void rmsprop(int from, int to, float lr, float alpha, float eps, float[] w, int wOff, float[] g, int gOff,
                                float[] s, int sOff) {
        float oneMinusAlpha = 1f - alpha;
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
            FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
            FloatVector si = FloatVector.fromArray(S, s, sOff + i).mul(alpha).add(gi.mul(oneMinusAlpha).mul(gi));
            si = si.blend(0f, gi.compare(EQ, 0f).and(si.compare(LT, Float.MIN_NORMAL)));
            si.intoArray(s, sOff + i);
            FloatVector.fromArray(S, w, wOff + i).sub(gi.mul(lr).div(si.sqrt().add(eps))).intoArray(w, wOff + i);
        }
        for (; i < to; i++) {
            float gi = g[gOff + i];
            float si = alpha * s[sOff + i] + oneMinusAlpha * gi * gi;
            if (gi == 0f && si < Float.MIN_NORMAL) {
                si = 0f;
            }
            s[sOff + i] = si;
            w[wOff + i] -= lr * gi / ((float) Math.sqrt(si) + eps);
        }
    }

    @Override
    public void adamUpdate(int n, float lr, float beta1, float beta2, float eps, float c1, float c2,
                           float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff) {
        if (acquire(n >= SPLIT_MIN)) {
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
     * m and v as the reference computes them; the step with one division instead of three,
     * {@code (lr/c1)·m / (sqrt(v·(1/c2)) + eps)}, because divisions, not memory, bounded the
     * reference's form (three divisions and a square root per element: 42 cycles per 16 floats on
     * AVX-512). The weights differ from the reference's by at most 1 ulp of the weight plus 3 ulp
     * of the step. Decayed moments are flushed to 0 (see the note on the updates).
     */
    private static void adam(int from, int to, float lr, float beta1, float beta2, float eps, float c1, float c2,
                             float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff) {
        float oneMinusB1 = 1f - beta1;
        float oneMinusB2 = 1f - beta2;
        float stepScale = lr / c1;
        float vScale = 1f / c2;
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
            FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
            FloatVector mi = FloatVector.fromArray(S, m, mOff + i).mul(beta1).add(gi.mul(oneMinusB1));
            FloatVector vi = FloatVector.fromArray(S, v, vOff + i).mul(beta2).add(gi.mul(oneMinusB2).mul(gi));
            VectorMask<Float> idle = gi.compare(EQ, 0f);
            mi = mi.blend(0f, idle.and(mi.abs().compare(LT, Float.MIN_NORMAL)));
            vi = vi.blend(0f, idle.and(vi.compare(LT, Float.MIN_NORMAL)));
            mi.intoArray(m, mOff + i);
            vi.intoArray(v, vOff + i);
            FloatVector step = mi.mul(stepScale).div(vi.mul(vScale).sqrt().add(eps));
            FloatVector.fromArray(S, w, wOff + i).sub(step).intoArray(w, wOff + i);
        }
        for (; i < to; i++) {
            float gi = g[gOff + i];
            float mi = beta1 * m[mOff + i] + oneMinusB1 * gi;
            float vi = beta2 * v[vOff + i] + oneMinusB2 * gi * gi;
            if (gi == 0f) {
                mi = Math.abs(mi) < Float.MIN_NORMAL ? 0f : mi;
                vi = vi < Float.MIN_NORMAL ? 0f : vi;
            }
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            w[wOff + i] -= mi * stepScale / ((float) Math.sqrt(vi * vScale) + eps);
        }
    }

    // ---- checks ---------------------------------------------------------------------------------

    @Override
    public int indexOfFirstOutside(int n, float[] x, int off, float lo, float hi) {
        if (acquire(n >= FIND_SPLIT_MIN)) {
            UpdateJob j = updates;
            j.kind = FIND;
            j.w = x;
            j.wOff = off;
            j.lo = lo;
            j.hi = hi;
            // The parts' findings are read before the workers are freed: another caller may take them next.
            try {
                runParts(j, n);
                for (int part = 0; part < j.parts; part++) {
                    if (j.found[part] >= 0) {
                        return j.found[part];
                    }
                }
                return -1;
            } finally {
                release(j);
            }
        }
        return firstOutside(0, n, x, off, lo, hi);
    }

    /** The first index in [from, to) whose value is NaN or outside [lo, hi], or -1. */
    private static int firstOutside(int from, int to, float[] x, int off, float lo, float hi) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, off + i);
            VectorMask<Float> inside = v.compare(GE, lo).and(v.compare(LE, hi));
            if (!inside.allTrue()) {
                return i + inside.not().firstTrue();
            }
        }
        for (; i < to; i++) {
            float v = x[off + i];
            // Written as a negation so that NaN (for which every comparison is false) counts as outside.
            if (!(v >= lo && v <= hi)) {
                return i;
            }
        }
        return -1;
    }
}
