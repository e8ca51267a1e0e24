/**
 * The kernel SPI: {@link dev.nnj.core.spi.Kernels}, the one place with loops over matrix data,
 * and {@link dev.nnj.core.spi.ScalarKernels}, the reference every implementation is tested against.
 * Provide a faster implementation with {@code provides dev.nnj.core.spi.Kernels with ...} (module
 * path) or {@code META-INF/services/dev.nnj.core.spi.Kernels} (class path).
 */
package dev.nnj.core.spi;
