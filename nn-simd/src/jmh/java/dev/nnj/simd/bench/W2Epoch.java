package dev.nnj.simd.bench;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Optimizers.adam;

import dev.nnj.core.History;
import dev.nnj.core.Sequential;
import dev.nnj.core.Training;
import java.util.SplittableRandom;
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
 * Workload W2: one epoch of Fashion-MNIST-shaped data (60,000 rows of 784 pixels in [0, 1), ten
 * classes) through the public API, {@code model.train().on(x, y).loss(crossEntropy())
 * .optimizer(adam(1e-3f)).epochs(1).batchSize(64).run()} on
 * {@code Sequential.of(dense(784, 128), relu(), dense(128, 10), softmax())}: 938 Adam steps plus
 * everything a run does around them (the input checks and copy, shuffling, the history).
 * Samples/s = 60,000 / time. Each fork fixes the kernels' threads and vector width, because
 * both are process-wide settings; {@code nn-simd/src/jmh/compare.py} runs PyTorch on the same
 * workload and prints the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
public class W2Epoch {

    static final int ROWS = 60_000;

    Training epoch;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(1);
        float[][] x = new float[ROWS][784];
        float[][] y = new float[ROWS][10];
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < 784; j++) {
                x[i][j] = (float) rnd.nextDouble();
            }
            y[i][rnd.nextInt(10)] = 1f;
        }
        Sequential model = Sequential.of(dense(784, 128), relu(), dense(128, 10), softmax());
        epoch = model.train().on(x, y).loss(crossEntropy()).optimizer(adam(1e-3f)).epochs(1).batchSize(64).seed(1);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dnnj.kernels=simd", "-Dnnj.threads=1"})
    public History threads1() {
        return epoch.run();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dnnj.kernels=simd", "-Dnnj.threads=2"})
    public History threads2() {
        return epoch.run();
    }

    /** The 256-bit kernels, forced on a wider machine. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dnnj.kernels=simd", "-Dnnj.threads=1",
        "-Dnnj.simd.bits=256"})
    public History threads1Bits256() {
        return epoch.run();
    }
}
