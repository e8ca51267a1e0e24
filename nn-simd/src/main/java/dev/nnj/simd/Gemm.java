package dev.nnj.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision GEMM, row-major, {@code C = α·op(A)·op(B) + β·C}, in the BLIS shape, at the
 * vector width of {@link Lanes}:
 * <pre>
 * for jc in N step NC                 B panel KC x NC, packed into NR-wide slivers (k-major, zero-padded)
 *   for pc in K step KC
 *     for ic in M step MC             A block MC x KC, packed into MR-tall slivers (α applied here)
 *       for jr in NC step NR          one B sliver (KC x NR) stays in L1
 *         for ir in MC step MR        micro-kernel: an MR x NR tile of C in registers
 * </pre>
 * NR is two vectors (32 floats at 512 bits, 16 at 256, 8 at 128); MR is chosen for the register
 * file ({@link TileChoice}): 14 or 12 rows (28 or 24 accumulators) with 32 vector registers, 5
 * or 4 with 16. Rows the main tile leaves over go through 4-row tiles. A product with few rows
 * (a batch: at most {@link #IN_PLACE_B_ROWS}) reads B where it lies instead of packing it.
 *
 * <p><b>Every element of C is one chain of fused multiply-adds in k order</b>, started from 0
 * (β = 0) or from β·C, and continued across KC blocks by reloading C; packing rounds α·a once.
 * The tile shape, the blocking (KC, MC, NC), the vector width, the thread split and the path
 * (packed, narrow rows or columns, direct) therefore change only which instructions compute an element, never
 * its value: results are bit-identical across all of them.
 *
 * <p>Packing makes the four transpose forms the same problem. Edge tiles run the same
 * micro-kernel on a scratch tile. Products too small to pay for packing take {@link #direct};
 * products at most NR wide (a classifier's output layer and its weight gradient) take
 * {@link #narrow}, which packs only B.
 */
final class Gemm {

    static final VectorSpecies<Float> S = Lanes.S;
    static final int L = Lanes.L;
    /** Columns of a register tile: two vectors. */
    static final int NR = 2 * L;
    /** Rows of the tile that finishes the rows the main tile leaves over. */
    static final int EDGE_ROWS = 4;
    /** The tallest register tile (the scratch tile is sized for it). */
    static final int MAX_ROWS = 14;
    /** Depth of one block: a KC x NR sliver of B (32 KiB at 512 bits) stays in L1 (48 KiB here). */
    static final int KC = 256;
    /** Rows of a packed A block before rounding to the tile (a multiple of 12 and 14): 170 KiB at KC = 256, in L2. */
    static final int MC = 168;
    /** Columns of a packed B panel. */
    static final int NC = 4096;
    /** Up to this many multiply-adds the direct (unpacked) path runs. */
    static final long DIRECT_MAX = 16L * 16 * 16;
    /** Below this many multiply-adds one thread does the whole product. */
    static final long PARALLEL_MIN = 96L * 96 * 96;

    /** Per-thread scratch: packed panels and the edge tile. Grown on first use, then reused. */
    static final class Buffers {
        float[] packA = new float[0];
        float[] packB = new float[0];
        final float[] tile = new float[MAX_ROWS * NR];
        /** Offsets of the rows a gather reads, for the packings that transpose. */
        final int[] rowOffsets = new int[Math.max(MAX_ROWS, NR) + L];

        float[] packA(int size) {
            if (packA.length < size) {
                packA = new float[size];
            }
            return packA;
        }

        float[] packB(int size) {
            if (packB.length < size) {
                packB = new float[size];
            }
            return packB;
        }
    }

    private Gemm() {
    }

    /** The height of the A sliver that starts {@code done} rows into a block of {@code rows}. */
    private static int sliver(int rows, int done, int mr) {
        return rows - done >= mr ? mr : EDGE_ROWS;
    }

    /** Depth of the KC blocks of a k-long product: balanced, so no block is a sliver of a few k. */
    static int depth(int k) {
        int blocks = (k + KC - 1) / KC;
        return (k + blocks - 1) / blocks;
    }

    // ---- the whole product, or one rectangle of C -----------------------------------------

    /**
     * Computes rows {@code [m0, m1)} and columns {@code [n0, n1)} of C with {@code mr}-row tiles.
     * Preconditions: k > 0; C already scaled by β when β is neither 0 nor 1 ({@code betaZero}
     * tells whether C is read at all).
     */
    static void block(boolean tA, boolean tB, int m0, int m1, int n0, int n1, int k,
                      float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      boolean betaZero, float[] c, int cOff, int ldc, int mr, Buffers buf) {
        int kcMax = depth(k);
        int mcMax = Math.max(mr, MC / mr * mr);
        boolean inPlace = readsBInPlace(tB, m1 - m0, ldb);
        for (int jc = n0; jc < n1; jc += NC) {
            int nc = Math.min(NC, n1 - jc);
            int ncPad = (nc + NR - 1) / NR * NR;
            // In place, only the whole slivers are read from B; a partial last one is packed.
            int ncInPlace = inPlace ? nc / NR * NR : 0;
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                float[] pb = buf.packB(kcMax * ncPad);
                if (ncInPlace < nc) {
                    packB(tB, b, bOff, ldb, pc, kc, jc + ncInPlace, nc - ncInPlace, pb, buf.rowOffsets);
                }
                boolean accumulate = pc > 0 || !betaZero;
                for (int ic = m0; ic < m1; ic += mcMax) {
                    int mc = Math.min(mcMax, m1 - ic);
                    float[] pa = buf.packA((mcMax + EDGE_ROWS) * kcMax + L);
                    packA(tA, alpha, a, aOff, lda, ic, mc, pc, kc, mr, pa, buf.rowOffsets);
                    int co = cOff + ic * ldc + jc;
                    if (ncInPlace > 0) {
                        macro(mc, ncInPlace, kc, mr, pa, b, bOff + pc * ldb + jc, ldb, 1, c, co, ldc, accumulate, buf.tile);
                    }
                    if (ncInPlace < nc) {
                        macro(mc, nc - ncInPlace, kc, mr, pa, pb, 0, NR, kc, c, co + ncInPlace, ldc, accumulate, buf.tile);
                    }
                }
            }
        }
    }

    /** Rows of C below which B (not transposed) is read where it lies instead of packed. */
    static final int IN_PLACE_B_ROWS = 256;

    /**
     * Whether to read B in place: packing B costs about as much as running 300 rows of C through
     * it, and the strided reads cost a few percent, so a product with few rows (a batch) reads B
     * where it lies. Not when rows of B are a multiple of 4 KiB apart: the rows of a sliver would
     * then share the same few L1 sets and evict each other.
     */
    static boolean readsBInPlace(boolean tB, int rows, int ldb) {
        return !tB && rows <= IN_PLACE_B_ROWS && ldb % 1024 != 0;
    }

    /**
     * All tiles of one packed A block times one B panel: B slivers outside, A slivers inside.
     * Sliver jr of B starts at {@code bBase + jr·sliverStep} and its rows are {@code bStride}
     * apart: packed, that is {@code jr·kc} and NR; in place, the column jr of B and ldb.
     */
    private static void macro(int mc, int nc, int kc, int mr, float[] pa, float[] b, int bBase, int bStride, int sliverStep,
                              float[] c, int cOff, int ldc, boolean accumulate, float[] tile) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bo = bBase + jr * sliverStep;
            int ao = 0;
            for (int ir = 0; ir < mc; ) {
                int h = sliver(mc, ir, mr);
                int rows = Math.min(h, mc - ir);
                int co = cOff + ir * ldc + jr;
                if (rows == h && nr == NR) {
                    kernel(h, kc, pa, ao, b, bo, bStride, c, co, ldc, accumulate);
                } else {
                    edge(h, rows, nr, kc, pa, ao, b, bo, bStride, c, co, ldc, accumulate, tile);
                }
                ao += h * kc;
                ir += h;
            }
        }
    }

    /** A partial tile: the same micro-kernel on a scratch tile, then the valid part copied. */
    private static void edge(int h, int rows, int nr, int kc, float[] pa, int ao, float[] b, int bo, int bs,
                             float[] c, int co, int ldc, boolean accumulate, float[] tile) {
        if (accumulate) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c, co + r * ldc, tile, r * NR, nr);
            }
        }
        kernel(h, kc, pa, ao, b, bo, bs, tile, 0, NR, accumulate);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(tile, r * NR, c, co + r * ldc, nr);
        }
    }

    private static void kernel(int h, int kc, float[] pa, int ao, float[] b, int bo, int bs, float[] c, int co, int ldc,
                               boolean accumulate) {
        switch (h) {
            case 14 -> kernel14(kc, pa, ao, b, bo, bs, c, co, ldc, accumulate);
            case 12 -> kernel12(kc, pa, ao, b, bo, bs, c, co, ldc, accumulate);
            case 8 -> kernel8(kc, pa, ao, b, bo, bs, c, co, ldc, accumulate);
            case 5 -> kernel5(kc, pa, ao, b, bo, bs, c, co, ldc, accumulate);
            default -> kernel4(kc, pa, ao, b, bo, bs, c, co, ldc, accumulate);
        }
    }

    // ---- packing ------------------------------------------------------------------------------

    /**
     * Packs {@code α·op(A)[ic .. ic+mc, pc .. pc+kc]} into slivers of {@code mr} rows (then
     * {@link #EDGE_ROWS}); in a sliver of height h, element (r, p) sits at {@code p·h + r}. Rows
     * past mc are zero. {@code dst} needs L floats of slack after the last sliver.
     */
    static void packA(boolean tA, float alpha, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
                      int mr, float[] dst, int[] offsets) {
        int base = 0;
        for (int ir = 0; ir < mc; ) {
            int h = sliver(mc, ir, mr);
            int rows = Math.min(h, mc - ir);
            if (!tA) {
                // A masked gather still range-checks its unused lanes: point them at row 0.
                for (int r = 0; r < offsets.length; r++) {
                    offsets[r] = r < rows ? r * lda : 0;
                }
                packRows(alpha, a, aOff + (ic + ir) * lda + pc, rows, h, kc, dst, base, offsets);
            } else {
                packColumns(alpha, a, aOff + pc * lda + ic + ir, lda, rows, h, kc, dst, base);
            }
            base += h * kc;
            ir += h;
        }
    }

    /**
     * Rows of A into one k-major sliver: element (r, p) to {@code base + p·h + r}; rows past
     * {@code rows} zero. One gather per k (and per vector of rows) across the h rows, whose
     * offsets are in {@code offsets}; a full vector is stored, its extra lanes overwritten next.
     */
    private static void packRows(float alpha, float[] a, int src0, int rows, int h, int kc, float[] dst, int base,
                                 int[] offsets) {
        // k outer: stores go to increasing addresses, so each overhang is overwritten afterwards.
        if (h <= L) {
            VectorMask<Float> valid = S.indexInRange(0, rows);
            for (int p = 0; p < kc; p++) {
                FloatVector v = FloatVector.fromArray(S, a, src0 + p, offsets, 0, valid);
                (alpha == 1f ? v : v.mul(alpha)).intoArray(dst, base + p * h);
            }
            return;
        }
        for (int p = 0; p < kc; p++) {
            for (int r = 0; r < h; r += L) {
                FloatVector v = FloatVector.fromArray(S, a, src0 + p, offsets, r, S.indexInRange(r, rows));
                (alpha == 1f ? v : v.mul(alpha)).intoArray(dst, base + p * h + r);
            }
        }
    }

    /**
     * Aᵀ stored k x m: each k gives {@code rows} contiguous values, copied a vector at a time
     * (masked at the end of the rows, so nothing past them is read). A full vector is stored even
     * when h < L; the extra lanes are overwritten by the next k, or by the next sliver, or fall in
     * the slack after the last.
     */
    private static void packColumns(float alpha, float[] a, int src0, int lda, int rows, int h, int kc, float[] dst,
                                    int base) {
        // k outer: stores go to increasing addresses, so each overhang is overwritten afterwards.
        if (h <= L) {
            VectorMask<Float> valid = S.indexInRange(0, rows);
            for (int p = 0; p < kc; p++) {
                FloatVector v = FloatVector.fromArray(S, a, src0 + p * lda, valid);
                (alpha == 1f ? v : v.mul(alpha)).intoArray(dst, base + p * h);
            }
            return;
        }
        for (int p = 0; p < kc; p++) {
            for (int r = 0; r < h; r += L) {
                FloatVector v = FloatVector.fromArray(S, a, src0 + p * lda + r, S.indexInRange(r, rows));
                (alpha == 1f ? v : v.mul(alpha)).intoArray(dst, base + p * h + r);
            }
        }
    }

    /**
     * Packs {@code op(B)[pc .. pc+kc, jc .. jc+nc]} into NR-column slivers; in each sliver element
     * (p, j) sits at {@code p·NR + j}. Columns past nc are zero.
     */
    static void packB(boolean tB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] dst,
                      int[] offsets) {
        if (!tB) {
            // Row by row: each row of B is read once, sequentially, and cut into the slivers.
            int full = nc / NR * NR;
            VectorMask<Float> first = S.indexInRange(0, nc - full);
            VectorMask<Float> second = S.indexInRange(L, nc - full);
            for (int p = 0; p < kc; p++) {
                int src = bOff + (pc + p) * ldb + jc;
                int d = p * NR;
                int jr = 0;
                for (; jr < full; jr += NR) {
                    FloatVector.fromArray(S, b, src + jr).intoArray(dst, jr * kc + d);
                    FloatVector.fromArray(S, b, src + jr + L).intoArray(dst, jr * kc + d + L);
                }
                if (jr < nc) {
                    FloatVector.fromArray(S, b, src + jr, first).intoArray(dst, jr * kc + d);
                    FloatVector.fromArray(S, b, src + jr + L, second).intoArray(dst, jr * kc + d + L);
                }
            }
            return;
        }
        // Bᵀ stored n x k: a transpose, one gather per k and vector across the NR rows of a sliver.
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = jr * kc;
            int src0 = bOff + (jc + jr) * ldb + pc;
            // A masked gather still range-checks its unused lanes: point them at row 0.
            for (int j = 0; j < NR; j++) {
                offsets[j] = j < nr ? j * ldb : 0;
            }
            if (nr == NR) {
                for (int p = 0; p < kc; p++) {
                    FloatVector.fromArray(S, b, src0 + p, offsets, 0).intoArray(dst, base + p * NR);
                    FloatVector.fromArray(S, b, src0 + p, offsets, L).intoArray(dst, base + p * NR + L);
                }
            } else {
                VectorMask<Float> first = S.indexInRange(0, nr);
                VectorMask<Float> second = S.indexInRange(L, nr);
                for (int p = 0; p < kc; p++) {
                    FloatVector.fromArray(S, b, src0 + p, offsets, 0, first).intoArray(dst, base + p * NR);
                    FloatVector.fromArray(S, b, src0 + p, offsets, L, second).intoArray(dst, base + p * NR + L);
                }
            }
        }
    }

    // ---- micro-kernels --------------------------------------------------------------------------
    // One small static method per tile height, accumulators in locals, broadcasts straight from the
    // packed array (vbroadcastss m32), constant strides so C2 removes the bounds checks. Checked in
    // the disassembly on AVX-512 (JDK 25): the 12-row tile keeps its 24 accumulators, two B vectors
    // and the broadcasts in zmm registers with no spill in the k loop.

    static void kernel14(int kc, float[] a, int ao, float[] b, int bo, int bs, float[] c, int co, int ldc,
                         boolean accumulate) {
        FloatVector c0a, c0b, c1a, c1b, c2a, c2b, c3a, c3b, c4a, c4b, c5a, c5b, c6a, c6b, c7a, c7b, c8a, c8b, c9a, c9b, c10a, c10b, c11a, c11b, c12a, c12b, c13a, c13b;
        if (accumulate) {
            c0a = FloatVector.fromArray(S, c, co);
            c0b = FloatVector.fromArray(S, c, co + L);
            c1a = FloatVector.fromArray(S, c, co + 1 * ldc);
            c1b = FloatVector.fromArray(S, c, co + 1 * ldc + L);
            c2a = FloatVector.fromArray(S, c, co + 2 * ldc);
            c2b = FloatVector.fromArray(S, c, co + 2 * ldc + L);
            c3a = FloatVector.fromArray(S, c, co + 3 * ldc);
            c3b = FloatVector.fromArray(S, c, co + 3 * ldc + L);
            c4a = FloatVector.fromArray(S, c, co + 4 * ldc);
            c4b = FloatVector.fromArray(S, c, co + 4 * ldc + L);
            c5a = FloatVector.fromArray(S, c, co + 5 * ldc);
            c5b = FloatVector.fromArray(S, c, co + 5 * ldc + L);
            c6a = FloatVector.fromArray(S, c, co + 6 * ldc);
            c6b = FloatVector.fromArray(S, c, co + 6 * ldc + L);
            c7a = FloatVector.fromArray(S, c, co + 7 * ldc);
            c7b = FloatVector.fromArray(S, c, co + 7 * ldc + L);
            c8a = FloatVector.fromArray(S, c, co + 8 * ldc);
            c8b = FloatVector.fromArray(S, c, co + 8 * ldc + L);
            c9a = FloatVector.fromArray(S, c, co + 9 * ldc);
            c9b = FloatVector.fromArray(S, c, co + 9 * ldc + L);
            c10a = FloatVector.fromArray(S, c, co + 10 * ldc);
            c10b = FloatVector.fromArray(S, c, co + 10 * ldc + L);
            c11a = FloatVector.fromArray(S, c, co + 11 * ldc);
            c11b = FloatVector.fromArray(S, c, co + 11 * ldc + L);
            c12a = FloatVector.fromArray(S, c, co + 12 * ldc);
            c12b = FloatVector.fromArray(S, c, co + 12 * ldc + L);
            c13a = FloatVector.fromArray(S, c, co + 13 * ldc);
            c13b = FloatVector.fromArray(S, c, co + 13 * ldc + L);
        } else {
            c0a = FloatVector.zero(S);
            c0b = c0a;
            c1a = c0a;
            c1b = c0a;
            c2a = c0a;
            c2b = c0a;
            c3a = c0a;
            c3b = c0a;
            c4a = c0a;
            c4b = c0a;
            c5a = c0a;
            c5b = c0a;
            c6a = c0a;
            c6b = c0a;
            c7a = c0a;
            c7b = c0a;
            c8a = c0a;
            c8b = c0a;
            c9a = c0a;
            c9b = c0a;
            c10a = c0a;
            c10b = c0a;
            c11a = c0a;
            c11b = c0a;
            c12a = c0a;
            c12b = c0a;
            c13a = c0a;
            c13b = c0a;
        }
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * bs;
            int ai = ao + p * 14;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c0a = x.fma(b0, c0a);
            c0b = x.fma(b1, c0b);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c1a = x.fma(b0, c1a);
            c1b = x.fma(b1, c1b);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c2a = x.fma(b0, c2a);
            c2b = x.fma(b1, c2b);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c3a = x.fma(b0, c3a);
            c3b = x.fma(b1, c3b);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c4a = x.fma(b0, c4a);
            c4b = x.fma(b1, c4b);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c5a = x.fma(b0, c5a);
            c5b = x.fma(b1, c5b);
            x = FloatVector.broadcast(S, a[ai + 6]);
            c6a = x.fma(b0, c6a);
            c6b = x.fma(b1, c6b);
            x = FloatVector.broadcast(S, a[ai + 7]);
            c7a = x.fma(b0, c7a);
            c7b = x.fma(b1, c7b);
            x = FloatVector.broadcast(S, a[ai + 8]);
            c8a = x.fma(b0, c8a);
            c8b = x.fma(b1, c8b);
            x = FloatVector.broadcast(S, a[ai + 9]);
            c9a = x.fma(b0, c9a);
            c9b = x.fma(b1, c9b);
            x = FloatVector.broadcast(S, a[ai + 10]);
            c10a = x.fma(b0, c10a);
            c10b = x.fma(b1, c10b);
            x = FloatVector.broadcast(S, a[ai + 11]);
            c11a = x.fma(b0, c11a);
            c11b = x.fma(b1, c11b);
            x = FloatVector.broadcast(S, a[ai + 12]);
            c12a = x.fma(b0, c12a);
            c12b = x.fma(b1, c12b);
            x = FloatVector.broadcast(S, a[ai + 13]);
            c13a = x.fma(b0, c13a);
            c13b = x.fma(b1, c13b);
        }
        c0a.intoArray(c, co);
        c0b.intoArray(c, co + L);
        c1a.intoArray(c, co + 1 * ldc);
        c1b.intoArray(c, co + 1 * ldc + L);
        c2a.intoArray(c, co + 2 * ldc);
        c2b.intoArray(c, co + 2 * ldc + L);
        c3a.intoArray(c, co + 3 * ldc);
        c3b.intoArray(c, co + 3 * ldc + L);
        c4a.intoArray(c, co + 4 * ldc);
        c4b.intoArray(c, co + 4 * ldc + L);
        c5a.intoArray(c, co + 5 * ldc);
        c5b.intoArray(c, co + 5 * ldc + L);
        c6a.intoArray(c, co + 6 * ldc);
        c6b.intoArray(c, co + 6 * ldc + L);
        c7a.intoArray(c, co + 7 * ldc);
        c7b.intoArray(c, co + 7 * ldc + L);
        c8a.intoArray(c, co + 8 * ldc);
        c8b.intoArray(c, co + 8 * ldc + L);
        c9a.intoArray(c, co + 9 * ldc);
        c9b.intoArray(c, co + 9 * ldc + L);
        c10a.intoArray(c, co + 10 * ldc);
        c10b.intoArray(c, co + 10 * ldc + L);
        c11a.intoArray(c, co + 11 * ldc);
        c11b.intoArray(c, co + 11 * ldc + L);
        c12a.intoArray(c, co + 12 * ldc);
        c12b.intoArray(c, co + 12 * ldc + L);
        c13a.intoArray(c, co + 13 * ldc);
        c13b.intoArray(c, co + 13 * ldc + L);
    }

    static void kernel12(int kc, float[] a, int ao, float[] b, int bo, int bs, float[] c, int co, int ldc,
                         boolean accumulate) {
        FloatVector c0a, c0b, c1a, c1b, c2a, c2b, c3a, c3b, c4a, c4b, c5a, c5b, c6a, c6b, c7a, c7b, c8a, c8b, c9a, c9b, c10a, c10b, c11a, c11b;
        if (accumulate) {
            c0a = FloatVector.fromArray(S, c, co);
            c0b = FloatVector.fromArray(S, c, co + L);
            c1a = FloatVector.fromArray(S, c, co + 1 * ldc);
            c1b = FloatVector.fromArray(S, c, co + 1 * ldc + L);
            c2a = FloatVector.fromArray(S, c, co + 2 * ldc);
            c2b = FloatVector.fromArray(S, c, co + 2 * ldc + L);
            c3a = FloatVector.fromArray(S, c, co + 3 * ldc);
            c3b = FloatVector.fromArray(S, c, co + 3 * ldc + L);
            c4a = FloatVector.fromArray(S, c, co + 4 * ldc);
            c4b = FloatVector.fromArray(S, c, co + 4 * ldc + L);
            c5a = FloatVector.fromArray(S, c, co + 5 * ldc);
            c5b = FloatVector.fromArray(S, c, co + 5 * ldc + L);
            c6a = FloatVector.fromArray(S, c, co + 6 * ldc);
            c6b = FloatVector.fromArray(S, c, co + 6 * ldc + L);
            c7a = FloatVector.fromArray(S, c, co + 7 * ldc);
            c7b = FloatVector.fromArray(S, c, co + 7 * ldc + L);
            c8a = FloatVector.fromArray(S, c, co + 8 * ldc);
            c8b = FloatVector.fromArray(S, c, co + 8 * ldc + L);
            c9a = FloatVector.fromArray(S, c, co + 9 * ldc);
            c9b = FloatVector.fromArray(S, c, co + 9 * ldc + L);
            c10a = FloatVector.fromArray(S, c, co + 10 * ldc);
            c10b = FloatVector.fromArray(S, c, co + 10 * ldc + L);
            c11a = FloatVector.fromArray(S, c, co + 11 * ldc);
            c11b = FloatVector.fromArray(S, c, co + 11 * ldc + L);
        } else {
            c0a = FloatVector.zero(S);
            c0b = c0a;
            c1a = c0a;
            c1b = c0a;
            c2a = c0a;
            c2b = c0a;
            c3a = c0a;
            c3b = c0a;
            c4a = c0a;
            c4b = c0a;
            c5a = c0a;
            c5b = c0a;
            c6a = c0a;
            c6b = c0a;
            c7a = c0a;
            c7b = c0a;
            c8a = c0a;
            c8b = c0a;
            c9a = c0a;
            c9b = c0a;
            c10a = c0a;
            c10b = c0a;
            c11a = c0a;
            c11b = c0a;
        }
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * bs;
            int ai = ao + p * 12;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c0a = x.fma(b0, c0a);
            c0b = x.fma(b1, c0b);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c1a = x.fma(b0, c1a);
            c1b = x.fma(b1, c1b);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c2a = x.fma(b0, c2a);
            c2b = x.fma(b1, c2b);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c3a = x.fma(b0, c3a);
            c3b = x.fma(b1, c3b);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c4a = x.fma(b0, c4a);
            c4b = x.fma(b1, c4b);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c5a = x.fma(b0, c5a);
            c5b = x.fma(b1, c5b);
            x = FloatVector.broadcast(S, a[ai + 6]);
            c6a = x.fma(b0, c6a);
            c6b = x.fma(b1, c6b);
            x = FloatVector.broadcast(S, a[ai + 7]);
            c7a = x.fma(b0, c7a);
            c7b = x.fma(b1, c7b);
            x = FloatVector.broadcast(S, a[ai + 8]);
            c8a = x.fma(b0, c8a);
            c8b = x.fma(b1, c8b);
            x = FloatVector.broadcast(S, a[ai + 9]);
            c9a = x.fma(b0, c9a);
            c9b = x.fma(b1, c9b);
            x = FloatVector.broadcast(S, a[ai + 10]);
            c10a = x.fma(b0, c10a);
            c10b = x.fma(b1, c10b);
            x = FloatVector.broadcast(S, a[ai + 11]);
            c11a = x.fma(b0, c11a);
            c11b = x.fma(b1, c11b);
        }
        c0a.intoArray(c, co);
        c0b.intoArray(c, co + L);
        c1a.intoArray(c, co + 1 * ldc);
        c1b.intoArray(c, co + 1 * ldc + L);
        c2a.intoArray(c, co + 2 * ldc);
        c2b.intoArray(c, co + 2 * ldc + L);
        c3a.intoArray(c, co + 3 * ldc);
        c3b.intoArray(c, co + 3 * ldc + L);
        c4a.intoArray(c, co + 4 * ldc);
        c4b.intoArray(c, co + 4 * ldc + L);
        c5a.intoArray(c, co + 5 * ldc);
        c5b.intoArray(c, co + 5 * ldc + L);
        c6a.intoArray(c, co + 6 * ldc);
        c6b.intoArray(c, co + 6 * ldc + L);
        c7a.intoArray(c, co + 7 * ldc);
        c7b.intoArray(c, co + 7 * ldc + L);
        c8a.intoArray(c, co + 8 * ldc);
        c8b.intoArray(c, co + 8 * ldc + L);
        c9a.intoArray(c, co + 9 * ldc);
        c9b.intoArray(c, co + 9 * ldc + L);
        c10a.intoArray(c, co + 10 * ldc);
        c10b.intoArray(c, co + 10 * ldc + L);
        c11a.intoArray(c, co + 11 * ldc);
        c11b.intoArray(c, co + 11 * ldc + L);
    }

    static void kernel8(int kc, float[] a, int ao, float[] b, int bo, int bs, float[] c, int co, int ldc,
                         boolean accumulate) {
        FloatVector c0a, c0b, c1a, c1b, c2a, c2b, c3a, c3b, c4a, c4b, c5a, c5b, c6a, c6b, c7a, c7b;
        if (accumulate) {
            c0a = FloatVector.fromArray(S, c, co);
            c0b = FloatVector.fromArray(S, c, co + L);
            c1a = FloatVector.fromArray(S, c, co + 1 * ldc);
            c1b = FloatVector.fromArray(S, c, co + 1 * ldc + L);
            c2a = FloatVector.fromArray(S, c, co + 2 * ldc);
            c2b = FloatVector.fromArray(S, c, co + 2 * ldc + L);
            c3a = FloatVector.fromArray(S, c, co + 3 * ldc);
            c3b = FloatVector.fromArray(S, c, co + 3 * ldc + L);
            c4a = FloatVector.fromArray(S, c, co + 4 * ldc);
            c4b = FloatVector.fromArray(S, c, co + 4 * ldc + L);
            c5a = FloatVector.fromArray(S, c, co + 5 * ldc);
            c5b = FloatVector.fromArray(S, c, co + 5 * ldc + L);
            c6a = FloatVector.fromArray(S, c, co + 6 * ldc);
            c6b = FloatVector.fromArray(S, c, co + 6 * ldc + L);
            c7a = FloatVector.fromArray(S, c, co + 7 * ldc);
            c7b = FloatVector.fromArray(S, c, co + 7 * ldc + L);
        } else {
            c0a = FloatVector.zero(S);
            c0b = c0a;
            c1a = c0a;
            c1b = c0a;
            c2a = c0a;
            c2b = c0a;
            c3a = c0a;
            c3b = c0a;
            c4a = c0a;
            c4b = c0a;
            c5a = c0a;
            c5b = c0a;
            c6a = c0a;
            c6b = c0a;
            c7a = c0a;
            c7b = c0a;
        }
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * bs;
            int ai = ao + p * 8;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c0a = x.fma(b0, c0a);
            c0b = x.fma(b1, c0b);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c1a = x.fma(b0, c1a);
            c1b = x.fma(b1, c1b);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c2a = x.fma(b0, c2a);
            c2b = x.fma(b1, c2b);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c3a = x.fma(b0, c3a);
            c3b = x.fma(b1, c3b);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c4a = x.fma(b0, c4a);
            c4b = x.fma(b1, c4b);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c5a = x.fma(b0, c5a);
            c5b = x.fma(b1, c5b);
            x = FloatVector.broadcast(S, a[ai + 6]);
            c6a = x.fma(b0, c6a);
            c6b = x.fma(b1, c6b);
            x = FloatVector.broadcast(S, a[ai + 7]);
            c7a = x.fma(b0, c7a);
            c7b = x.fma(b1, c7b);
        }
        c0a.intoArray(c, co);
        c0b.intoArray(c, co + L);
        c1a.intoArray(c, co + 1 * ldc);
        c1b.intoArray(c, co + 1 * ldc + L);
        c2a.intoArray(c, co + 2 * ldc);
        c2b.intoArray(c, co + 2 * ldc + L);
        c3a.intoArray(c, co + 3 * ldc);
        c3b.intoArray(c, co + 3 * ldc + L);
        c4a.intoArray(c, co + 4 * ldc);
        c4b.intoArray(c, co + 4 * ldc + L);
        c5a.intoArray(c, co + 5 * ldc);
        c5b.intoArray(c, co + 5 * ldc + L);
        c6a.intoArray(c, co + 6 * ldc);
        c6b.intoArray(c, co + 6 * ldc + L);
        c7a.intoArray(c, co + 7 * ldc);
        c7b.intoArray(c, co + 7 * ldc + L);
    }

    static void kernel5(int kc, float[] a, int ao, float[] b, int bo, int bs, float[] c, int co, int ldc,
                         boolean accumulate) {
        FloatVector c0a, c0b, c1a, c1b, c2a, c2b, c3a, c3b, c4a, c4b;
        if (accumulate) {
            c0a = FloatVector.fromArray(S, c, co);
            c0b = FloatVector.fromArray(S, c, co + L);
            c1a = FloatVector.fromArray(S, c, co + 1 * ldc);
            c1b = FloatVector.fromArray(S, c, co + 1 * ldc + L);
            c2a = FloatVector.fromArray(S, c, co + 2 * ldc);
            c2b = FloatVector.fromArray(S, c, co + 2 * ldc + L);
            c3a = FloatVector.fromArray(S, c, co + 3 * ldc);
            c3b = FloatVector.fromArray(S, c, co + 3 * ldc + L);
            c4a = FloatVector.fromArray(S, c, co + 4 * ldc);
            c4b = FloatVector.fromArray(S, c, co + 4 * ldc + L);
        } else {
            c0a = FloatVector.zero(S);
            c0b = c0a;
            c1a = c0a;
            c1b = c0a;
            c2a = c0a;
            c2b = c0a;
            c3a = c0a;
            c3b = c0a;
            c4a = c0a;
            c4b = c0a;
        }
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * bs;
            int ai = ao + p * 5;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c0a = x.fma(b0, c0a);
            c0b = x.fma(b1, c0b);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c1a = x.fma(b0, c1a);
            c1b = x.fma(b1, c1b);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c2a = x.fma(b0, c2a);
            c2b = x.fma(b1, c2b);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c3a = x.fma(b0, c3a);
            c3b = x.fma(b1, c3b);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c4a = x.fma(b0, c4a);
            c4b = x.fma(b1, c4b);
        }
        c0a.intoArray(c, co);
        c0b.intoArray(c, co + L);
        c1a.intoArray(c, co + 1 * ldc);
        c1b.intoArray(c, co + 1 * ldc + L);
        c2a.intoArray(c, co + 2 * ldc);
        c2b.intoArray(c, co + 2 * ldc + L);
        c3a.intoArray(c, co + 3 * ldc);
        c3b.intoArray(c, co + 3 * ldc + L);
        c4a.intoArray(c, co + 4 * ldc);
        c4b.intoArray(c, co + 4 * ldc + L);
    }

    static void kernel4(int kc, float[] a, int ao, float[] b, int bo, int bs, float[] c, int co, int ldc,
                         boolean accumulate) {
        FloatVector c0a, c0b, c1a, c1b, c2a, c2b, c3a, c3b;
        if (accumulate) {
            c0a = FloatVector.fromArray(S, c, co);
            c0b = FloatVector.fromArray(S, c, co + L);
            c1a = FloatVector.fromArray(S, c, co + 1 * ldc);
            c1b = FloatVector.fromArray(S, c, co + 1 * ldc + L);
            c2a = FloatVector.fromArray(S, c, co + 2 * ldc);
            c2b = FloatVector.fromArray(S, c, co + 2 * ldc + L);
            c3a = FloatVector.fromArray(S, c, co + 3 * ldc);
            c3b = FloatVector.fromArray(S, c, co + 3 * ldc + L);
        } else {
            c0a = FloatVector.zero(S);
            c0b = c0a;
            c1a = c0a;
            c1b = c0a;
            c2a = c0a;
            c2b = c0a;
            c3a = c0a;
            c3b = c0a;
        }
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * bs;
            int ai = ao + p * 4;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c0a = x.fma(b0, c0a);
            c0b = x.fma(b1, c0b);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c1a = x.fma(b0, c1a);
            c1b = x.fma(b1, c1b);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c2a = x.fma(b0, c2a);
            c2b = x.fma(b1, c2b);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c3a = x.fma(b0, c3a);
            c3b = x.fma(b1, c3b);
        }
        c0a.intoArray(c, co);
        c0b.intoArray(c, co + L);
        c1a.intoArray(c, co + 1 * ldc);
        c1b.intoArray(c, co + 1 * ldc + L);
        c2a.intoArray(c, co + 2 * ldc);
        c2b.intoArray(c, co + 2 * ldc + L);
        c3a.intoArray(c, co + 3 * ldc);
        c3b.intoArray(c, co + 3 * ldc + L);
    }


    // ---- narrow products: n ≤ NR, A read in place ------------------------------------------------

    /**
     * {@code C = op(A)·op(B) (+ C)} for {@code n ≤ NR} and α = 1 (a classifier's output layer and
     * its weight gradient: 10 columns). Only B is packed, once, k x NR and zero-padded; A is read
     * in place, four rows at a time (element (i, p) at {@code i·rowStride + p·colStride}, so either
     * form of A works), and C through masks, so nothing past column n is touched. One vector per
     * row when n fits in one, else two. With A transposed (a weight gradient Hᵀ·dZ) and 32 vector
     * registers, whole vectors of rows go through {@link #narrowColumnsScatter} instead, which
     * reads the stored A contiguously and uses every lane: 128x10x64 went from 49 to 93 GFLOP/s.
     */
    static void narrow(boolean tA, boolean tB, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
                       int ldb, boolean betaZero, float[] c, int cOff, int ldc, Buffers buf) {
        narrow(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, betaZero, c, cOff, ldc, buf, SCATTERS);
    }

    /** {@link #narrow}, choosing how the column-vector kernel reaches C (tests run both ways). */
    static void narrow(boolean tA, boolean tB, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
                       int ldb, boolean betaZero, float[] c, int cOff, int ldc, Buffers buf, boolean scatter) {
        // NR floats of slack: the column-vector kernel broadcasts up to NARROW_COLS columns past a group's start.
        float[] pb = buf.packB(k * NR + NR);
        packB(tB, b, bOff, ldb, 0, k, 0, n, pb, buf.rowOffsets);
        boolean accumulate = !betaZero;
        int i = 0;
        if (tA && Lanes.REGISTERS >= 32) {
            // Aᵀ stored k x m: a row of the stored A is a column of op(A), so vectors run down the rows
            // of C, two at a time; the rows left over go through the row tiles below.
            for (int r = 0; r < 2 * L; r++) {
                buf.rowOffsets[r] = r * ldc;
            }
            for (; i + 2 * L <= m; i += 2 * L) {
                for (int j = 0; j < n; j += NARROW_COLS) {
                    int cols = Math.min(NARROW_COLS, n - j);
                    if (scatter) {
                        narrowColumnsScatter(k, cols, a, aOff + i, lda, pb, j, c, cOff + i * ldc + j, ldc, accumulate,
                                buf.rowOffsets, buf.tile);
                    } else {
                        narrowColumnsTile(k, cols, a, aOff + i, lda, pb, j, c, cOff + i * ldc + j, ldc, accumulate, buf.tile);
                    }
                }
            }
        }
        int rowStride = tA ? 1 : lda;
        int colStride = tA ? lda : 1;
        for (; i + 4 <= m; i += 4) {
            if (n <= L) {
                narrow4x1(k, n, a, aOff + i * rowStride, rowStride, colStride, pb, c, cOff + i * ldc, ldc, accumulate);
            } else {
                narrow4x2(k, n, a, aOff + i * rowStride, rowStride, colStride, pb, c, cOff + i * ldc, ldc, accumulate);
            }
        }
        for (; i < m; i++) {
            narrow1(k, n, a, aOff + i * rowStride, colStride, pb, c, cOff + i * ldc, accumulate);
        }
    }

    /**
     * Whether C is read and written with gathers and scatters in {@link #narrowColumnsScatter}: AVX-512 has
     * them at every width (a quarter faster than going through a scratch tile: 128x10x64 ran at 95
     * instead of 75 GFLOP/s); elsewhere the Vector API may emulate them lane by lane.
     */
    static final boolean SCATTERS = Lanes.MACHINE_BITS >= 512;

    /** Columns of C one pass of {@link #narrowColumnsScatter} computes: 12 columns x 2 vectors of rows = 24 accumulators. */
    static final int NARROW_COLS = 12;

    /**
     * Two vectors of rows and columns {@code [j0, j0 + cols)} ({@code cols} at most
     * {@link #NARROW_COLS}) of {@code C = Aᵀ·B (+ C)}, with Aᵀ stored k x m: for each k, two vectors
     * of A (down the rows of C, contiguous in the stored A) times a broadcast of each column's B.
     * Every lane is used whatever n is, and the 24 accumulators hide the FMA latency (the row tiles
     * with n = 10 used 10 of 16 lanes and 4 chains: 54 GFLOP/s against 75-95 here); each element is
     * still one FMA chain in k order. The accumulators hold columns of C, which go in and out through
     * gathers and scatters at {@code rowOffsets} (row r at {@code r·ldc}) or through {@code tile}
     * (element (r, j) at {@code j·2L + r}). Columns past {@code cols} compute from whatever follows
     * in {@code pb} and are never stored. Masked loads of A ran three times slower (JDK 25), so
     * only whole vectors of rows come here.
     */
    private static void narrowColumnsScatter(int k, int cols, float[] a, int a0, int lda, float[] pb, int j0, float[] c, int c0,
                                      int ldc, boolean accumulate, int[] rowOffsets, float[] tile) {
        int w = 2 * L;
        FloatVector c0a, c0b, c1a, c1b, c2a, c2b, c3a, c3b, c4a, c4b, c5a, c5b, c6a, c6b, c7a, c7b, c8a, c8b, c9a, c9b, c10a, c10b, c11a, c11b;
        if (accumulate) {
            // Through the tile even with scatters: gathers here made C2 give up on the whole method.
            for (int j = 0; j < cols; j++) {
                for (int r = 0; r < w; r++) {
                    tile[j * w + r] = c[c0 + r * ldc + j];
                }
            }
        }
        if (accumulate) {
            c0a = FloatVector.fromArray(S, tile, 0 * w);
            c0b = FloatVector.fromArray(S, tile, 0 * w + L);
            c1a = FloatVector.fromArray(S, tile, 1 * w);
            c1b = FloatVector.fromArray(S, tile, 1 * w + L);
            c2a = FloatVector.fromArray(S, tile, 2 * w);
            c2b = FloatVector.fromArray(S, tile, 2 * w + L);
            c3a = FloatVector.fromArray(S, tile, 3 * w);
            c3b = FloatVector.fromArray(S, tile, 3 * w + L);
            c4a = FloatVector.fromArray(S, tile, 4 * w);
            c4b = FloatVector.fromArray(S, tile, 4 * w + L);
            c5a = FloatVector.fromArray(S, tile, 5 * w);
            c5b = FloatVector.fromArray(S, tile, 5 * w + L);
            c6a = FloatVector.fromArray(S, tile, 6 * w);
            c6b = FloatVector.fromArray(S, tile, 6 * w + L);
            c7a = FloatVector.fromArray(S, tile, 7 * w);
            c7b = FloatVector.fromArray(S, tile, 7 * w + L);
            c8a = FloatVector.fromArray(S, tile, 8 * w);
            c8b = FloatVector.fromArray(S, tile, 8 * w + L);
            c9a = FloatVector.fromArray(S, tile, 9 * w);
            c9b = FloatVector.fromArray(S, tile, 9 * w + L);
            c10a = FloatVector.fromArray(S, tile, 10 * w);
            c10b = FloatVector.fromArray(S, tile, 10 * w + L);
            c11a = FloatVector.fromArray(S, tile, 11 * w);
            c11b = FloatVector.fromArray(S, tile, 11 * w + L);
        } else {
            c0a = FloatVector.zero(S);
            c0b = c0a;
            c1a = c0a;
            c1b = c0a;
            c2a = c0a;
            c2b = c0a;
            c3a = c0a;
            c3b = c0a;
            c4a = c0a;
            c4b = c0a;
            c5a = c0a;
            c5b = c0a;
            c6a = c0a;
            c6b = c0a;
            c7a = c0a;
            c7b = c0a;
            c8a = c0a;
            c8b = c0a;
            c9a = c0a;
            c9b = c0a;
            c10a = c0a;
            c10b = c0a;
            c11a = c0a;
            c11b = c0a;
        }
        for (int p = 0; p < k; p++) {
            int ai = a0 + p * lda;
            int bi = p * NR + j0;
            FloatVector x0 = FloatVector.fromArray(S, a, ai);
            FloatVector x1 = FloatVector.fromArray(S, a, ai + L);
            FloatVector y;
            y = FloatVector.broadcast(S, pb[bi + 0]);
            c0a = x0.fma(y, c0a);
            c0b = x1.fma(y, c0b);
            y = FloatVector.broadcast(S, pb[bi + 1]);
            c1a = x0.fma(y, c1a);
            c1b = x1.fma(y, c1b);
            y = FloatVector.broadcast(S, pb[bi + 2]);
            c2a = x0.fma(y, c2a);
            c2b = x1.fma(y, c2b);
            y = FloatVector.broadcast(S, pb[bi + 3]);
            c3a = x0.fma(y, c3a);
            c3b = x1.fma(y, c3b);
            y = FloatVector.broadcast(S, pb[bi + 4]);
            c4a = x0.fma(y, c4a);
            c4b = x1.fma(y, c4b);
            y = FloatVector.broadcast(S, pb[bi + 5]);
            c5a = x0.fma(y, c5a);
            c5b = x1.fma(y, c5b);
            y = FloatVector.broadcast(S, pb[bi + 6]);
            c6a = x0.fma(y, c6a);
            c6b = x1.fma(y, c6b);
            y = FloatVector.broadcast(S, pb[bi + 7]);
            c7a = x0.fma(y, c7a);
            c7b = x1.fma(y, c7b);
            y = FloatVector.broadcast(S, pb[bi + 8]);
            c8a = x0.fma(y, c8a);
            c8b = x1.fma(y, c8b);
            y = FloatVector.broadcast(S, pb[bi + 9]);
            c9a = x0.fma(y, c9a);
            c9b = x1.fma(y, c9b);
            y = FloatVector.broadcast(S, pb[bi + 10]);
            c10a = x0.fma(y, c10a);
            c10b = x1.fma(y, c10b);
            y = FloatVector.broadcast(S, pb[bi + 11]);
            c11a = x0.fma(y, c11a);
            c11b = x1.fma(y, c11b);
        }
        if (0 < cols) {
            c0a.intoArray(c, c0 + 0, rowOffsets, 0);
            c0b.intoArray(c, c0 + 0, rowOffsets, L);
        }
        if (1 < cols) {
            c1a.intoArray(c, c0 + 1, rowOffsets, 0);
            c1b.intoArray(c, c0 + 1, rowOffsets, L);
        }
        if (2 < cols) {
            c2a.intoArray(c, c0 + 2, rowOffsets, 0);
            c2b.intoArray(c, c0 + 2, rowOffsets, L);
        }
        if (3 < cols) {
            c3a.intoArray(c, c0 + 3, rowOffsets, 0);
            c3b.intoArray(c, c0 + 3, rowOffsets, L);
        }
        if (4 < cols) {
            c4a.intoArray(c, c0 + 4, rowOffsets, 0);
            c4b.intoArray(c, c0 + 4, rowOffsets, L);
        }
        if (5 < cols) {
            c5a.intoArray(c, c0 + 5, rowOffsets, 0);
            c5b.intoArray(c, c0 + 5, rowOffsets, L);
        }
        if (6 < cols) {
            c6a.intoArray(c, c0 + 6, rowOffsets, 0);
            c6b.intoArray(c, c0 + 6, rowOffsets, L);
        }
        if (7 < cols) {
            c7a.intoArray(c, c0 + 7, rowOffsets, 0);
            c7b.intoArray(c, c0 + 7, rowOffsets, L);
        }
        if (8 < cols) {
            c8a.intoArray(c, c0 + 8, rowOffsets, 0);
            c8b.intoArray(c, c0 + 8, rowOffsets, L);
        }
        if (9 < cols) {
            c9a.intoArray(c, c0 + 9, rowOffsets, 0);
            c9b.intoArray(c, c0 + 9, rowOffsets, L);
        }
        if (10 < cols) {
            c10a.intoArray(c, c0 + 10, rowOffsets, 0);
            c10b.intoArray(c, c0 + 10, rowOffsets, L);
        }
        if (11 < cols) {
            c11a.intoArray(c, c0 + 11, rowOffsets, 0);
            c11b.intoArray(c, c0 + 11, rowOffsets, L);
        }
    }

    /** {@link #narrowColumnsScatter} with C reached through the tile (two methods: one with both ways was too big for C1, which then never handed it to C2). */
    private static void narrowColumnsTile(int k, int cols, float[] a, int a0, int lda, float[] pb, int j0, float[] c, int c0,
                                      int ldc, boolean accumulate, float[] tile) {
        int w = 2 * L;
        FloatVector c0a, c0b, c1a, c1b, c2a, c2b, c3a, c3b, c4a, c4b, c5a, c5b, c6a, c6b, c7a, c7b, c8a, c8b, c9a, c9b, c10a, c10b, c11a, c11b;
        if (accumulate) {
            // Through the tile even with scatters: gathers here made C2 give up on the whole method.
            for (int j = 0; j < cols; j++) {
                for (int r = 0; r < w; r++) {
                    tile[j * w + r] = c[c0 + r * ldc + j];
                }
            }
        }
        if (accumulate) {
            c0a = FloatVector.fromArray(S, tile, 0 * w);
            c0b = FloatVector.fromArray(S, tile, 0 * w + L);
            c1a = FloatVector.fromArray(S, tile, 1 * w);
            c1b = FloatVector.fromArray(S, tile, 1 * w + L);
            c2a = FloatVector.fromArray(S, tile, 2 * w);
            c2b = FloatVector.fromArray(S, tile, 2 * w + L);
            c3a = FloatVector.fromArray(S, tile, 3 * w);
            c3b = FloatVector.fromArray(S, tile, 3 * w + L);
            c4a = FloatVector.fromArray(S, tile, 4 * w);
            c4b = FloatVector.fromArray(S, tile, 4 * w + L);
            c5a = FloatVector.fromArray(S, tile, 5 * w);
            c5b = FloatVector.fromArray(S, tile, 5 * w + L);
            c6a = FloatVector.fromArray(S, tile, 6 * w);
            c6b = FloatVector.fromArray(S, tile, 6 * w + L);
            c7a = FloatVector.fromArray(S, tile, 7 * w);
            c7b = FloatVector.fromArray(S, tile, 7 * w + L);
            c8a = FloatVector.fromArray(S, tile, 8 * w);
            c8b = FloatVector.fromArray(S, tile, 8 * w + L);
            c9a = FloatVector.fromArray(S, tile, 9 * w);
            c9b = FloatVector.fromArray(S, tile, 9 * w + L);
            c10a = FloatVector.fromArray(S, tile, 10 * w);
            c10b = FloatVector.fromArray(S, tile, 10 * w + L);
            c11a = FloatVector.fromArray(S, tile, 11 * w);
            c11b = FloatVector.fromArray(S, tile, 11 * w + L);
        } else {
            c0a = FloatVector.zero(S);
            c0b = c0a;
            c1a = c0a;
            c1b = c0a;
            c2a = c0a;
            c2b = c0a;
            c3a = c0a;
            c3b = c0a;
            c4a = c0a;
            c4b = c0a;
            c5a = c0a;
            c5b = c0a;
            c6a = c0a;
            c6b = c0a;
            c7a = c0a;
            c7b = c0a;
            c8a = c0a;
            c8b = c0a;
            c9a = c0a;
            c9b = c0a;
            c10a = c0a;
            c10b = c0a;
            c11a = c0a;
            c11b = c0a;
        }
        for (int p = 0; p < k; p++) {
            int ai = a0 + p * lda;
            int bi = p * NR + j0;
            FloatVector x0 = FloatVector.fromArray(S, a, ai);
            FloatVector x1 = FloatVector.fromArray(S, a, ai + L);
            FloatVector y;
            y = FloatVector.broadcast(S, pb[bi + 0]);
            c0a = x0.fma(y, c0a);
            c0b = x1.fma(y, c0b);
            y = FloatVector.broadcast(S, pb[bi + 1]);
            c1a = x0.fma(y, c1a);
            c1b = x1.fma(y, c1b);
            y = FloatVector.broadcast(S, pb[bi + 2]);
            c2a = x0.fma(y, c2a);
            c2b = x1.fma(y, c2b);
            y = FloatVector.broadcast(S, pb[bi + 3]);
            c3a = x0.fma(y, c3a);
            c3b = x1.fma(y, c3b);
            y = FloatVector.broadcast(S, pb[bi + 4]);
            c4a = x0.fma(y, c4a);
            c4b = x1.fma(y, c4b);
            y = FloatVector.broadcast(S, pb[bi + 5]);
            c5a = x0.fma(y, c5a);
            c5b = x1.fma(y, c5b);
            y = FloatVector.broadcast(S, pb[bi + 6]);
            c6a = x0.fma(y, c6a);
            c6b = x1.fma(y, c6b);
            y = FloatVector.broadcast(S, pb[bi + 7]);
            c7a = x0.fma(y, c7a);
            c7b = x1.fma(y, c7b);
            y = FloatVector.broadcast(S, pb[bi + 8]);
            c8a = x0.fma(y, c8a);
            c8b = x1.fma(y, c8b);
            y = FloatVector.broadcast(S, pb[bi + 9]);
            c9a = x0.fma(y, c9a);
            c9b = x1.fma(y, c9b);
            y = FloatVector.broadcast(S, pb[bi + 10]);
            c10a = x0.fma(y, c10a);
            c10b = x1.fma(y, c10b);
            y = FloatVector.broadcast(S, pb[bi + 11]);
            c11a = x0.fma(y, c11a);
            c11b = x1.fma(y, c11b);
        }
        c0a.intoArray(tile, 0 * w);
        c0b.intoArray(tile, 0 * w + L);
        c1a.intoArray(tile, 1 * w);
        c1b.intoArray(tile, 1 * w + L);
        c2a.intoArray(tile, 2 * w);
        c2b.intoArray(tile, 2 * w + L);
        c3a.intoArray(tile, 3 * w);
        c3b.intoArray(tile, 3 * w + L);
        c4a.intoArray(tile, 4 * w);
        c4b.intoArray(tile, 4 * w + L);
        c5a.intoArray(tile, 5 * w);
        c5b.intoArray(tile, 5 * w + L);
        c6a.intoArray(tile, 6 * w);
        c6b.intoArray(tile, 6 * w + L);
        c7a.intoArray(tile, 7 * w);
        c7b.intoArray(tile, 7 * w + L);
        c8a.intoArray(tile, 8 * w);
        c8b.intoArray(tile, 8 * w + L);
        c9a.intoArray(tile, 9 * w);
        c9b.intoArray(tile, 9 * w + L);
        c10a.intoArray(tile, 10 * w);
        c10b.intoArray(tile, 10 * w + L);
        c11a.intoArray(tile, 11 * w);
        c11b.intoArray(tile, 11 * w + L);
        for (int r = 0; r < w; r++) {
            for (int j = 0; j < cols; j++) {
                c[c0 + r * ldc + j] = tile[j * w + r];
            }
        }
    }

    private static void narrow4x1(int k, int n, float[] a, int a0, int rowStride, int colStride, float[] pb, float[] c,
                                  int c0, int ldc, boolean accumulate) {
        VectorMask<Float> cols = S.indexInRange(0, n);
        FloatVector s0, s1, s2, s3;
        if (accumulate) {
            s0 = FloatVector.fromArray(S, c, c0, cols);
            s1 = FloatVector.fromArray(S, c, c0 + ldc, cols);
            s2 = FloatVector.fromArray(S, c, c0 + 2 * ldc, cols);
            s3 = FloatVector.fromArray(S, c, c0 + 3 * ldc, cols);
        } else {
            s0 = FloatVector.zero(S);
            s1 = s0;
            s2 = s0;
            s3 = s0;
        }
        int r1 = rowStride;
        int r2 = 2 * rowStride;
        int r3 = 3 * rowStride;
        for (int p = 0; p < k; p++) {
            int ai = a0 + p * colStride;
            FloatVector bv = FloatVector.fromArray(S, pb, p * NR);
            s0 = FloatVector.broadcast(S, a[ai]).fma(bv, s0);
            s1 = FloatVector.broadcast(S, a[ai + r1]).fma(bv, s1);
            s2 = FloatVector.broadcast(S, a[ai + r2]).fma(bv, s2);
            s3 = FloatVector.broadcast(S, a[ai + r3]).fma(bv, s3);
        }
        s0.intoArray(c, c0, cols);
        s1.intoArray(c, c0 + ldc, cols);
        s2.intoArray(c, c0 + 2 * ldc, cols);
        s3.intoArray(c, c0 + 3 * ldc, cols);
    }

    private static void narrow4x2(int k, int n, float[] a, int a0, int rowStride, int colStride, float[] pb, float[] c,
                                  int c0, int ldc, boolean accumulate) {
        VectorMask<Float> first = S.indexInRange(0, n);
        VectorMask<Float> second = S.indexInRange(L, n);
        FloatVector s0a, s0b, s1a, s1b, s2a, s2b, s3a, s3b;
        if (accumulate) {
            s0a = FloatVector.fromArray(S, c, c0, first);
            s0b = FloatVector.fromArray(S, c, c0 + L, second);
            s1a = FloatVector.fromArray(S, c, c0 + ldc, first);
            s1b = FloatVector.fromArray(S, c, c0 + ldc + L, second);
            s2a = FloatVector.fromArray(S, c, c0 + 2 * ldc, first);
            s2b = FloatVector.fromArray(S, c, c0 + 2 * ldc + L, second);
            s3a = FloatVector.fromArray(S, c, c0 + 3 * ldc, first);
            s3b = FloatVector.fromArray(S, c, c0 + 3 * ldc + L, second);
        } else {
            s0a = FloatVector.zero(S);
            s0b = s0a;
            s1a = s0a;
            s1b = s0a;
            s2a = s0a;
            s2b = s0a;
            s3a = s0a;
            s3b = s0a;
        }
        int r1 = rowStride;
        int r2 = 2 * rowStride;
        int r3 = 3 * rowStride;
        for (int p = 0; p < k; p++) {
            int ai = a0 + p * colStride;
            FloatVector b0 = FloatVector.fromArray(S, pb, p * NR);
            FloatVector b1 = FloatVector.fromArray(S, pb, p * NR + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            s0a = x.fma(b0, s0a);
            s0b = x.fma(b1, s0b);
            x = FloatVector.broadcast(S, a[ai + r1]);
            s1a = x.fma(b0, s1a);
            s1b = x.fma(b1, s1b);
            x = FloatVector.broadcast(S, a[ai + r2]);
            s2a = x.fma(b0, s2a);
            s2b = x.fma(b1, s2b);
            x = FloatVector.broadcast(S, a[ai + r3]);
            s3a = x.fma(b0, s3a);
            s3b = x.fma(b1, s3b);
        }
        s0a.intoArray(c, c0, first);
        s0b.intoArray(c, c0 + L, second);
        s1a.intoArray(c, c0 + ldc, first);
        s1b.intoArray(c, c0 + ldc + L, second);
        s2a.intoArray(c, c0 + 2 * ldc, first);
        s2b.intoArray(c, c0 + 2 * ldc + L, second);
        s3a.intoArray(c, c0 + 3 * ldc, first);
        s3b.intoArray(c, c0 + 3 * ldc + L, second);
    }

    /** One row of a narrow product, two vectors wide (the second masked off when n ≤ L). */
    private static void narrow1(int k, int n, float[] a, int a0, int colStride, float[] pb, float[] c, int c0,
                                boolean accumulate) {
        VectorMask<Float> first = S.indexInRange(0, n);
        VectorMask<Float> second = S.indexInRange(L, n);
        FloatVector s0 = accumulate ? FloatVector.fromArray(S, c, c0, first) : FloatVector.zero(S);
        FloatVector s1 = accumulate ? FloatVector.fromArray(S, c, c0 + L, second) : FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            FloatVector x = FloatVector.broadcast(S, a[a0 + p * colStride]);
            s0 = x.fma(FloatVector.fromArray(S, pb, p * NR), s0);
            s1 = x.fma(FloatVector.fromArray(S, pb, p * NR + L), s1);
        }
        s0.intoArray(c, c0, first);
        s1.intoArray(c, c0 + L, second);
    }

    // ---- small products: no packing -------------------------------------------------------------

    /**
     * A small product read in place ({@code m} rows), every element the same FMA chain as
     * in the packed path. Same preconditions as {@link #block}.
     */
    static void direct(boolean tA, boolean tB, int m, int n, int k, float alpha,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       boolean betaZero, float[] c, int cOff, int ldc) {
        int aRow = tA ? 1 : lda;
        int aCol = tA ? lda : 1;
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            int ai = aOff + i * aRow;
            if (!tB) {
                // C row i = chain over p of α·A(i,p) · B row p, a vector of columns at a time.
                for (int j = 0; j < n; j += L) {
                    VectorMask<Float> cols = S.indexInRange(j, n);
                    FloatVector v = betaZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + j, cols);
                    for (int p = 0; p < k; p++) {
                        v = FloatVector.broadcast(S, alpha * a[ai + p * aCol])
                                .fma(FloatVector.fromArray(S, b, bOff + p * ldb + j, cols), v);
                    }
                    v.intoArray(c, ci + j, cols);
                }
            } else {
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float s = betaZero ? 0f : c[ci + j];
                    for (int p = 0; p < k; p++) {
                        s = Math.fma(alpha * a[ai + p * aCol], b[bj + p], s);
                    }
                    c[ci + j] = s;
                }
            }
        }
    }
}
