/**
 * nnj core: the model ({@link dev.nnj.core.Sequential}), layers, losses, optimizers, the
 * training DSL, and the kernel SPI with its scalar reference implementation. Depends on the JDK only.
 */
module dev.nnj.core {
    exports dev.nnj.core;
    exports dev.nnj.core.spi;
    // Shared pieces (one shuffle, one split rule, one atomic file write) for nnj's own modules only; not API.
    // nn-spark cannot use them: Spark runs on the class path, where a qualified export does not reach.
    exports dev.nnj.core.internal to dev.nnj.data, dev.nnj.simd, dev.nnj.plot;

    // Faster kernels (nn-simd) plug in as service providers; nn-core never names them.
    uses dev.nnj.core.spi.Kernels;
    // The allocation test reads com.sun.management.ThreadMXBean; only tests need it, so it is not required here.
}
