/** nnj simd: Vector API kernels behind the nn-core kernel SPI. */
module dev.nnj.simd {
    // The SPI this module implements.
    requires dev.nnj.core;
}
