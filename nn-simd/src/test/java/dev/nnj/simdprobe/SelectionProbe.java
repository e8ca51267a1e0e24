package dev.nnj.simdprobe;

import dev.nnj.core.spi.Kernels;

/**
 * Run in a fresh JVM by {@code FallbackTest}: prints the name of the active kernels and the
 * result of a tiny product computed on them. In a package of its own so that it can sit on the
 * class path while nn-simd is a named module on the module path.
 */
public final class SelectionProbe {

    private SelectionProbe() {
    }

    public static void main(String[] args) {
        Kernels k = Kernels.active();
        float[] c = new float[1];
        k.gemm(false, false, 1, 1, 2, 1f, new float[] {1f, 2f}, 0, 2, new float[] {3f, 4f}, 0, 1, 0f, c, 0, 1);
        System.out.println(k.name() + " " + c[0]);
    }
}
