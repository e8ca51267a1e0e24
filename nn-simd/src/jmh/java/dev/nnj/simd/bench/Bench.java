package dev.nnj.simd.bench;

import dev.nnj.core.spi.Kernels;
import dev.nnj.core.spi.ScalarKernels;
import dev.nnj.simd.SimdKernels;
import java.util.SplittableRandom;

/** Shared helpers: kernels by name, random data. */
final class Bench {

    private Bench() {
    }

    static Kernels kernels(String impl, int threads) {
        return switch (impl) {
            case "scalar" -> new ScalarKernels();
            case "simd" -> new SimdKernels(threads);
            default -> throw new IllegalArgumentException("impl must be scalar or simd, got " + impl);
        };
    }

    static float[] random(long seed, int n, float lo, float hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (float) r.nextDouble() * (hi - lo);
        }
        return x;
    }
}
