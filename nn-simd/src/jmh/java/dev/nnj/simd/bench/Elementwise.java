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
 * Activations, softmax, bias, column sums and updates on the tensors of a 784-128-10 network at
 * batch 64: activations on 64 x 128 = 8192 floats, softmax on 64 x 10, updates on the 100,352
 * weights of the first layer. GB/s = bytes read and written / time (4 bytes a float; a forward
 * reads x and writes y: 8 bytes an element; a backward 12; see docs/benchmarks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class Elementwise {

    static final int N = 64 * 128;
    static final int W = 784 * 128;

    @Param({"scalar", "simd"})
    String impl;

    Kernels k;
    float[] x;
    float[] y;
    float[] dy;
    float[] dx;
    float[] bias;
    float[] sums;
    float[] logits;
    float[] probs;
    float[] w;
    float[] g;
    float[] m;
    float[] v;

    @Setup
    public void setup() {
        k = Bench.kernels(impl, 1);
        x = Bench.random(1, N, -4f, 4f);
        y = Bench.random(2, N, 0f, 1f);
        dy = Bench.random(3, N, -1f, 1f);
        dx = new float[N];
        bias = Bench.random(4, 128, -1f, 1f);
        sums = new float[128];
        logits = Bench.random(5, 640, -5f, 5f);
        probs = new float[640];
        w = Bench.random(6, W, -1f, 1f);
        g = Bench.random(7, W, -1e-3f, 1e-3f);
        m = new float[W];
        v = new float[W];
    }

    @Benchmark
    public float[] sigmoid() {
        k.sigmoid(N, x, 0, dx, 0);
        return dx;
    }

    @Benchmark
    public float[] sigmoidBackward() {
        k.sigmoidBackward(N, y, 0, dy, 0, dx, 0);
        return dx;
    }

    @Benchmark
    public float[] tanh() {
        k.tanh(N, x, 0, dx, 0);
        return dx;
    }

    @Benchmark
    public float[] tanhBackward() {
        k.tanhBackward(N, y, 0, dy, 0, dx, 0);
        return dx;
    }

    @Benchmark
    public float[] relu() {
        k.relu(N, x, 0, dx, 0);
        return dx;
    }

    @Benchmark
    public float[] reluBackward() {
        k.reluBackward(N, x, 0, dy, 0, dx, 0);
        return dx;
    }

    @Benchmark
    public float[] leakyRelu() {
        k.leakyRelu(N, 0.01f, x, 0, dx, 0);
        return dx;
    }

    @Benchmark
    public float[] leakyReluBackward() {
        k.leakyReluBackward(N, 0.01f, x, 0, dy, 0, dx, 0);
        return dx;
    }

    @Benchmark
    public float[] softmaxRows() {
        k.softmaxRows(64, 10, logits, 0, 10, probs, 0, 10);
        return probs;
    }

    @Benchmark
    public float[] addBias() {
        k.addBias(64, 128, dx, 0, 128, bias, 0);
        return dx;
    }

    @Benchmark
    public float[] columnSums() {
        k.columnSums(64, 128, dy, 0, 128, 0f, sums, 0);
        return sums;
    }

    @Benchmark
    public float[] sgdUpdate() {
        k.sgdUpdate(W, 1e-6f, w, 0, g, 0);
        return w;
    }

    @Benchmark
    public float[] momentumUpdate() {
        k.momentumUpdate(W, 1e-6f, 0.9f, w, 0, g, 0, v, 0);
        return w;
    }

    @Benchmark
    public float[] nesterovUpdate() {
        k.nesterovUpdate(W, 1e-6f, 0.9f, w, 0, g, 0, v, 0);
        return w;
    }

    @Benchmark
    public float[] rmspropUpdate() {
        k.rmspropUpdate(W, 1e-6f, 0.99f, 1e-8f, w, 0, g, 0, v, 0);
        return w;
    }

    @Benchmark
    public float[] adamUpdate() {
        k.adamUpdate(W, 1e-6f, 0.9f, 0.999f, 1e-8f, 0.5f, 0.5f, w, 0, g, 0, m, 0, v, 0);
        return w;
    }
}
