package dev.nnj.examples;

import dev.nnj.core.Dataset;
import dev.nnj.core.Sequential;
import dev.nnj.data.IdxData;

import java.io.PrintStream;
import java.nio.file.Path;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.dropout;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Optimizers.adam;
import static dev.nnj.core.Schedules.cosine;

/**
 * Fashion-MNIST: 70 000 greyscale 28 x 28 images of clothes in ten classes, read from the IDX files
 * of the Debian package {@code dataset-fashion-mnist} (or a directory given as the first argument).
 * A 784-128-10 network trained for 5 epochs with Adam. The reader gives the raw pixels (0–255); the
 * dataset's preprocessing, the fixed scaling {@code x / 255}, is the model's first layer, so the trained
 * (or saved) model takes raw pixels.
 * <pre>
 * apt-get install dataset-fashion-mnist
 * mvn -q -pl nn-examples -am package exec:exec -Dexample=fashion-mnist
 * </pre>
 */
public final class FashionMnist {

    /** What to tell a user who does not have the files. */
    static final String INSTALL_HINT = "install the Debian package dataset-fashion-mnist (apt-get install"
            + " dataset-fashion-mnist), or pass the directory holding the IDX files as the first argument.";

    private FashionMnist() {
    }

    /** {@code FashionMnist [directory] [training rows] [epochs]}; defaults: the Debian location, all 60 000, 5. */
    public static void main(String[] args) {
        cli(System.out, args);
    }

    /**
     * What {@link #main} does, printing to {@code out}: for a command-line registry. When the files are
     * missing it says on stderr which Debian package to install, and returns.
     */
    public static void cli(PrintStream out, String... args) {
        Path directory = args.length > 0 ? Path.of(args[0]) : IdxData.DEBIAN_FASHION_MNIST;
        if (!IdxData.fashionMnistPresent(directory)) {
            System.err.println("Fashion-MNIST is not in " + directory + ": " + INSTALL_HINT);
            return;
        }
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 60_000;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        run(directory, rows, epochs, 42, out);
    }

    /**
     * Loads Fashion-MNIST from {@code directory}, trains on {@code trainRows} of the 60 000 training
     * images (a stratified sample when fewer) for {@code epochs} epochs, prints the load time, the loss
     * every epoch and the accuracy on the 10 000 test images, and returns that accuracy.
     *
     * @throws IllegalArgumentException if the files are not there (the message says what to install)
     */
    public static double run(Path directory, int trainRows, int epochs, long seed, PrintStream out) {
        long start = System.nanoTime();
        Dataset.Split fashion = IdxData.fashionMnist(directory);
        out.printf("Fashion-MNIST: %d training and %d test images loaded in %d ms%n", fashion.train().size(),
                fashion.test().size(), (System.nanoTime() - start) / 1_000_000);
        Dataset train = trainRows >= fashion.train().size() ? fashion.train()
                : fashion.train().split((double) trainRows / fashion.train().size(), seed).train();

        Sequential model = Sequential.of(train.preprocessing(), dense(784, 128), relu(), dense(128, 10), softmax())
                .initialize(seed);
        long trainStart = System.nanoTime();
        model.train().on(train)
                .loss(crossEntropy())
                .optimizer(adam(0.001f))
                .epochs(epochs)
                .batchSize(32)
                .seed(seed)
                .every(1, epoch -> out.printf("epoch %4d  loss %.4f%n", epoch.number(), epoch.loss()))
                .run();
        double accuracy = model.evaluate(fashion.test()).accuracy();
        out.printf("test accuracy %.3f on %d images after %d epochs on %d training images (%.1f s of training)%n",
                accuracy, fashion.test().size(), epochs, train.size(), (System.nanoTime() - trainStart) / 1e9);
        return accuracy;
    }

    /**
     * The regularised network: 784-256-128-10 with dropout 0.2 after each hidden layer, Adam 1e-3 with
     * a cosine schedule (one warm-up epoch), batches of 64, all 60 000 training images; prints a line
     * per epoch and the test accuracy, and returns it.
     */
    public static double runRegularized(Path directory, int epochs, long seed, PrintStream out) {
        Dataset.Split fashion = IdxData.fashionMnist(directory);
        Dataset train = fashion.train();
        Sequential model = Sequential.of(train.preprocessing(), dense(784, 256), relu(), dropout(0.2f), dense(256, 128), relu(),
                dropout(0.2f), dense(128, 10), softmax()).initialize(seed);
        long trainStart = System.nanoTime();
        model.train().on(train)
                .validation(fashion.test())
                .loss(crossEntropy())
                .optimizer(adam(0.001f))
                .schedule(cosine(epochs, 1))
                .epochs(epochs)
                .batchSize(64)
                .seed(seed)
                .progress(out)
                .run();
        double accuracy = model.evaluate(fashion.test()).accuracy();
        out.printf("test accuracy %.4f on %d images: 784-256-128-10, dropout 0.2, adam(0.001), cosine(%d, 1), batch 64,"
                + " %d epochs (%.1f s of training)%n", accuracy, fashion.test().size(), epochs, epochs,
                (System.nanoTime() - trainStart) / 1e9);
        return accuracy;
    }

    /** {@code fashion-mnist-dropout [epochs] [directory]}: {@link #runRegularized} (20 epochs by default). */
    public static void cliRegularized(PrintStream out, String... args) {
        Path directory = args.length > 1 ? Path.of(args[1]) : IdxData.DEBIAN_FASHION_MNIST;
        if (!IdxData.fashionMnistPresent(directory)) {
            System.err.println("Fashion-MNIST is not in " + directory + ": " + INSTALL_HINT);
            return;
        }
        runRegularized(directory, args.length > 0 ? Integer.parseInt(args[0]) : 20, 42, out);
    }
}
