package dev.nnj.examples;

import dev.nnj.core.Sequential;
import dev.nnj.core.Training;
import dev.nnj.core.spi.Kernels;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Optimizers.sgd;

/**
 * How long the XOR network takes to train, 10,000 full-batch epochs, in this JVM: the first run
 * (choosing kernels, interpreting, compiling) apart from the steady state, and the bytes a
 * training step allocates, from the JDK's per-thread allocation counter.
 * <pre>{@code
 * mvn -q -DskipTests package exec:exec -Dexample=xor-speed
 * }</pre>
 */
public final class XorSpeed {

    static final int EPOCHS = 10_000;
    static final int RUNS = 30;

    private XorSpeed() {
    }

    /**
     * What {@link #measure} found.
     *
     * @param firstRunMillis      the first run, in a cold JVM
     * @param steadyMedianMillis  the median of the second half of the runs
     * @param steadyBytesPerStep  bytes the leanest steady-state run allocated, per step
     */
    public record Result(double firstRunMillis, double steadyMedianMillis, double steadyBytesPerStep) {
    }

    /** Trains the XOR net {@link #RUNS} times and prints the timings. */
    public static Result measure(PrintStream out) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
        Training training = model.train().on(LogicNetworks.INPUTS, LogicNetworks.XOR).loss(binaryCrossEntropy())
                .optimizer(sgd(0.1f)).epochs(EPOCHS).batchSize(4).seed(1);
        out.println();
        out.println("== XOR 2-3-1 training speed, " + EPOCHS + " full-batch epochs per run, " + RUNS + " runs");
        double[] ms = new double[RUNS];
        long[] bytes = new long[RUNS];
        for (int run = 0; run < RUNS; run++) {
            model.initialize(run);
            long allocated = threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            training.run();
            ms[run] = (System.nanoTime() - start) / 1e6;
            bytes[run] = threads.getCurrentThreadAllocatedBytes() - allocated;
        }
        double[] steady = Arrays.copyOfRange(ms, RUNS / 2, RUNS);
        Arrays.sort(steady);
        double median = steady[steady.length / 2];
        out.printf("   kernels: %s, %s%n", Kernels.active().name(), Runtime.version());
        out.printf("   first run (cold JVM):   %8.2f ms, %,d bytes allocated%n", ms[0], bytes[0]);
        out.printf("   steady state (median of the last %d runs): %.2f ms = %.2f µs per step%n",
                steady.length, median, median * 1000 / EPOCHS);
        // The leanest of the steady runs: a run during which the JIT deoptimises a method allocates, in the
        // interpreter, objects that compiled code keeps in registers, and that is the JIT's doing, not a step's.
        long leanBytes = Arrays.stream(bytes, RUNS / 2, RUNS).min().orElseThrow();
        out.printf("   the leanest steady-state run allocates %,d bytes: %.2f per step, of which 20 are History's record of the epoch"
                + " (loss, accuracy and learning rate as floats, the time as a double) and the rest the run's one-off"
                + " setup (buffers, optimizer state)%n", leanBytes, leanBytes / (double) EPOCHS);
        return new Result(ms[0], median, leanBytes / (double) EPOCHS);
    }
}
