package dev.nnj.plot;

import dev.nnj.core.Dataset;
import dev.nnj.core.History;
import dev.nnj.core.Sequential;

import java.util.List;

/**
 * Pictures of training: the factories.
 * <pre>{@code
 * import dev.nnj.plot.Plots;
 *
 * History history = model.train().on(x, y).loss(binaryCrossEntropy()).optimizer(sgd(0.1f))
 *         .epochs(10_000).batchSize(4).run();
 * Plots.curves(history).save(Path.of("xor-loss.png"));
 * Plots.decisionBoundary(model, x, y).save(Path.of("xor-boundary.svg"));
 * }</pre>
 * Nothing here opens a window. Loading this class sets {@code java.awt.headless=true} unless the
 * program has set {@code java.awt.headless} already, so pictures can be drawn on a server or in CI
 * without a display. A program that also shows Swing or AWT windows, and draws pictures before
 * opening its first one, runs with {@code -Djava.awt.headless=false}.
 */
public final class Plots {

    static {
        // Must happen before AWT reads it (once, when the graphics environment first starts).
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Plots() {
    }

    /**
     * A run's curves: loss per epoch (training, and validation when measured); accuracy beside it
     * when the run measured accuracy; the learning rate when it changed; a mark at the epoch whose
     * weights an early stop restored. See {@link Curves}.
     * <pre>{@code
     * Plots.curves(history).save(Path.of("curves.png"));
     * }</pre>
     *
     * @throws IllegalArgumentException if the history has no epoch, or no finite loss
     */
    public static Curves curves(History history) {
        if (history == null) {
            throw new IllegalArgumentException("curves: the history is null; pass what model.train()...run() returned.");
        }
        return new Curves(history.epochs(), history.stopReason());
    }

    /**
     * Curves from epoch records, e.g. some of a history's or ones collected by a callback; see
     * {@link #curves(History)}.
     * <pre>{@code
     * Plots.curves(history.epochs().subList(100, 1_000)).save(Path.of("later-epochs.svg"));
     * }</pre>
     *
     * @throws IllegalArgumentException if the list is empty, holds null, is not in epoch order, or
     *                                  has no finite loss
     */
    public static Curves curves(List<History.Epoch> epochs) {
        if (epochs == null) {
            throw new IllegalArgumentException("curves: the list of epochs is null; pass history.epochs().");
        }
        return new Curves(epochs, null);
    }

    /**
     * What a model with two inputs predicts over the plane around {@code x}, with the points of
     * {@code x} on top, coloured by their class in {@code y}. See {@link DecisionBoundary}.
     * <pre>{@code
     * Plots.decisionBoundary(model, x, y).featureNames("petal length", "petal width").save(Path.of("boundary.png"));
     * }</pre>
     *
     * @param x the points, two values each (e.g. the training rows)
     * @param y their targets: one column of 0/1 for a model with one output; one-hot rows, or one
     *          column of class indices, for a model with k outputs
     * @throws IllegalArgumentException if the model does not take exactly 2 inputs, if x is empty,
     *                                  not of width 2 or not finite, or if y does not match x or
     *                                  the model's outputs (each message names the row)
     */
    public static DecisionBoundary decisionBoundary(Sequential model, float[][] x, float[][] y) {
        return DecisionBoundary.of(model, x, y, null, null);
    }

    /**
     * {@link #decisionBoundary(Sequential, float[][], float[][])} for a dataset's rows, with its
     * feature names on the axes and its class names in the legend.
     * <pre>{@code
     * Plots.decisionBoundary(model, split.train()).save(Path.of("boundary.png"));
     * }</pre>
     */
    public static DecisionBoundary decisionBoundary(Sequential model, Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException("decisionBoundary: the dataset is null; pass the data the model was trained on.");
        }
        float[][] x = data.features();
        if (x == null || x.length == 0) {
            // Before asking for the names, which a dataset may derive from its first row.
            return DecisionBoundary.of(model, x, data.targets(), null, null);
        }
        return DecisionBoundary.of(model, x, data.targets(), data.featureNames(), data.classNames());
    }
}
