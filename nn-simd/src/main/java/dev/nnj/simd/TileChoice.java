package dev.nnj.simd;

import java.util.Arrays;

/**
 * Picks the register tile of the matrix product by measuring it on the run's real products,
 * because which tiles C2 keeps in registers changes between JDK versions and flags (on JDK 25
 * with AVX2, every 12-accumulator tile spills and runs at half speed). The candidates depend on
 * the register file ({@link Lanes#REGISTERS}) and the width: 14 and 12 rows with 32 vector
 * registers at 512 bits, 8 and 12 with 32 registers at narrower widths, 5 and 4 with 16 (AVX2);
 * every tile is two vectors wide. (On this project's Xeon, JDK 25: at 512 bits 14 and 12 rows ran
 * within noise of each other and 8 rows 10% slower; at 256 bits 8 rows was fastest, 14 about 8%
 * slower.) Each product shape alternates
 * between the two on its own, so that a training step whose products come in a fixed order does
 * not hand one shape to one tile; the first half of the trial only warms up (C2 compiles both),
 * and on the second half each tile's fastest run of each shape counts (noise only ever slows a
 * run down). The first candidate is kept unless the second is more than 15% faster over the
 * shapes both ran, the sign of a spill, which halves the speed. The tile changes only which
 * instructions compute an element, never its value ({@link Gemm}), so results are the same
 * whichever is chosen. {@code -Dnnj.simd.tile=ROWSxCOLUMNS} (for example {@code 14x32} at 512
 * bits; 14, 12, 8, 5 or 4 rows with 32 registers, 5 or 4 with 16) skips the trial.
 */
final class TileChoice {

    /** Large products in the trial, over all shapes; the first half is warm-up. */
    static final int TRIALS = 80;
    /** How much faster the second tile must be to replace the first: a spill, not noise. */
    private static final double MARGIN = 1.15;
    /** Products smaller than this (multiply-adds) are not timed: too short to measure. */
    private static final long MIN_MACS = 64L * 64 * 64;

    private static volatile TileChoice process;

    private final int[] candidates;
    private volatile int chosen;
    private int trials;
    /** Per product shape: runs so far, and each candidate's fastest time in the second half. */
    private final java.util.Map<Long, long[]> shapes = new java.util.HashMap<>();

    /** A trial between {@code candidates} (two tile heights, the preferred first), or a fixed tile when {@code forcedRows > 0}. */
    TileChoice(int[] candidates, int forcedRows) {
        this.candidates = candidates.clone();
        this.chosen = forcedRows;
    }

    /** The tile heights worth trying with this many vector registers at this width, the preferred first. */
    static int[] candidates(int registers, int bits) {
        // 14 rows x 2 vectors = 28 accumulators + 2 B vectors + a broadcast fit 32 registers; 5 x 2 fit 16.
        // With narrower vectors in a 32-register file, 8 rows ran fastest (256 bits on this Xeon).
        if (registers < 32) {
            return new int[] {5, 4};
        }
        return bits >= 512 ? new int[] {14, 12} : new int[] {8, 12};
    }

    /** Every tile height there is a kernel for that fits this many vector registers (what -Dnnj.simd.tile accepts). */
    static int[] heights(int registers) {
        return registers >= 32 ? new int[] {14, 12, 8, 5, 4} : new int[] {5, 4};
    }

    /**
     * The process-wide choice, made the first time; {@code forced} is the parsed
     * {@code nnj.simd.tile} (null when unset), checked against this machine's tiles.
     *
     * @throws IllegalArgumentException if the forced tile does not exist at this width and register count
     */
    static TileChoice process(int[] forced) {
        TileChoice p = process;
        if (p == null) {
            synchronized (TileChoice.class) {
                p = process;
                if (p == null) {
                    p = new TileChoice(candidates(Lanes.REGISTERS, Lanes.BITS), forced == null ? 0 : checked(forced, heights(Lanes.REGISTERS)));
                    process = p;
                }
            }
        }
        return p;
    }

    private static int checked(int[] forced, int[] options) {
        for (int rows : options) {
            if (forced[0] == rows && forced[1] == Gemm.NR) {
                return rows;
            }
        }
        StringBuilder accepted = new StringBuilder();
        for (int rows : options) {
            accepted.append(accepted.length() == 0 ? "" : " or ").append(rows).append('x').append(Gemm.NR);
        }
        throw new IllegalArgumentException("-D" + Settings.TILE + "=" + forced[0] + "x" + forced[1]
                + " is not a register tile of this machine (" + Lanes.describe() + "); use " + accepted
                + ", or leave it unset to measure");
    }

    /** The decided tile rows, or 0 while the trial runs. */
    int decided() {
        return chosen;
    }

    /** A key for a product's shape. */
    static long shape(int m, int n, int k, boolean tA, boolean tB) {
        return (((long) m * 65_537 + n) * 65_537 + k) * 4 + (tA ? 2 : 0) + (tB ? 1 : 0);
    }

    /** The tile rows for a product of this shape and size; pair with {@link #record} while {@link #decided} is 0. */
    int rowsFor(long shape, long productMacs) {
        int c = chosen;
        if (c != 0) {
            return c;
        }
        if (productMacs < MIN_MACS) {
            return candidates[0];
        }
        synchronized (this) {
            if (chosen != 0) {
                return chosen;
            }
            long[] runs = shapes.get(shape);
            return candidates[runs == null ? 0 : (int) (runs[0] % 2)];
        }
    }

    /** Records one timed product run with {@code rows}; decides once the trial is over. */
    synchronized void record(int rows, long shape, long productMacs, long elapsedNanos) {
        if (chosen != 0 || productMacs < MIN_MACS) {
            return;
        }
        long[] runs = shapes.computeIfAbsent(shape, key -> new long[] {0, Long.MAX_VALUE, Long.MAX_VALUE});
        runs[0]++;
        int i = rows == candidates[0] ? 1 : 2;
        if (trials >= TRIALS / 2) {
            runs[i] = Math.min(runs[i], elapsedNanos);
        }
        trials++;
        if (trials >= TRIALS) {
            long first = 0;
            long second = 0;
            for (long[] r : shapes.values()) {
                if (r[1] != Long.MAX_VALUE && r[2] != Long.MAX_VALUE) {
                    first += r[1];
                    second += r[2];
                }
            }
            chosen = second > 0 && MARGIN * second < first ? candidates[1] : candidates[0];
            shapes.clear();
        }
    }

    @Override
    public String toString() {
        return chosen == 0 ? "tile being measured among " + Arrays.toString(candidates) + " rows" : chosen + "x" + Gemm.NR;
    }
}
