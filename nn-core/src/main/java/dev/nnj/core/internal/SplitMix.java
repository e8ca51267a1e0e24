package dev.nnj.core.internal;

import java.util.random.RandomGenerator;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014) with a state that can be set: a run reseeds it from
 * its seed and the epoch number, so each epoch's order is a function of the two alone and a
 * resumed run continues with exactly the orders an uninterrupted one would have used, without
 * allocating a generator per epoch.
 * <pre>{@code
 * SplitMix random = new SplitMix();
 * random.reseed(SplitMix.mix(seed ^ SplitMix.mix(epoch)));
 * Shuffle.shuffle(order, 0, order.length, random);
 * }</pre>
 */
public final class SplitMix implements RandomGenerator {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long state;

    /** Sets the state; the next outputs are a function of it alone. */
    public void reseed(long seed) {
        this.state = seed;
    }

    @Override
    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** SplitMix64's finaliser: a bijection of 64-bit values that spreads every input bit over the output. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
