package dev.nnj.simd.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The attainable float peak of one core: twelve independent chains of FMAs at the machine's
 * vector width (or {@code -Dnnj.simd.bits}), more than the 2 pipes x 4 cycles of latency needed
 * to keep both FMA units busy, no memory traffic. Throughput in operations per nanosecond, where
 * one operation is one floating-point operation, reads directly as GFLOP/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FmaPeak {

    private static final VectorSpecies<Float> S = Integer.getInteger("nnj.simd.bits", 0) == 0 ? FloatVector.SPECIES_PREFERRED
            : VectorSpecies.of(float.class, VectorShape.forBitSize(Integer.getInteger("nnj.simd.bits")));
    /** Lane-iterations per call: 2^20 loop iterations at 16 lanes, 2^21 at 8, so every width does the same flops. */
    private static final int LANE_ITERATIONS = 1 << 24;
    private static final int ITERATIONS = LANE_ITERATIONS / S.length();
    /** 12 chains x 2 flops per lane and iteration. */
    private static final int FLOPS = LANE_ITERATIONS * 12 * 2;

    float a = 0.999f;
    float b = 0.001f;

    @Benchmark
    @OperationsPerInvocation(FLOPS)
    public float twelveFmaChains() {
        FloatVector x = FloatVector.broadcast(S, a);
        FloatVector y = FloatVector.broadcast(S, b);
        FloatVector c0 = FloatVector.broadcast(S, 0.1f);
        FloatVector c1 = FloatVector.broadcast(S, 0.2f);
        FloatVector c2 = FloatVector.broadcast(S, 0.3f);
        FloatVector c3 = FloatVector.broadcast(S, 0.4f);
        FloatVector c4 = FloatVector.broadcast(S, 0.5f);
        FloatVector c5 = FloatVector.broadcast(S, 0.6f);
        FloatVector c6 = FloatVector.broadcast(S, 0.7f);
        FloatVector c7 = FloatVector.broadcast(S, 0.8f);
        FloatVector c8 = FloatVector.broadcast(S, 0.9f);
        FloatVector c9 = FloatVector.broadcast(S, 1.0f);
        FloatVector c10 = FloatVector.broadcast(S, 1.1f);
        FloatVector c11 = FloatVector.broadcast(S, 1.2f);
        for (int i = 0; i < ITERATIONS; i++) {
            c0 = c0.fma(x, y);
            c1 = c1.fma(x, y);
            c2 = c2.fma(x, y);
            c3 = c3.fma(x, y);
            c4 = c4.fma(x, y);
            c5 = c5.fma(x, y);
            c6 = c6.fma(x, y);
            c7 = c7.fma(x, y);
            c8 = c8.fma(x, y);
            c9 = c9.fma(x, y);
            c10 = c10.fma(x, y);
            c11 = c11.fma(x, y);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).lane(0);
    }
}
