/**
 * JMH benchmarks of the kernels: GEMM (square and the shapes of a 784-128-10 network at batch
 * 64), activations and updates, one training step, and the machine's FMA peak. Run with
 * {@code mvn -pl nn-simd -am -Pbench verify}; see docs/benchmarks.md.
 */
package dev.nnj.simd.bench;
