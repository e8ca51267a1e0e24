package dev.nnj.examples;

import dev.nnj.core.Dataset;
import dev.nnj.core.Evaluation;
import dev.nnj.core.History;
import dev.nnj.core.Sequential;
import dev.nnj.data.TabularData;
import dev.nnj.data.TabularDataset;
import dev.nnj.plot.Plots;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Optimizers.adam;

/**
 * Iris, the way a day-one run should look (this is the README's quick start): 150 flowers, 4
 * measurements in centimetres, 3 species. The standardisation fitted on the training rows is the
 * model's first layer; Adam; a fifth of the training rows held out for validation; early stopping
 * that keeps the best epoch; the evaluation with its confusion matrix; save, load, and a
 * prediction from one raw row of the file; the loss and accuracy curves as a picture.
 * <pre>
 * mvn -q -DskipTests package exec:exec -Dexec.args="iris 42 target/iris"
 * </pre>
 */
public final class Iris {

    private Iris() {
    }

    /** {@code Iris [seed] [folder]}: trains and prints; the seed (default 42) fixes the split, the weights and the batches. */
    public static void main(String[] args) {
        cli(System.out, args);
    }

    /** What {@link #main} does, printing to {@code out}: for a command-line registry. */
    public static void cli(PrintStream out, String... args) {
        run(args.length > 0 ? Long.parseLong(args[0]) : 42, out, args.length > 1 ? Path.of(args[1]) : Path.of("target", "iris"));
    }

    /** Trains without writing files; returns the test accuracy. */
    public static double run(long seed, PrintStream out) {
        return run(seed, out, null);
    }

    /**
     * Loads iris.csv (shipped on the class path), splits it 80/20 stratified with {@code seed}, trains
     * with progress lines, prints the evaluation, and, when {@code folder} is given, saves the model
     * there, loads it back, predicts one raw row and writes the curves. Returns the test accuracy.
     */
    public static double run(long seed, PrintStream out, Path folder) {
        TabularDataset data = TabularData.csv(Iris.class.getResourceAsStream("/data/iris.csv"), "iris.csv")
                .label("species").standardize().build();
        Dataset.Split split = data.split(0.8, seed);

        Sequential model = Sequential.of(split.train().preprocessing(), dense(4, 16), relu(), dense(16, 3), softmax())
                .initialize(seed);
        History history = model.train().on(split.train())
                .validationSplit(0.2)
                .loss(crossEntropy())
                .optimizer(adam(0.01f))
                .epochs(200)
                .earlyStopping(20)
                .seed(seed)
                .progress(out)                // a line per epoch; ends with why the run stopped
                .run();
        Evaluation test = model.evaluate(split.test());
        out.print(test);

        if (folder != null) {
            try {
                Files.createDirectories(folder);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            model.save(folder.resolve("iris.nnj"));
            Sequential loaded = Sequential.load(folder.resolve("iris.nnj"));
            float[] p = loaded.predict(Map.of("sepal_length", "5.1", "sepal_width", "3.5", "petal_length", "1.4",
                    "petal_width", "0.2"));
            out.printf("a raw row of iris.csv (5.1, 3.5, 1.4, 0.2) -> %s %s%n", Report.format(p), data.classNames());
            Plots.curves(history).save(folder.resolve("iris-curves.png"));
            out.println("wrote " + folder.resolve("iris.nnj") + " and " + folder.resolve("iris-curves.png"));
        }
        return test.accuracy();
    }
}
