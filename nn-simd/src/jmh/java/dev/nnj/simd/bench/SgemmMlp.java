package dev.nnj.simd.bench;

import dev.nnj.core.spi.Kernels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The GEMMs of a 784-128-10 network at batch 64, as {@code MxNxK:form} (form NN = A·B,
 * TN = Aᵀ·B, NT = A·Bᵀ): forward X·W1 (64x784 · 784x128) and H·W2 (64x128 · 128x10); backward
 * dW2 = Hᵀ·dZ2 (128x64 · 64x10), dH = dZ2·W2ᵀ (64x10 · 10x128), dW1 = Xᵀ·dZ1 (784x64 · 64x128),
 * and dX = dZ1·W1ᵀ (64x128 · 128x784), which a first layer skips but any hidden layer of that
 * size needs. {@code layer} adds the bias and ReLU after the product, as a dense layer does.
 * GFLOP/s = 2MNK / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SgemmMlp {

    @Param({"64x128x784:NN", "64x10x128:NN", "128x10x64:TN", "64x128x10:NT", "784x128x64:TN", "64x784x128:NT"})
    String shape;

    /** Implementation and thread count. */
    @Param({"scalar-1", "simd-1", "simd-2"})
    String kernels;

    int m;
    int n;
    int kk;
    boolean tA;
    boolean tB;
    float[] a;
    float[] b;
    float[] c;
    float[] bias;
    Kernels k;

    @Setup
    public void setup() {
        String[] dims = shape.split(":")[0].split("x");
        m = Integer.parseInt(dims[0]);
        n = Integer.parseInt(dims[1]);
        kk = Integer.parseInt(dims[2]);
        tA = shape.endsWith(":TN");
        tB = shape.endsWith(":NT");
        a = Bench.random(1, m * kk, -1f, 1f);
        b = Bench.random(2, kk * n, -1f, 1f);
        c = new float[m * n];
        bias = Bench.random(3, n, -1f, 1f);
        String[] p = kernels.split("-");
        k = Bench.kernels(p[0], Integer.parseInt(p[1]));
    }

    @Benchmark
    public float[] gemm() {
        k.gemm(tA, tB, m, n, kk, 1f, a, 0, tA ? m : kk, b, 0, tB ? kk : n, 0f, c, 0, n);
        return c;
    }

    @Benchmark
    public float[] layer() {
        k.gemm(tA, tB, m, n, kk, 1f, a, 0, tA ? m : kk, b, 0, tB ? kk : n, 0f, c, 0, n);
        k.addBias(m, n, c, 0, n, bias, 0);
        k.relu(m * n, c, 0, c, 0);
        return c;
    }
}
