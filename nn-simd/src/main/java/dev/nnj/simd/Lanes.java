package dev.nnj.simd;

import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species every kernel uses, fixed once per process: the machine's preferred width
 * (512 bits with AVX-512, 256 with AVX2, 128 with NEON), or a narrower one forced by
 * {@code -Dnnj.simd.bits}. Held in a {@code static final} so that C2 folds it into the kernels
 * as a constant; a species in a field or parameter of a large kernel stops the Vector API
 * intrinsics from applying.
 *
 * <p>Reading the property here never throws: {@link SimdKernels} has already checked its form (see
 * {@link Settings#bits}); a width wider than the machine's is refused when the kernels are made,
 * naming the property.
 */
final class Lanes {

    /** The widest vectors this machine's JIT compiles to. */
    static final int MACHINE_BITS = FloatVector.SPECIES_PREFERRED.vectorBitSize();

    /** The width the kernels run at. */
    static final int BITS = chosenBits();

    static final VectorSpecies<Float> S = VectorSpecies.of(float.class, VectorShape.forBitSize(BITS));

    /** Floats per vector. */
    static final int L = S.length();

    /**
     * Vector registers the JIT can allocate: 32 with AVX-512 (zmm0-31, and their ymm/xmm halves
     * even when a narrower width is forced) and on AArch64; 16 with AVX2 (ymm0-15) and elsewhere.
     * Register tiles are sized for this.
     */
    static final int REGISTERS = registers();

    private Lanes() {
    }

    private static int chosenBits() {
        int wanted;
        try {
            wanted = Settings.bits(System.getProperty(Settings.BITS));
        } catch (IllegalArgumentException e) {
            wanted = 0;
        }
        return wanted == 0 || wanted > MACHINE_BITS ? MACHINE_BITS : wanted;
    }

    private static int registers() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (arch.equals("aarch64") || arch.equals("riscv64")) {
            return 32;
        }
        return MACHINE_BITS >= 512 ? 32 : 16;
    }

    /** E.g. {@code "512-bit (16 floats), 32 registers"}. */
    static String describe() {
        return BITS + "-bit (" + L + " floats), " + REGISTERS + " registers";
    }
}
