package dev.nnj.core.spi;

/**
 * Run in a fresh JVM by {@code KernelSelectionTest}: asks for the active kernels twice and prints,
 * for each time, their name or the exception that came instead (class and message, one line).
 */
public final class KernelSelectionProbe {

    private KernelSelectionProbe() {
    }

    public static void main(String[] args) {
        for (int i = 0; i < 2; i++) {
            try {
                System.out.println(Kernels.active().name());
            } catch (RuntimeException | Error e) {
                System.out.println(e);
            }
        }
    }
}
