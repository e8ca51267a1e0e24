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
 * Iris: 150 flowers, 4 measurements in centimetres, 3 species. A 4-8-3 network with the
 * standardisation fitted on the training rows as its first layer, so it predicts from raw rows.
 * <pre>
 * mvn -q -pl nn-examples -am package exec:exec -Dexample=iris
 * </pre>
 */
public final class Iris {

    private Iris() {
    }

    /** {@code Iris [seed]}: trains and prints; the seed (default 42) fixes the split, the initial weights and the batches. */
    public static void main(String[] args) {
        cli(System.out, args);
    }

    /** What {@link #main} does, printing to {@code out}: for a command-line registry. */
    public static void cli(PrintStream out, String... args) {
        run(args.length > 0 ? Long.parseLong(args[0]) : 42, out);
    }

    /**
     * Loads iris.csv (shipped on the class path), splits it 80/20 stratified with {@code seed}, trains,
     * prints the loss every 20 epochs and the test accuracy, and returns the accuracy.
     */
    public static double run(long seed, PrintStream out) {
        // The two-line load: the species column becomes 3 one-hot classes; standardize() is fitted on training rows.
        TabularDataset data = TabularData.csv(Iris.class.getResourceAsStream("/data/iris.csv"), "iris.csv")
                .label("species").standardize().build();
        Dataset.Split split = data.split(0.8, seed);
        out.println("iris: " + data);

        Sequential model = Sequential.of(split.train().preprocessing(), dense(4, 8), relu(), dense(8, 3), softmax())
                .initialize(seed);
        model.train().on(split.train())
                .loss(crossEntropy())
                .optimizer(sgd(0.1f))
                .epochs(200)
                .batchSize(16)
                .seed(seed)
                .every(20, epoch -> out.printf("epoch %4d  loss %.4f%n", epoch.number(), epoch.loss()))
                .run();

        double accuracy = Report.accuracy(model, split.test());
        out.printf("test accuracy %.3f on %d flowers (raw measurements in, species probabilities out)%n",
                accuracy, split.test().size());
        return accuracy;
    }
}
