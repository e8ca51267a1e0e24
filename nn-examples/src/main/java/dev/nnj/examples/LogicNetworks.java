package dev.nnj.examples;

import dev.nnj.core.Loss;
import dev.nnj.core.Optimizer;
import dev.nnj.core.Sequential;

import java.io.PrintStream;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Losses.mse;
import static dev.nnj.core.Optimizers.sgd;

/**
 * The seed networks: XOR and the logic gates, the networks people write by hand first and get
 * stuck on. Each method trains one and returns it, printing its progress and predictions.
 * <pre>{@code
 * Sequential model = LogicNetworks.xor(System.out);
 * }</pre>
 */
public final class LogicNetworks {

    static final float[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static final float[][] XOR = {{0}, {1}, {1}, {0}};
    static final float[][] XOR_ONE_HOT = {{1, 0}, {0, 1}, {0, 1}, {1, 0}};
    static final float[][] AND = {{0}, {0}, {0}, {1}};
    static final float[][] OR = {{0}, {1}, {1}, {1}};
    static final float[][] NAND = {{1}, {1}, {1}, {0}};
    static final float[][] NOR = {{1}, {0}, {0}, {0}};
    /** XOR's inputs with a third, constant input of 1: the bias written as a column, as the blog did it. */
    static final float[][] INPUTS_WITH_BIAS = {{0, 0, 1}, {0, 1, 1}, {1, 0, 1}, {1, 1, 1}};
    static final float[][] TWO_PATTERNS = {{1, 2}, {3, 4}};
    static final float[][] TWO_PATTERN_TARGETS = {{0}, {1}};

    private LogicNetworks() {
    }

    /** XOR with 2-3-1 sigmoid units, binary cross-entropy, full-batch gradient descent at lr 0.1. */
    public static Sequential xor(PrintStream out) {
        return train(out, "XOR, 2-3-1 sigmoid, binary cross-entropy, sgd(0.1), 10,000 full-batch epochs",
                Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid()),
                XOR, binaryCrossEntropy(), sgd(0.1f), 10_000, 4);
    }

    /** The deep XOR net [2, 3, 4, 5, 1] its author could not train: sigmoid throughout, with momentum. */
    public static Sequential deepXor(PrintStream out) {
        return train(out, "deep XOR, layers [2, 3, 4, 5, 1], sigmoid, binary cross-entropy, sgd(0.5, momentum 0.9)",
                Sequential.of(dense(2, 3), sigmoid(), dense(3, 4), sigmoid(), dense(4, 5), sigmoid(), dense(5, 1), sigmoid()),
                XOR, binaryCrossEntropy(), sgd(0.5f, 0.9f), 3_000, 4);
    }

    /** XOR through two hidden layers, 2-3-2-1. */
    public static Sequential xor2321(PrintStream out) {
        return train(out, "XOR, 2-3-2-1 sigmoid, binary cross-entropy, sgd(0.5, momentum 0.9)",
                Sequential.of(dense(2, 3), sigmoid(), dense(3, 2), sigmoid(), dense(2, 1), sigmoid()),
                XOR, binaryCrossEntropy(), sgd(0.5f, 0.9f), 3_000, 4);
    }

    /** 2-2-2 with two outputs, the answer and its complement, trained on minibatches of 2. */
    public static Sequential xorOneHot(PrintStream out) {
        return train(out, "XOR one-hot, 2-2-2 sigmoid, binary cross-entropy, sgd(1.0), minibatches of 2",
                Sequential.of(dense(2, 2), sigmoid(), dense(2, 2), sigmoid()),
                XOR_ONE_HOT, binaryCrossEntropy(), sgd(1f), 5_000, 2);
    }

    /** XOR with a ReLU hidden layer (He initialisation) and a sigmoid output. */
    public static Sequential reluXor(PrintStream out) {
        return train(out, "XOR, 2-8-1 relu hidden, sigmoid output, binary cross-entropy, sgd(0.1)",
                Sequential.of(dense(2, 8), relu(), dense(8, 1), sigmoid()),
                XOR, binaryCrossEntropy(), sgd(0.1f), 2_000, 4);
    }

    /** Two sigmoid neurons in a chain (2-1-1) learning AND, full batch, mean squared error. */
    public static Sequential andChain(PrintStream out) {
        return train(out, "AND, 2-1-1 sigmoid chain, mean squared error, sgd(2.0), full batch",
                Sequential.of(dense(2, 1), sigmoid(), dense(1, 1), sigmoid()),
                AND, mse(), sgd(2f), 5_000, 4);
    }

    /** AND, OR, NAND and NOR, each by one sigmoid unit: the perceptron problems that converge. */
    public static Sequential[] gates(PrintStream out) {
        String[] names = {"AND", "OR", "NAND", "NOR"};
        float[][][] targets = {AND, OR, NAND, NOR};
        Sequential[] models = new Sequential[names.length];
        for (int g = 0; g < names.length; g++) {
            models[g] = train(out, names[g] + ", one sigmoid unit, binary cross-entropy, sgd(0.5)",
                    Sequential.of(dense(2, 1), sigmoid()), targets[g], binaryCrossEntropy(), sgd(0.5f), 2_000, 4);
        }
        return models;
    }

    /**
     * The blog's XOR with the bias as an input column (x1, x2, 1), 3-4-1 sigmoid, mean squared error.
     * (nnj's dense layers have biases of their own, so the column is redundant, and harmless.)
     */
    public static Sequential xorBiasColumn(PrintStream out) {
        return train(out, "XOR with a bias column (x1, x2, 1), 3-4-1 sigmoid, mean squared error, sgd(0.5), full batch",
                Sequential.of(dense(3, 4), sigmoid(), dense(4, 1), sigmoid()),
                INPUTS_WITH_BIAS, XOR, mse(), sgd(0.5f), 10_000, 4);
    }

    /** Two patterns, [1, 2] → 0 and [3, 4] → 1, in a 2-4-1 sigmoid net whose author saw it answer their average. */
    public static Sequential twoPatterns(PrintStream out) {
        return train(out, "two patterns, [1, 2] -> 0 and [3, 4] -> 1, 2-4-1 sigmoid, mean squared error, sgd(0.5)",
                Sequential.of(dense(2, 4), sigmoid(), dense(4, 1), sigmoid()),
                TWO_PATTERNS, TWO_PATTERN_TARGETS, mse(), sgd(0.5f), 2_000, 2);
    }

    /** Trains one network on the four inputs with seed 1, printing the loss five times and the predictions. */
    private static Sequential train(PrintStream out, String title, Sequential model, float[][] targets,
                                    Loss loss, Optimizer optimizer, int epochs, int batchSize) {
        return train(out, title, model, INPUTS, targets, loss, optimizer, epochs, batchSize);
    }

    /** Trains one network with seed 1, printing the loss five times and the predictions. */
    private static Sequential train(PrintStream out, String title, Sequential model, float[][] inputs, float[][] targets,
                                    Loss loss, Optimizer optimizer, int epochs, int batchSize) {
        Report.heading(out, title, model);
        long start = System.nanoTime();
        model.train().on(inputs, targets).loss(loss).optimizer(optimizer)
                .epochs(epochs).batchSize(batchSize).seed(1)
                .every(epochs / 5, epoch -> Report.epoch(out, epoch))
                .run();
        // In a fresh JVM this includes choosing the kernels and compiling the loop (see xor-speed).
        out.printf("   trained in %.1f ms%n", (System.nanoTime() - start) / 1e6);
        Report.predictions(out, model, inputs, targets);
        return model;
    }
}
