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
 * One SGD step of a 784-128-10 network (dense, relu, dense, softmax with cross-entropy) on a
 * batch of 64, written directly on the kernels: forward, fused softmax cross-entropy, backward
 * (no dX for the first layer), SGD update. Samples/s = 64 / time. Run with {@code -prof gc} to
 * see its allocation (it should be none).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TrainingStep {

    static final int B = 64;
    static final int IN = 784;
    static final int H = 128;
    static final int OUT = 10;

    @Param({"scalar-1", "simd-1", "simd-2"})
    String kernels;

    Kernels k;
    float[] x;
    float[] t;
    float[] w1;
    float[] b1;
    float[] w2;
    float[] b2;
    float[] z1;
    float[] a1;
    float[] z2;
    float[] dz2;
    float[] da1;
    float[] dz1;
    float[] dw1;
    float[] db1;
    float[] dw2;
    float[] db2;

    @Setup
    public void setup() {
        String[] p = kernels.split("-");
        k = Bench.kernels(p[0], Integer.parseInt(p[1]));
        x = Bench.random(1, B * IN, 0f, 1f);
        t = new float[B * OUT];
        for (int i = 0; i < B; i++) {
            t[i * OUT + i % OUT] = 1f;
        }
        w1 = Bench.random(2, IN * H, -0.05f, 0.05f);
        b1 = new float[H];
        w2 = Bench.random(3, H * OUT, -0.2f, 0.2f);
        b2 = new float[OUT];
        z1 = new float[B * H];
        a1 = new float[B * H];
        z2 = new float[B * OUT];
        dz2 = new float[B * OUT];
        da1 = new float[B * H];
        dz1 = new float[B * H];
        dw1 = new float[IN * H];
        db1 = new float[H];
        dw2 = new float[H * OUT];
        db2 = new float[OUT];
    }

    @Benchmark
    public float step() {
        // forward
        k.gemm(false, false, B, H, IN, 1f, x, 0, IN, w1, 0, H, 0f, z1, 0, H);
        k.addBias(B, H, z1, 0, H, b1, 0);
        k.relu(B * H, z1, 0, a1, 0);
        k.gemm(false, false, B, OUT, H, 1f, a1, 0, H, w2, 0, OUT, 0f, z2, 0, OUT);
        k.addBias(B, OUT, z2, 0, OUT, b2, 0);
        float loss = k.softmaxCrossEntropy(B, OUT, z2, 0, t, 0, dz2, 0, 1f / B);
        // backward
        k.gemm(true, false, H, OUT, B, 1f, a1, 0, H, dz2, 0, OUT, 0f, dw2, 0, OUT);
        k.columnSums(B, OUT, dz2, 0, OUT, 0f, db2, 0);
        k.gemm(false, true, B, H, OUT, 1f, dz2, 0, OUT, w2, 0, OUT, 0f, da1, 0, H);
        k.reluBackward(B * H, z1, 0, da1, 0, dz1, 0);
        k.gemm(true, false, IN, H, B, 1f, x, 0, IN, dz1, 0, H, 0f, dw1, 0, H);
        k.columnSums(B, H, dz1, 0, H, 0f, db1, 0);
        // update
        k.sgdUpdate(IN * H, 0.01f, w1, 0, dw1, 0);
        k.sgdUpdate(H, 0.01f, b1, 0, db1, 0);
        k.sgdUpdate(H * OUT, 0.01f, w2, 0, dw2, 0);
        k.sgdUpdate(OUT, 0.01f, b2, 0, db2, 0);
        return loss;
    }
}
