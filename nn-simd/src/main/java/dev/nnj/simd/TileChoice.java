package dev.nnj.simd;

/**
 * Picks the register tile by measuring it on the real products of the run, because which tiles
 * C2 keeps in registers changes between JDK versions and flags (on JDK 25 every 12-accumulator
 * tile spills and runs at half speed). The candidates, 5x16 and 4x16, both fit the 16 ymm
 * registers in theory; the first {@link #TRIALS} large products alternate between them, the
 * first half of those only warm up (C2 compiles both), and the faster one on the second half is
 * kept for the rest of the process. The tile changes only which thread computes which elements,
 * never how an element is summed, so results are the same whichever is chosen.
 * {@code -Dnnj.simd.tile=5x16} or {@code 4x16} skips the trial.
 */
final class TileChoice {

    static final String PROPERTY = "nnj.simd.tile";
    private static final int[] CANDIDATES = {5, 4};
    /** Products in the trial, alternating candidates; the first half is warm-up. */
    static final int TRIALS = 80;
    /** Products smaller than this (multiply-adds) are not timed: too short to measure. */
    private static final long MIN_MACS = 64L * 64 * 64;

    private static final TileChoice PROCESS = new TileChoice(forced(System.getProperty(PROPERTY)));

    private volatile int chosen;
    private int trials;
    private final long[] nanos = new long[CANDIDATES.length];
    private final long[] macs = new long[CANDIDATES.length];

    TileChoice(int forcedRows) {
        chosen = forcedRows;
    }

    /** The process-wide choice. */
    static TileChoice process() {
        return PROCESS;
    }

    static int forced(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        return switch (value.trim()) {
            case "5x16" -> 5;
            case "4x16" -> 4;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + " is not a tile; use 5x16 or 4x16");
        };
    }

    /** The decided tile rows, or 0 while the trial runs. */
    int decided() {
        return chosen;
    }

    /** The tile rows for a product of this many multiply-adds; pair with {@link #record} when it is a trial. */
    int rowsFor(long productMacs) {
        int c = chosen;
        if (c != 0) {
            return c;
        }
        if (productMacs < MIN_MACS) {
            return CANDIDATES[0];
        }
        synchronized (this) {
            return chosen != 0 ? chosen : CANDIDATES[trials % CANDIDATES.length];
        }
    }

    /** Records one timed product run with {@code rows}; decides once the trial is over. */
    synchronized void record(int rows, long productMacs, long elapsedNanos) {
        if (chosen != 0 || productMacs < MIN_MACS) {
            return;
        }
        int i = rows == CANDIDATES[0] ? 0 : 1;
        if (trials >= TRIALS / 2) {
            nanos[i] += elapsedNanos;
            macs[i] += productMacs;
        }
        trials++;
        if (trials >= TRIALS) {
            // Throughput compared as macs/nanos without division: a0/n0 >= a1/n1.
            boolean first = (double) macs[0] * nanos[1] >= (double) macs[1] * nanos[0];
            chosen = first ? CANDIDATES[0] : CANDIDATES[1];
        }
    }
}
