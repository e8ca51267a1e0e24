package dev.nnj.core.spi;

/** The scalar reference that {@link Kernels}' default methods run, so providers need not implement later additions. */
final class Reference {

    static final ScalarKernels KERNELS = new ScalarKernels();

    private Reference() {
    }
}
