/**
 * Vector API ({@code jdk.incubator.vector}) implementation of the nnj kernel SPI:
 * {@link dev.nnj.simd.SimdKernels}. Everything else in the package is an implementation detail.
 */
package dev.nnj.simd;
