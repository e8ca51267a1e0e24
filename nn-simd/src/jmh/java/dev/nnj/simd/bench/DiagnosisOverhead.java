package dev.nnj.simd.bench;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Optimizers.adam;
import static dev.nnj.core.Optimizers.sgd;

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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the training diagnosis costs a whole run, with it on (the default) and off
 * ({@code .diagnosis(false)}), on the kernels the run would use (SIMD, one thread):
 * <ul>
 *   <li>{@code xor}: W1, the XOR net 2-3-1 sigmoid, binary cross-entropy, sgd(0.1), 10,000 full-batch
 *       epochs, from initial weights (seed 2) that learn it: the cost a healthy run pays;</li>
 *   <li>{@code w2}: the W2 shape, 784-128-10 relu/softmax, batch 64, adam(1e-3), 3 epochs of 6,400
 *       pixel rows in [0, 1], each one of ten prototype images blended with noise (learnable, so the
 *       run is healthy);</li>
 *   <li>{@code xorStuck}: the XOR net from initial weights (seed 1) that get stuck: such a run
 *       also pays, once at its end, for the probes that confirm the cause.</li>
 * </ul>
 * Each setup first checks that its run raises the findings it should (none, or one for xorStuck),
 * so the benchmark measures what it says.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dnnj.threads=1"})
public class DiagnosisOverhead {

    static final float[][] XOR_X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static final float[][] XOR_Y = {{0}, {1}, {1}, {0}};
    static final int W2_ROWS = 6_400;

    @Param({"on", "off"})
    String diagnosis;

    Sequential xorModel;
    Training xorRun;
    Sequential w2Model;
    Training w2Run;

    @Setup
    public void setup() {
        boolean on = diagnosis.equals("on");
        xorModel = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
        xorRun = xorModel.train().on(XOR_X, XOR_Y).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(10_000)
                .batchSize(4).seed(1).quiet().diagnosis(on);

        // Fashion-MNIST-like: ten prototype images, each row one of them blended with noise (learnable, like the real set).
        SplittableRandom random = new SplittableRandom(7);
        float[][] prototypes = new float[10][784];
        for (float[] prototype : prototypes) {
            for (int p = 0; p < 784; p++) {
                prototype[p] = (float) random.nextDouble();
            }
        }
        float[][] x = new float[W2_ROWS][784];
        float[][] y = new float[W2_ROWS][10];
        for (int i = 0; i < W2_ROWS; i++) {
            int c = i % 10;
            for (int p = 0; p < 784; p++) {
                x[i][p] = 0.3f * prototypes[c][p] + 0.7f * (float) random.nextDouble();
            }
            y[i][c] = 1;
        }
        w2Model = Sequential.of(dense(784, 128), relu(), dense(128, 10), softmax());
        w2Run = w2Model.train().on(x, y).loss(crossEntropy()).optimizer(adam(1e-3f)).epochs(3).batchSize(64).seed(1).quiet()
                .diagnosis(on);

        expect(xor(), 0, "xor");
        expect(w2(), 0, "w2");
        expect(xorStuck(), on ? 1 : 0, "xorStuck");
    }

    private static void expect(History h, int findings, String what) {
        if (h.findings().size() != findings) {
            throw new IllegalStateException(what + ": expected " + findings + " findings, got " + h.findings());
        }
    }

    @Benchmark
    public History xor() {
        xorModel.initialize(2);
        return xorRun.run();
    }

    @Benchmark
    public History w2() {
        w2Model.initialize(1);
        return w2Run.run();
    }

    @Benchmark
    public History xorStuck() {
        xorModel.initialize(1);
        return xorRun.run();
    }
}
