package dev.nnj.simd;

/**
 * Picks the register tile by measuring it on the real products of the run, because which tiles
 * C2 keeps in registers changes between JDK versions and flags (on JDK 25 every 12-accumulator
 * tile spills and runs at half speed). The candidates, 5x16 and 4x16, both fit the 16 ymm
 * registers in theory; the first {@link #TRIALS} large products alternate between them, the
 * first half of those only warm up (C2 compiles both), and on the second half 5x16 is kept unless
 * 4x16 is more than 15% faster (the sign of a spill, which halves the speed). The tile changes only which thread computes which elements,
 * never how an element is summed, so results are the same whichever is chosen.
 * {@code -Dnnj.simd.tile=5x16} or {@code 4x16} skips the trial.
 */
final class TileChoice {

    static final String PROPERTY = "nnj.simd.tile";
    private static final int[] CANDIDATES = {5, 4};
    /** Products in the trial, alternating candidates; the first half is warm-up. */
    static final int TRIALS = 80;
    /** How much faster the fallback tile must be to replace the first: a spill, not noise. */
    private static final double MARGIN = 1.15;
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
            // The first candidate (5x16, faster on large products when nothing spills) keeps its place
            // unless the second is clearly faster: a spilled tile runs at about half speed, while
            // noise on a shared machine is a few percent. Compared as a1/n1 > MARGIN · a0/n0.
            boolean second = (double) macs[1] * nanos[0] > MARGIN * macs[0] * nanos[1];
            chosen = second ? CANDIDATES[1] : CANDIDATES[0];
        }
    }
}
