package dev.nnj.simd.bench;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Optimizers.sgd;

import dev.nnj.core.History;
import dev.nnj.core.Sequential;
import dev.nnj.core.Training;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training through the public API: one epoch of 640 examples at batch 64 (10 SGD steps) of
 * {@code Sequential.of(dense(784,128), relu(), dense(128,10), softmax())} with cross-entropy,
 * on the kernels chosen by {@code -Dnnj.kernels} in each fork. Samples/s = 640 / time. Unlike
 * {@link TrainingStep} this includes what a run does besides the steps (checks, shuffling,
 * history), so {@code -prof gc} shows the model API's allocation, not the kernels'.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ModelTraining {

    static final int SAMPLES = 640;

    Training epoch;

    @Setup
    public void setup() {
        float[] flatX = Bench.random(1, SAMPLES * 784, 0f, 1f);
        float[][] x = new float[SAMPLES][784];
        float[][] y = new float[SAMPLES][10];
        for (int i = 0; i < SAMPLES; i++) {
            System.arraycopy(flatX, i * 784, x[i], 0, 784);
            y[i][i % 10] = 1f;
        }
        Sequential model = Sequential.of(dense(784, 128), relu(), dense(128, 10), softmax());
        epoch = model.train().on(x, y).loss(crossEntropy()).optimizer(sgd(0.01f)).epochs(1).batchSize(64).seed(1);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dnnj.kernels=scalar"})
    public History scalar() {
        return epoch.run();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dnnj.kernels=simd", "-Dnnj.threads=1"})
    public History simd1() {
        return epoch.run();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dnnj.kernels=simd", "-Dnnj.threads=2"})
    public History simd2() {
        return epoch.run();
    }
}
