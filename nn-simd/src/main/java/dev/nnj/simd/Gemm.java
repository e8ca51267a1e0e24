package dev.nnj.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision GEMM, row-major, {@code C = α·op(A)·op(B) + β·C}, in the BLIS shape:
 * <pre>
 * for jc in N step NC                 B panel KC x NC, packed into NR-wide slivers (k-major, zero-padded)
 *   for pc in K step KC
 *     for ic in M step MC             A block MC x KC, packed into MR-tall slivers (α applied here)
 *       for jr in NC step NR          one B sliver (KC x 16 = 16 KiB) stays in L1
 *         for ir in MC step MR        micro-kernel: an MR x 16 tile of C in registers
 * </pre>
 * Packing makes the four transpose forms the same problem. Edge tiles run the same micro-kernel
 * on a scratch tile, so every element of C is computed by the same chain of FMAs in k order
 * (per KC block) wherever it falls; this is what makes the result independent of the thread
 * split, and whichever tile (MR = 5 or 4 rows, see {@link TileChoice}) runs. Products too small
 * to pay for packing take {@link #direct} paths that read A and B in place. {@code nnj.simd.kc},
 * {@code nnj.simd.mc} and {@code nnj.simd.direct} are tuning knobs for experiments (KC changes the
 * summation order, so results then differ in the last bits).
 */
final class Gemm {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    static final int L = 8;
    static final int NR = 16;
    static final int KC = Integer.getInteger("nnj.simd.kc", 256);
    static final int NC = 4096;
    /** The largest register tile has 5 rows (the scratch edge tile is sized for it). */
    static final int MAX_MR = 5;
    /** Rows of an A block, before rounding to the tile: about 150 KB of packed A, which stays in L2 (512 KB on Zen 3). */
    static final int MC = Integer.getInteger("nnj.simd.mc", 150);
    /** Below this many multiply-adds the direct (unpacked) path runs. */
    static final long DIRECT_MAX = Long.getLong("nnj.simd.direct", 16L * 16 * 16);
    /** Below this many multiply-adds one thread does the whole product. */
    static final long PARALLEL_MIN = 96L * 96 * 96;

    /** Per-thread scratch: packed panels and the edge tile. Grown on first use, then reused. */
    static final class Buffers {
        float[] packA = new float[0];
        float[] packB = new float[0];
        final float[] tile = new float[MAX_MR * NR];
    }

    private Gemm() {
    }

    // ---- the whole product, or one rectangle of C -----------------------------------------

    /**
     * Computes rows {@code [m0, m1)} and columns {@code [n0, n1)} of C. Preconditions: k > 0;
     * C already scaled by β when β is neither 0 nor 1 ({@code betaZero} tells whether C is
     * read at all).
     */
    static void block(boolean tA, boolean tB, int m0, int m1, int n0, int n1, int k,
                      float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      boolean betaZero, float[] c, int cOff, int ldc, int mr, Buffers buf) {
        int mcMax = mr * (MC / mr);
        for (int jc = n0; jc < n1; jc += NC) {
            int nc = Math.min(NC, n1 - jc);
            int ncPad = (nc + NR - 1) / NR * NR;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                if (buf.packB.length < kc * ncPad) {
                    buf.packB = new float[KC * Math.max(ncPad, Math.min(NC, 256))];
                }
                packB(tB, b, bOff, ldb, pc, kc, jc, nc, buf.packB);
                boolean accumulate = pc > 0 || !betaZero;
                for (int ic = m0; ic < m1; ic += mcMax) {
                    int mc = Math.min(mcMax, m1 - ic);
                    if (buf.packA.length < MC * KC + L) {
                        buf.packA = new float[MC * KC + L];
                    }
                    // Literal tile rows, so that the inlined packing and tile loops see constant strides.
                    if (mr == 5) {
                        packA(tA, alpha, a, aOff, lda, ic, mc, pc, kc, 5, buf.packA);
                        macro(mc, nc, kc, 5, buf.packA, buf.packB, c, cOff + ic * ldc + jc, ldc, accumulate, buf.tile);
                    } else {
                        packA(tA, alpha, a, aOff, lda, ic, mc, pc, kc, 4, buf.packA);
                        macro(mc, nc, kc, 4, buf.packA, buf.packB, c, cOff + ic * ldc + jc, ldc, accumulate, buf.tile);
                    }
                }
            }
        }
    }

    /** All MR x NR tiles of one packed A block times one packed B panel. */
    private static void macro(int mc, int nc, int kc, int mrFull, float[] pa, float[] pb, float[] c, int cOff, int ldc,
                              boolean accumulate, float[] tile) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bo = jr * kc;
            for (int ir = 0; ir < mc; ir += mrFull) {
                int mr = Math.min(mrFull, mc - ir);
                int ao = ir * kc;
                int co = cOff + ir * ldc + jr;
                if (mr == mrFull && nr == NR) {
                    kernel(mrFull, kc, pa, ao, pb, bo, c, co, ldc, accumulate);
                } else {
                    edge(mrFull, mr, nr, kc, pa, ao, pb, bo, c, co, ldc, accumulate, tile);
                }
            }
        }
    }

    /** A partial tile: the same micro-kernel on a zero-padded scratch tile, then the valid part copied. */
    private static void edge(int mrFull, int mr, int nr, int kc, float[] pa, int ao, float[] pb, int bo,
                             float[] c, int co, int ldc, boolean accumulate, float[] tile) {
        if (accumulate) {
            java.util.Arrays.fill(tile, 0f);
            for (int r = 0; r < mr; r++) {
                System.arraycopy(c, co + r * ldc, tile, r * NR, nr);
            }
        }
        kernel(mrFull, kc, pa, ao, pb, bo, tile, 0, NR, accumulate);
        for (int r = 0; r < mr; r++) {
            System.arraycopy(tile, r * NR, c, co + r * ldc, nr);
        }
    }

    private static void kernel(int mr, int kc, float[] pa, int ao, float[] pb, int bo, float[] c, int co, int ldc,
                               boolean accumulate) {
        if (mr == 5) {
            kernel5x16(kc, pa, ao, pb, bo, c, co, ldc, accumulate);
        } else {
            kernel4x16(kc, pa, ao, pb, bo, c, co, ldc, accumulate);
        }
    }

    // ---- packing ------------------------------------------------------------------------------

    /**
     * Packs {@code α·op(A)[ic .. ic+mc, pc .. pc+kc]} into MR-row slivers; in each sliver element
     * (r, p) sits at {@code p·MR + r}. Rows past mc are zero.
     */
    static void packA(boolean tA, float alpha, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
                      int mrFull, float[] dst) {
        for (int ir = 0; ir < mc; ir += mrFull) {
            int mr = Math.min(mrFull, mc - ir);
            int base = ir * kc;
            if (!tA) {
                if (mrFull == 5) {
                    packRows(alpha, a, aOff + (ic + ir) * lda + pc, lda, mr, kc, dst, base, 5);
                } else {
                    packRows(alpha, a, aOff + (ic + ir) * lda + pc, lda, mr, kc, dst, base, 4);
                }
            } else {
                // Aᵀ stored k x m: each k gives mrFull contiguous values. One 8-lane copy per k when it
                // fits in both arrays; the 8 − mrFull extra lanes are overwritten by the next k (or lie in
                // the slack at the end of the buffer).
                int p = 0;
                int src0 = aOff + pc * lda + ic + ir;
                if (mr == mrFull) {
                    for (; p < kc && src0 + p * lda + L <= a.length && base + p * mrFull + L <= dst.length; p++) {
                        FloatVector.fromArray(S, a, src0 + p * lda).mul(alpha).intoArray(dst, base + p * mrFull);
                    }
                }
                for (; p < kc; p++) {
                    int src = src0 + p * lda;
                    int d = base + p * mrFull;
                    for (int r = 0; r < mr; r++) {
                        dst[d + r] = alpha * a[src + r];
                    }
                }
            }
            if (mr < mrFull) {
                for (int p = 0; p < kc; p++) {
                    for (int r = mr; r < mrFull; r++) {
                        dst[base + p * mrFull + r] = 0f;
                    }
                }
            }
        }
    }

    /** Rows of A into one k-major sliver: element (r, p) to {@code base + p·stride + r}. Small, so it inlines with a constant stride. */
    private static void packRows(float alpha, float[] a, int src0, int lda, int rows, int kc, float[] dst, int base,
                                 int stride) {
        for (int r = 0; r < rows; r++) {
            int src = src0 + r * lda;
            int d = base + r;
            for (int p = 0; p < kc; p++) {
                dst[d + p * stride] = alpha * a[src + p];
            }
        }
    }

    /**
     * Packs {@code op(B)[pc .. pc+kc, jc .. jc+nc]} into NR-column slivers; in each sliver element
     * (p, j) sits at {@code p·NR + j}. Columns past nc are zero.
     */
    static void packB(boolean tB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] dst) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = jr * kc;
            if (!tB) {
                if (nr == NR) {
                    for (int p = 0; p < kc; p++) {
                        int src = bOff + (pc + p) * ldb + jc + jr;
                        FloatVector.fromArray(S, b, src).intoArray(dst, base + p * NR);
                        FloatVector.fromArray(S, b, src + L).intoArray(dst, base + p * NR + L);
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        int src = bOff + (pc + p) * ldb + jc + jr;
                        int d = base + p * NR;
                        for (int j = 0; j < nr; j++) {
                            dst[d + j] = b[src + j];
                        }
                        for (int j = nr; j < NR; j++) {
                            dst[d + j] = 0f;
                        }
                    }
                }
            } else {
                // Bᵀ stored n x k: a transpose; reading each source row once, contiguously, was the
                // fastest order measured (writing contiguously was 3x slower).
                for (int j = 0; j < nr; j++) {
                    int src = bOff + (jc + jr + j) * ldb + pc;
                    int d = base + j;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * NR] = b[src + p];
                    }
                }
                for (int j = nr; j < NR; j++) {
                    for (int p = 0; p < kc; p++) {
                        dst[base + j + p * NR] = 0f;
                    }
                }
            }
        }
    }

    // ---- micro-kernels --------------------------------------------------------------------------
    // One small static method each, accumulators in locals, broadcasts straight from the packed
    // array (vbroadcastss m32), constant strides so C2 removes the bounds checks. 5x16 keeps 10
    // accumulators + 2 B vectors + a broadcast in the 16 ymm registers; 12-accumulator tiles
    // (6x16, 4x24) make C2 on JDK 25 spill one accumulator and run at half speed.

    static void kernel5x16(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc,
                           boolean accumulate) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41;
        int r1 = co + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, co);
            c01 = FloatVector.fromArray(S, c, co + L);
            c10 = FloatVector.fromArray(S, c, r1);
            c11 = FloatVector.fromArray(S, c, r1 + L);
            c20 = FloatVector.fromArray(S, c, r2);
            c21 = FloatVector.fromArray(S, c, r2 + L);
            c30 = FloatVector.fromArray(S, c, r3);
            c31 = FloatVector.fromArray(S, c, r3 + L);
            c40 = FloatVector.fromArray(S, c, r4);
            c41 = FloatVector.fromArray(S, c, r4 + L);
        } else {
            c00 = FloatVector.zero(S);
            c01 = c00;
            c10 = c00;
            c11 = c00;
            c20 = c00;
            c21 = c00;
            c30 = c00;
            c31 = c00;
            c40 = c00;
            c41 = c00;
        }
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * 16;
            int ai = ao + p * 5;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + 8);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + L);
    }

    static void kernel4x16(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc,
                           boolean accumulate) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31;
        int r1 = co + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, co);
            c01 = FloatVector.fromArray(S, c, co + L);
            c10 = FloatVector.fromArray(S, c, r1);
            c11 = FloatVector.fromArray(S, c, r1 + L);
            c20 = FloatVector.fromArray(S, c, r2);
            c21 = FloatVector.fromArray(S, c, r2 + L);
            c30 = FloatVector.fromArray(S, c, r3);
            c31 = FloatVector.fromArray(S, c, r3 + L);
        } else {
            c00 = FloatVector.zero(S);
            c01 = c00;
            c10 = c00;
            c11 = c00;
            c20 = c00;
            c21 = c00;
            c30 = c00;
            c31 = c00;
        }
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * 16;
            int ai = ao + p * 4;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + 8);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
    }

    // ---- narrow products: n ≤ 16, A read in place ------------------------------------------------

    /**
     * {@code C = A·op(B) (+ C)} for {@code n ≤ NR}, α = 1 and A not transposed (the output layer of
     * a classifier: 10 columns). Only B is packed, once, k x 16 and zero-padded; A is read in place,
     * five rows at a time, into a scratch tile whose first n columns go to C. Every element is one
     * chain of FMAs in k order, the same for the 5-row and the 1-row kernel.
     */
    static void narrow(boolean tB, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       boolean betaZero, float[] c, int cOff, int ldc, Buffers buf) {
        if (buf.packB.length < k * NR) {
            buf.packB = new float[k * NR];
        }
        float[] pb = buf.packB;
        packB(tB, b, bOff, ldb, 0, k, 0, n, pb);
        float[] tile = buf.tile;
        for (int i = 0; i < m; ) {
            int rows = m - i >= 5 ? 5 : 1;
            int ci = cOff + i * ldc;
            if (!betaZero) {
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < NR; j++) {
                        tile[r * NR + j] = j < n ? c[ci + r * ldc + j] : 0f;
                    }
                }
            }
            if (rows == 5) {
                narrow5(k, a, aOff + i * lda, lda, pb, tile, !betaZero);
            } else {
                narrow1(k, a, aOff + i * lda, pb, tile, !betaZero);
            }
            for (int r = 0; r < rows; r++) {
                System.arraycopy(tile, r * NR, c, ci + r * ldc, n);
            }
            i += rows;
        }
    }

    private static void narrow5(int k, float[] a, int a0, int lda, float[] pb, float[] t, boolean accumulate) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, t, 0);
            c01 = FloatVector.fromArray(S, t, 8);
            c10 = FloatVector.fromArray(S, t, 16);
            c11 = FloatVector.fromArray(S, t, 24);
            c20 = FloatVector.fromArray(S, t, 32);
            c21 = FloatVector.fromArray(S, t, 40);
            c30 = FloatVector.fromArray(S, t, 48);
            c31 = FloatVector.fromArray(S, t, 56);
            c40 = FloatVector.fromArray(S, t, 64);
            c41 = FloatVector.fromArray(S, t, 72);
        } else {
            c00 = FloatVector.zero(S);
            c01 = c00;
            c10 = c00;
            c11 = c00;
            c20 = c00;
            c21 = c00;
            c30 = c00;
            c31 = c00;
            c40 = c00;
            c41 = c00;
        }
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        for (int p = 0; p < k; p++) {
            FloatVector b0 = FloatVector.fromArray(S, pb, p * 16);
            FloatVector b1 = FloatVector.fromArray(S, pb, p * 16 + 8);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
        }
        c00.intoArray(t, 0);
        c01.intoArray(t, 8);
        c10.intoArray(t, 16);
        c11.intoArray(t, 24);
        c20.intoArray(t, 32);
        c21.intoArray(t, 40);
        c30.intoArray(t, 48);
        c31.intoArray(t, 56);
        c40.intoArray(t, 64);
        c41.intoArray(t, 72);
    }

    private static void narrow1(int k, float[] a, int a0, float[] pb, float[] t, boolean accumulate) {
        FloatVector c0 = accumulate ? FloatVector.fromArray(S, t, 0) : FloatVector.zero(S);
        FloatVector c1 = accumulate ? FloatVector.fromArray(S, t, 8) : FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c0 = x.fma(FloatVector.fromArray(S, pb, p * 16), c0);
            c1 = x.fma(FloatVector.fromArray(S, pb, p * 16 + 8), c1);
        }
        c0.intoArray(t, 0);
        c1.intoArray(t, 8);
    }

    // ---- small products: no packing -------------------------------------------------------------

    /**
     * Rows {@code [m0, m1)} of a small product read in place. Not for {@code tA && tB} (that form
     * always packs). Same preconditions as {@link #block}.
     */
    static void direct(boolean tA, boolean tB, int m0, int m1, int n, int k, float alpha,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       boolean betaZero, float[] c, int cOff, int ldc) {
        if (!tB) {
            // C row i += Σ_p α·A(i,p) · B row p, 32 then 8 columns in registers, then a scalar tail.
            int aRow = tA ? 1 : lda;
            int aCol = tA ? lda : 1;
            for (int i = m0; i < m1; i++) {
                int ci = cOff + i * ldc;
                int ai = aOff + i * aRow;
                int j = 0;
                for (; j + 4 * L <= n; j += 4 * L) {
                    FloatVector v0, v1, v2, v3;
                    if (betaZero) {
                        v0 = FloatVector.zero(S);
                        v1 = v0;
                        v2 = v0;
                        v3 = v0;
                    } else {
                        v0 = FloatVector.fromArray(S, c, ci + j);
                        v1 = FloatVector.fromArray(S, c, ci + j + L);
                        v2 = FloatVector.fromArray(S, c, ci + j + 2 * L);
                        v3 = FloatVector.fromArray(S, c, ci + j + 3 * L);
                    }
                    for (int p = 0; p < k; p++) {
                        FloatVector x = FloatVector.broadcast(S, alpha * a[ai + p * aCol]);
                        int bp = bOff + p * ldb + j;
                        v0 = x.fma(FloatVector.fromArray(S, b, bp), v0);
                        v1 = x.fma(FloatVector.fromArray(S, b, bp + L), v1);
                        v2 = x.fma(FloatVector.fromArray(S, b, bp + 2 * L), v2);
                        v3 = x.fma(FloatVector.fromArray(S, b, bp + 3 * L), v3);
                    }
                    v0.intoArray(c, ci + j);
                    v1.intoArray(c, ci + j + L);
                    v2.intoArray(c, ci + j + 2 * L);
                    v3.intoArray(c, ci + j + 3 * L);
                }
                for (; j + L <= n; j += L) {
                    FloatVector v = betaZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + j);
                    for (int p = 0; p < k; p++) {
                        v = FloatVector.broadcast(S, alpha * a[ai + p * aCol])
                                .fma(FloatVector.fromArray(S, b, bOff + p * ldb + j), v);
                    }
                    v.intoArray(c, ci + j);
                }
                for (; j < n; j++) {
                    float s = betaZero ? 0f : c[ci + j];
                    for (int p = 0; p < k; p++) {
                        s = Math.fma(alpha * a[ai + p * aCol], b[bOff + p * ldb + j], s);
                    }
                    c[ci + j] = s;
                }
            }
        } else {
            // A·Bᵀ: both operands run along k; dot products, 8 lanes at a time, then a scalar tail.
            int kv = k & ~(L - 1);
            for (int i = m0; i < m1; i++) {
                int ai = aOff + i * lda;
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    FloatVector acc = FloatVector.zero(S);
                    for (int p = 0; p < kv; p += L) {
                        acc = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bj + p), acc);
                    }
                    float s = acc.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
                    for (int p = kv; p < k; p++) {
                        s = Math.fma(a[ai + p], b[bj + p], s);
                    }
                    c[ci + j] = (betaZero ? 0f : c[ci + j]) + alpha * s;
                }
            }
        }
    }
}
