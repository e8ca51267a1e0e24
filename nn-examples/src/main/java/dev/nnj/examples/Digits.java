package dev.nnj.examples;

import dev.nnj.core.Dataset;
import dev.nnj.core.Sequential;
import dev.nnj.data.TabularData;
import dev.nnj.data.TabularDataset;

import java.io.PrintStream;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Optimizers.sgd;

/**
 * Digits: 1 797 handwritten digits of 8 x 8 pixels with values 0–16 (scikit-learn's digits set),
 * ten classes. A 64-32-10 network behind the standardisation fitted on the training rows. The
 * label is a number, so {@code classification()} says its values are class names, not a
 * regression target.
 * <pre>
 * mvn -q -pl nn-examples -am package exec:exec -Dexample=digits
 * </pre>
 */
public final class Digits {

    private Digits() {
    }

    /** {@code Digits [seed]}: trains and prints; the seed (default 42) fixes the split, the initial weights and the batches. */
    public static void main(String[] args) {
        cli(System.out, args);
    }

    /** What {@link #main} does, printing to {@code out}: for a command-line registry. */
    public static void cli(PrintStream out, String... args) {
        run(args.length > 0 ? Long.parseLong(args[0]) : 42, out);
    }

    /**
     * Loads digits.csv (shipped on the class path), splits it 80/20 stratified with {@code seed},
     * trains, prints the loss every 10 epochs and the test accuracy, and returns the accuracy.
     */
    public static double run(long seed, PrintStream out) {
        TabularDataset data = TabularData.csv(Digits.class.getResourceAsStream("/data/digits.csv"), "digits.csv")
                .label("digit").classification().standardize().build();
        Dataset.Split split = data.split(0.8, seed);
        out.println("digits: " + data);

        Sequential model = Sequential.of(split.train().preprocessing(), dense(64, 32), relu(), dense(32, 10), softmax())
                .initialize(seed);
        model.train().on(split.train())
                .loss(crossEntropy())
                .optimizer(sgd(0.05f, 0.9f))
                .epochs(60)
                .batchSize(32)
                .seed(seed)
                .every(10, epoch -> out.printf("epoch %4d  loss %.4f%n", epoch.number(), epoch.loss()))
                .run();

        double accuracy = model.evaluate(split.test()).accuracy();
        out.printf("test accuracy %.3f on %d digits%n", accuracy, split.test().size());
        return accuracy;
    }
}
