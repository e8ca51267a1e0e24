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

/** C = A·B on square n x n matrices with the scalar reference (up to n = 512: seconds per product beyond). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SgemmScalar {

    @Param({"256", "512"})
    int n;

    float[] a;
    float[] b;
    float[] c;
    Kernels k;

    @Setup
    public void setup() {
        a = Bench.random(1, n * n, -1f, 1f);
        b = Bench.random(2, n * n, -1f, 1f);
        c = new float[n * n];
        k = Bench.kernels("scalar", 1);
    }

    @Benchmark
    public float[] sgemm() {
        k.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        return c;
    }
}
