/**
 * nnj simd, as a JVM older than 25 sees it (the base layer of the multi-release jar): the same
 * module, exports and service as the Java 25 descriptor in {@code META-INF/versions/25}, without
 * its {@code requires static jdk.incubator.vector}, and with a provider that reports itself
 * unavailable so that nnj runs on the scalar kernels and says in one line what to change.
 */
module dev.nnj.simd {
    // The SPI this module implements; transitive because SimdKernels is a Kernels.
    requires transitive dev.nnj.core;

    exports dev.nnj.simd;

    provides dev.nnj.core.spi.Kernels with dev.nnj.simd.SimdKernels;
}
