package dev.nnj.examples;

import dev.nnj.core.Dataset;
import dev.nnj.core.History;
import dev.nnj.core.Sequential;
import dev.nnj.data.TabularData;
import dev.nnj.data.TabularDataset;
import dev.nnj.plot.Picture;
import dev.nnj.plot.Plots;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Optimizers.sgd;

/**
 * Pictures of training (nn-plot), as PNG and SVG files: XOR's loss curve and decision boundary,
 * and for iris on two features (petal length and width) the loss and accuracy curves, training
 * and validation, and the three species' regions.
 * <pre>
 * mvn -q -DskipTests package exec:exec -Dexample="pictures target/pictures"
 * </pre>
 */
public final class Pictures {

    private Pictures() {
    }

    /** {@code Pictures [folder]}: writes the pictures into the folder (default target/pictures), printing their paths. */
    public static void main(String[] args) {
        cli(System.out, args);
    }

    /** What {@link #main} does, printing to {@code out}: for a command-line registry. */
    public static void cli(PrintStream out, String... args) {
        write(Path.of(args.length > 0 ? args[0] : "target/pictures"), out);
    }

    /** Trains both networks and writes their pictures into {@code folder}, creating it if needed; returns the files. */
    public static List<Path> write(Path folder, PrintStream out) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("pictures: cannot create the folder " + folder.toAbsolutePath() + " (" + e
                    + "); give a folder you can write to.", e);
        }
        List<Path> files = new ArrayList<>();
        xor(folder, out, files);
        iris(folder, out, files);
        for (Path file : files) {
            out.println("wrote " + file.toAbsolutePath());
        }
        return files;
    }

    /** XOR as in {@link LogicNetworks#xor}: 2-3-1 sigmoid, binary cross-entropy, sgd(0.1), 10,000 full-batch epochs. */
    private static void xor(Path folder, PrintStream out, List<Path> files) {
        Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
        History history = model.train().on(LogicNetworks.INPUTS, LogicNetworks.XOR).loss(binaryCrossEntropy())
                .optimizer(sgd(0.1f)).epochs(10_000).batchSize(4).seed(1).run();
        out.printf("XOR, 2-3-1 sigmoid, sgd(0.1), 10,000 full-batch epochs: final loss %.4f%n", history.finalLoss());
        save(Plots.curves(history).title("XOR, 2-3-1 sigmoid, binary cross-entropy, sgd(0.1), batch 4"),
                folder, "xor-loss", files);
        save(Plots.decisionBoundary(model, LogicNetworks.INPUTS, LogicNetworks.XOR), folder, "xor-boundary", files);
    }

    /**
     * Iris on petal length and width, 2-8-3 relu/softmax. The run measures the held-out rows after
     * every epoch ({@code validation(test)}), so the curves have validation loss and accuracy to show.
     */
    private static void iris(Path folder, PrintStream out, List<Path> files) {
        TabularDataset data = TabularData.csv(Pictures.class.getResourceAsStream("/data/iris.csv"), "iris.csv")
                .label("species").features("petal_length", "petal_width").standardize().build();
        Dataset.Split split = data.split(0.8, 42);
        Dataset train = split.train();
        Dataset test = split.test();
        Sequential model = Sequential.of(train.preprocessing(), dense(2, 8), relu(), dense(8, 3), softmax()).initialize(42);
        History history = model.train().on(train).validation(test).loss(crossEntropy()).optimizer(sgd(0.1f)).epochs(100)
                .batchSize(16).seed(42).quiet().run();
        History.Epoch last = history.epochs().get(history.epochs().size() - 1);
        out.printf("iris on petal length and width, 2-8-3, sgd(0.1), 100 epochs: loss %.4f, validation loss %.4f,"
                + " validation accuracy %.3f%n", last.loss(), last.validationLoss(), last.validationAccuracy());
        save(Plots.curves(history).title("iris on petal length and width, 2-8-3 relu/softmax, sgd(0.1), batch 16"),
                folder, "iris-curves", files);
        save(Plots.decisionBoundary(model, train), folder, "iris-boundary", files);
    }

    private static void save(Picture picture, Path folder, String name, List<Path> files) {
        for (String extension : new String[]{".png", ".svg"}) {
            Path file = folder.resolve(name + extension);
            picture.save(file);
            files.add(file);
        }
    }
}
