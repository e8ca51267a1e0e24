package dev.nnj.simd;

import java.util.List;

/**
 * nn-simd's system properties, parsed and checked in one place before any Vector API class is
 * touched, so that a bad value is an {@link IllegalArgumentException} naming the property, the
 * value and what is accepted, never an {@code ExceptionInInitializerError} from a static
 * initializer. Holds no Vector API type (it runs when {@code jdk.incubator.vector} is absent too).
 */
final class Settings {

    /** Threads for one product: {@code -Dnnj.threads=2}; default every available processor. */
    static final String THREADS = "nnj.threads";
    /** Vector width in bits: {@code -Dnnj.simd.bits=256}; default the machine's preferred width. */
    static final String BITS = "nnj.simd.bits";
    /** Register tile of the matrix product, rows x columns: {@code -Dnnj.simd.tile=14x32}; default measured. */
    static final String TILE = "nnj.simd.tile";

    /** The widths the kernels are written for. */
    static final List<Integer> WIDTHS = List.of(128, 256, 512);

    private Settings() {
    }

    /** The thread count set by {@code value}, or every available processor when unset. */
    static int threads(String value) {
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int t = Integer.parseInt(value.trim());
            if (t >= 1) {
                return t;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + THREADS + "=" + value + " is not a thread count; use a positive integer such as -D"
                + THREADS + "=1 or -D" + THREADS + "=" + Runtime.getRuntime().availableProcessors()
                + ", or leave it unset to use every processor");
    }

    /** The vector width in bits set by {@code value}, or 0 (the machine's preferred width) when unset. */
    static int bits(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            int b = Integer.parseInt(value.trim());
            if (WIDTHS.contains(b)) {
                return b;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + BITS + "=" + value + " is not a vector width; use one of " + WIDTHS
                + " (bits, at most the machine's width), or leave it unset to use the machine's widest vectors");
    }

    /**
     * The register tile set by {@code value} as {rows, columns}, or null when unset. Only the form
     * is checked here; which tiles exist depends on the register file ({@link TileChoice#heights}, checked in {@link TileChoice#process}).
     */
    static int[] tile(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String[] parts = value.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        if (parts.length == 2) {
            try {
                int rows = Integer.parseInt(parts[0].trim());
                int cols = Integer.parseInt(parts[1].trim());
                if (rows > 0 && cols > 0) {
                    return new int[] {rows, cols};
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("-D" + TILE + "=" + value + " is not a register tile; use ROWSxCOLUMNS such as "
                + "14x32 or 12x32 with 512-bit vectors, 5x16 or 4x16 with 256-bit vectors, or leave it unset to measure");
    }
}
