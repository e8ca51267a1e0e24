/**
 * nnj simd: Vector API kernels behind the nn-core kernel SPI.
 *
 * <p>Put this module on the class or module path and start the JVM with
 * {@code --add-modules jdk.incubator.vector}; {@code Kernels.active()} then picks
 * {@link dev.nnj.simd.SimdKernels}. Without the flag nnj runs on the scalar kernels and says so
 * in one line on stderr.
 */
module dev.nnj.simd {
    // The SPI this module implements; transitive because SimdKernels is a Kernels.
    requires transitive dev.nnj.core;
    // Optional at run time: without --add-modules jdk.incubator.vector the module is not
    // resolved, SimdKernels reports itself unavailable and nnj falls back to the scalar kernels.
    requires static jdk.incubator.vector;

    exports dev.nnj.simd;

    provides dev.nnj.core.spi.Kernels with dev.nnj.simd.SimdKernels;
}
