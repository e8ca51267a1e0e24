package dev.nnj.simd;

import dev.nnj.core.spi.Kernels;
import dev.nnj.core.spi.ScalarKernels;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels behind {@link SimdKernels}; loaded only once {@code jdk.incubator.vector}
 * is known to be resolved. Element-wise kernels run 8 lanes at a time over
 * {@code species.loopBound(n)} and hand the tail to {@link ScalarKernels}, the reference itself.
 * Where the reference is a fixed sequence of IEEE operations, the same operations run in the same
 * order (no FMA), so those kernels are bit-identical to it.
 */
final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = 8;
    private static final float LOG_CLAMP = -100f;
    private static final float EPSILON = 1e-12f;
    /** Finishes what does not fill a vector: the same arithmetic, from the one place it is written. */
    private static final Kernels REFERENCE = new ScalarKernels();

    /** One worker pool per thread count, shared by every instance (threads are daemons and live on). */
    private static final ConcurrentHashMap<Integer, Workers> POOLS = new ConcurrentHashMap<>();

    private final int threads;
    private final TileChoice tiles;
    private final Workers workers;
    private final Gemm.Buffers[] buffers;
    private final GemmJob job = new GemmJob();
    /** Guards {@link #buffers} and {@link #job}; a caller that finds it taken uses fresh buffers. */
    private final ReentrantLock bufferLock = new ReentrantLock();

    VectorKernels(int threads) {
        this(threads, TileChoice.process());
    }

    /** For tests: kernels with their own tile choice (e.g. {@code new TileChoice(4)} forces 4x16). */
    VectorKernels(int threads, TileChoice tiles) {
        if (FloatVector.SPECIES_PREFERRED.vectorBitSize() < 256) {
            throw new UnsupportedOperationException("this CPU's vectors are " + FloatVector.SPECIES_PREFERRED.vectorBitSize()
                    + " bits; the SIMD kernels need 256 (AVX2)");
        }
        this.threads = threads;
        this.tiles = tiles;
        this.workers = threads > 1 ? POOLS.computeIfAbsent(threads, Workers::new) : null;
        this.buffers = new Gemm.Buffers[threads];
        for (int i = 0; i < threads; i++) {
            buffers[i] = new Gemm.Buffers();
        }
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
        int rows = tiles.decided();
        return "VectorKernels[" + S + ", tile " + (rows == 0 ? "being measured" : rows + "x" + Gemm.NR) + "]";
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
            int lo;
            int hi;
            if (splitN) {
                int slivers = (n + Gemm.NR - 1) / Gemm.NR;
                lo = Math.min(n, slivers * part / parts * Gemm.NR);
                hi = Math.min(n, slivers * (part + 1) / parts * Gemm.NR);
                if (lo < hi) {
                    Gemm.block(tA, tB, 0, m, lo, hi, k, alpha, a, aOff, lda, b, bOff, ldb, betaZero, c, cOff, ldc, mr, buffers[part]);
                }
            } else {
                int slivers = (m + mr - 1) / mr;
                lo = Math.min(m, slivers * part / parts * mr);
                hi = Math.min(m, slivers * (part + 1) / parts * mr);
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
        if (macs <= Gemm.DIRECT_MAX && !(transA && transB)) {
            Gemm.direct(transA, transB, 0, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, betaZero, c, cOff, ldc);
            return;
        }
        if (n <= Gemm.NR && !transA && alpha == 1f) {
            narrow(transB, m, n, k, a, aOff, lda, b, bOff, ldb, betaZero, c, cOff, ldc);
            return;
        }
        int parts = macs < Gemm.PARALLEL_MIN ? 1 : threads;
        int mr = tiles.rowsFor(macs);
        long start = System.nanoTime();
        packed(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, betaZero, c, cOff, ldc, parts, mr);
        if (tiles.decided() == 0) {
            tiles.record(mr, macs, System.nanoTime() - start);
        }
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
    private void narrow(boolean transB, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        boolean betaZero, float[] c, int cOff, int ldc) {
        if (!bufferLock.tryLock()) {
            Gemm.narrow(transB, m, n, k, a, aOff, lda, b, bOff, ldb, betaZero, c, cOff, ldc, new Gemm.Buffers());
            return;
        }
        try {
            Gemm.narrow(transB, m, n, k, a, aOff, lda, b, bOff, ldb, betaZero, c, cOff, ldc, buffers[0]);
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
                float s = x[xi + j] * scale[scaleOff + j];
                y[yi + j] = shift == null ? s : s + shift[shiftOff + j];
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

    /** σ(x) for one vector: e = exp(−|x|), then 1/(1+e) for x ≥ 0 and e/(1+e) below, so exp never overflows. */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = x.abs().neg().lanewise(VectorOperators.EXP);
        FloatVector num = FloatVector.broadcast(S, 1f).blend(e, x.compare(VectorOperators.LT, 0f));
        return num.div(e.add(1f));
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            sigmoid(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        REFERENCE.sigmoid(n - i, x, xOff + i, y, yOff + i);
    }

    @Override
    public void sigmoidBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector s = FloatVector.fromArray(S, y, yOff + i);
            FloatVector.fromArray(S, dy, dyOff + i).mul(s).mul(s.neg().add(1f)).intoArray(dx, dxOff + i);
        }
        REFERENCE.sigmoidBackward(n - i, y, yOff + i, dy, dyOff + i, dx, dxOff + i);
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).lanewise(VectorOperators.TANH).intoArray(y, yOff + i);
        }
        REFERENCE.tanh(n - i, x, xOff + i, y, yOff + i);
    }

    @Override
    public void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector t = FloatVector.fromArray(S, y, yOff + i);
            FloatVector.fromArray(S, dy, dyOff + i).mul(t.mul(t).neg().add(1f)).intoArray(dx, dxOff + i);
        }
        REFERENCE.tanhBackward(n - i, y, yOff + i, dy, dyOff + i, dx, dxOff + i);
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + i);
        }
        REFERENCE.relu(n - i, x, xOff + i, y, yOff + i);
    }

    @Override
    public void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            VectorMask<Float> pos = FloatVector.fromArray(S, x, xOff + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, dy, dyOff + i), pos).intoArray(dx, dxOff + i);
        }
        REFERENCE.reluBackward(n - i, x, xOff + i, dy, dyOff + i, dx, dxOff + i);
    }

    @Override
    public void leakyRelu(int n, float slope, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + i);
        }
        REFERENCE.leakyRelu(n - i, slope, x, xOff + i, y, yOff + i);
    }

    @Override
    public void leakyReluBackward(int n, float slope, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            VectorMask<Float> pos = FloatVector.fromArray(S, x, xOff + i).compare(VectorOperators.GT, 0f);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            d.mul(slope).blend(d, pos).intoArray(dx, dxOff + i);
        }
        REFERENCE.leakyReluBackward(n - i, slope, x, xOff + i, dy, dyOff + i, dx, dxOff + i);
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * ldx;
            int yi = yOff + r * ldy;
            float max = rowMax(cols, x, xi);
            FloatVector sumV = FloatVector.zero(S);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector e = FloatVector.fromArray(S, x, xi + j).sub(max).lanewise(VectorOperators.EXP);
                sumV = sumV.add(e);
                e.intoArray(y, yi + j);
            }
            float sum = sumV.reduceLanes(VectorOperators.ADD);
            for (; j < cols; j++) {
                float e = (float) Math.exp(x[xi + j] - max);
                y[yi + j] = e;
                sum += e;
            }
            float inv = 1f / sum;
            j = 0;
            for (; j < bound; j += L) {
                FloatVector.fromArray(S, y, yi + j).mul(inv).intoArray(y, yi + j);
            }
            for (; j < cols; j++) {
                y[yi + j] *= inv;
            }
        }
    }

    private static float rowMax(int cols, float[] x, int xi) {
        int bound = S.loopBound(cols);
        float max = Float.NEGATIVE_INFINITY;
        int j = 0;
        if (bound > 0) {
            FloatVector m = FloatVector.fromArray(S, x, xi);
            for (j = L; j < bound; j += L) {
                m = m.max(FloatVector.fromArray(S, x, xi + j));
            }
            max = m.reduceLanes(VectorOperators.MAX);
        }
        for (; j < cols; j++) {
            max = Math.max(max, x[xi + j]);
        }
        return max;
    }

    private static float dot(int n, float[] a, int ao, float[] b, int bo) {
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (; j < bound; j += L) {
            acc = FloatVector.fromArray(S, a, ao + j).fma(FloatVector.fromArray(S, b, bo + j), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            s += a[ao + j] * b[bo + j];
        }
        return s;
    }

    @Override
    public void softmaxRowsBackward(int rows, int cols, float[] y, int yOff, int ldy,
                                    float[] dy, int dyOff, int lddy, float[] dx, int dxOff, int lddx) {
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int yi = yOff + r * ldy;
            int di = dyOff + r * lddy;
            int xi = dxOff + r * lddx;
            float d = dot(cols, dy, di, y, yi);
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
        float sum = acc.reduceLanes(VectorOperators.ADD);
        sum += REFERENCE.squaredError(n - i, p, pOff + i, t, tOff + i, grad, gradOff + i, gradScale);
        return sum;
    }

    @Override
    public float binaryCrossEntropy(int n, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector pi = FloatVector.fromArray(S, p, pOff + i);
            FloatVector ti = FloatVector.fromArray(S, t, tOff + i);
            FloatVector oneMinusP = pi.neg().add(1f);
            FloatVector logP = pi.lanewise(VectorOperators.LOG).max(LOG_CLAMP);
            FloatVector log1mP = oneMinusP.lanewise(VectorOperators.LOG).max(LOG_CLAMP);
            acc = acc.sub(ti.mul(logP).add(ti.neg().add(1f).mul(log1mP)));
            if (grad != null) {
                pi.sub(ti).mul(gradScale).div(pi.mul(oneMinusP).max(EPSILON)).intoArray(grad, gradOff + i);
            }
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        sum += REFERENCE.binaryCrossEntropy(n - i, p, pOff + i, t, tOff + i, grad, gradOff + i, gradScale);
        return sum;
    }

    @Override
    public float sigmoidBinaryCrossEntropy(int n, float[] z, int zOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector zi = FloatVector.fromArray(S, z, zOff + i);
            FloatVector ti = FloatVector.fromArray(S, t, tOff + i);
            FloatVector softplus = zi.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P);
            acc = acc.add(zi.max(0f).sub(zi.mul(ti)).add(softplus));
            if (grad != null) {
                sigmoid(zi).sub(ti).mul(gradScale).intoArray(grad, gradOff + i);
            }
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        sum += REFERENCE.sigmoidBinaryCrossEntropy(n - i, z, zOff + i, t, tOff + i, grad, gradOff + i, gradScale);
        return sum;
    }

    @Override
    public float crossEntropy(int rows, int cols, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        int n = rows * cols;
        FloatVector acc = FloatVector.zero(S);
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector pi = FloatVector.fromArray(S, p, pOff + i);
            FloatVector ti = FloatVector.fromArray(S, t, tOff + i);
            FloatVector term = ti.mul(pi.lanewise(VectorOperators.LOG).max(LOG_CLAMP));
            // Only where t ≠ 0, as the reference: 0·log(p) must not turn a bad p into NaN.
            acc = acc.sub(zero.blend(term, ti.compare(VectorOperators.NE, 0f)));
            if (grad != null) {
                ti.mul(-gradScale).div(pi.max(EPSILON)).intoArray(grad, gradOff + i);
            }
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        sum += REFERENCE.crossEntropy(1, n - i, p, pOff + i, t, tOff + i, grad, gradOff + i, gradScale);
        return sum;
    }

    @Override
    public float softmaxCrossEntropy(int rows, int cols, float[] z, int zOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        int bound = S.loopBound(cols);
        float sum = 0f;
        for (int r = 0; r < rows; r++) {
            int zi = zOff + r * cols;
            int ti = tOff + r * cols;
            float max = rowMax(cols, z, zi);
            FloatVector es = FloatVector.zero(S);
            FloatVector ts = FloatVector.zero(S);
            FloatVector tz = FloatVector.zero(S);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector zv = FloatVector.fromArray(S, z, zi + j);
                FloatVector tv = FloatVector.fromArray(S, t, ti + j);
                es = es.add(zv.sub(max).lanewise(VectorOperators.EXP));
                ts = ts.add(tv);
                tz = tv.fma(zv, tz);
            }
            float expSum = es.reduceLanes(VectorOperators.ADD);
            float targetSum = ts.reduceLanes(VectorOperators.ADD);
            float targetDotZ = tz.reduceLanes(VectorOperators.ADD);
            for (; j < cols; j++) {
                expSum += (float) Math.exp(z[zi + j] - max);
                targetSum += t[ti + j];
                targetDotZ += t[ti + j] * z[zi + j];
            }
            float logSumExp = max + (float) Math.log(expSum);
            sum += targetSum * logSumExp - targetDotZ;
            if (grad != null) {
                int gi = gradOff + r * cols;
                j = 0;
                for (; j < bound; j += L) {
                    FloatVector sm = FloatVector.fromArray(S, z, zi + j).sub(logSumExp).lanewise(VectorOperators.EXP);
                    sm.mul(targetSum).sub(FloatVector.fromArray(S, t, ti + j)).mul(gradScale).intoArray(grad, gi + j);
                }
                for (; j < cols; j++) {
                    float softmax = (float) Math.exp(z[zi + j] - logSumExp);
                    grad[gi + j] = gradScale * (softmax * targetSum - t[ti + j]);
                }
            }
        }
        return sum;
    }

    // ---- optimizer updates ----------------------------------------------------------------------

    @Override
    public void sgdUpdate(int n, float lr, float[] w, int wOff, float[] g, int gOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, w, wOff + i).sub(FloatVector.fromArray(S, g, gOff + i).mul(lr)).intoArray(w, wOff + i);
        }
        REFERENCE.sgdUpdate(n - i, lr, w, wOff + i, g, gOff + i);
    }

    @Override
    public void momentumUpdate(int n, float lr, float momentum, float[] w, int wOff, float[] g, int gOff, float[] v, int vOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector vi = FloatVector.fromArray(S, v, vOff + i).mul(momentum).add(FloatVector.fromArray(S, g, gOff + i));
            vi.intoArray(v, vOff + i);
            FloatVector.fromArray(S, w, wOff + i).sub(vi.mul(lr)).intoArray(w, wOff + i);
        }
        REFERENCE.momentumUpdate(n - i, lr, momentum, w, wOff + i, g, gOff + i, v, vOff + i);
    }

    @Override
    public void adamUpdate(int n, float lr, float beta1, float beta2, float eps, float c1, float c2,
                           float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff) {
        float oneMinusB1 = 1f - beta1;
        float oneMinusB2 = 1f - beta2;
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
            FloatVector mi = FloatVector.fromArray(S, m, mOff + i).mul(beta1).add(gi.mul(oneMinusB1));
            FloatVector vi = FloatVector.fromArray(S, v, vOff + i).mul(beta2).add(gi.mul(oneMinusB2).mul(gi));
            mi.intoArray(m, mOff + i);
            vi.intoArray(v, vOff + i);
            FloatVector step = mi.div(c1).mul(lr).div(vi.div(c2).sqrt().add(eps));
            FloatVector.fromArray(S, w, wOff + i).sub(step).intoArray(w, wOff + i);
        }
        REFERENCE.adamUpdate(n - i, lr, beta1, beta2, eps, c1, c2, w, wOff + i, g, gOff + i, m, mOff + i, v, vOff + i);
    }

    // ---- checks ---------------------------------------------------------------------------------

    @Override
    public int indexOfFirstOutside(int n, float[] x, int off, float lo, float hi) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, off + i);
            VectorMask<Float> inside = v.compare(VectorOperators.GE, lo).and(v.compare(VectorOperators.LE, hi));
            if (!inside.allTrue()) {
                return i + inside.not().firstTrue();
            }
        }
        int inTail = REFERENCE.indexOfFirstOutside(n - i, x, off + i, lo, hi);
        return inTail < 0 ? -1 : i + inTail;
    }
}
