package dev.nnj.examples;

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

    private LogicNetworks() {
    }

    /** XOR with 2-3-1 sigmoid units, binary cross-entropy, full-batch gradient descent at lr 0.1. */
    public static Sequential xor(PrintStream out) {
        Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
        Report.heading(out, "XOR, 2-3-1 sigmoid, binary cross-entropy, sgd(0.1), 10,000 full-batch epochs", model);
        long start = System.nanoTime();
        model.train().on(INPUTS, XOR).loss(binaryCrossEntropy()).optimizer(sgd(0.1f))
                .epochs(10_000).batchSize(4).seed(1)
                .every(2_000, epoch -> Report.epoch(out, epoch))
                .run();
        // The first run in a fresh JVM: this includes choosing the kernels and JIT-compiling the loop
        // (the xor-speed example separates that from the steady state).
        out.printf("   trained in %.1f ms%n", (System.nanoTime() - start) / 1e6);
        Report.predictions(out, model, INPUTS, XOR);
        return model;
    }

    /** The deep XOR net [2, 3, 4, 5, 1] its author could not train: sigmoid throughout, with momentum. */
    public static Sequential deepXor(PrintStream out) {
        Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 4), sigmoid(), dense(4, 5), sigmoid(),
                dense(5, 1), sigmoid());
        Report.heading(out, "deep XOR, layers [2, 3, 4, 5, 1], sigmoid, binary cross-entropy, sgd(0.5, momentum 0.9)", model);
        model.train().on(INPUTS, XOR).loss(binaryCrossEntropy()).optimizer(sgd(0.5f, 0.9f))
                .epochs(3_000).batchSize(4).seed(1)
                .every(500, epoch -> Report.epoch(out, epoch))
                .run();
        Report.predictions(out, model, INPUTS, XOR);
        return model;
    }

    /** XOR through two hidden layers, 2-3-2-1. */
    public static Sequential xor2321(PrintStream out) {
        Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 2), sigmoid(), dense(2, 1), sigmoid());
        Report.heading(out, "XOR, 2-3-2-1 sigmoid, binary cross-entropy, sgd(0.5, momentum 0.9)", model);
        model.train().on(INPUTS, XOR).loss(binaryCrossEntropy()).optimizer(sgd(0.5f, 0.9f))
                .epochs(3_000).batchSize(4).seed(1)
                .every(500, epoch -> Report.epoch(out, epoch))
                .run();
        Report.predictions(out, model, INPUTS, XOR);
        return model;
    }

    /** 2-2-2 with two outputs, the answer and its complement, trained on minibatches of 2. */
    public static Sequential xorOneHot(PrintStream out) {
        Sequential model = Sequential.of(dense(2, 2), sigmoid(), dense(2, 2), sigmoid());
        Report.heading(out, "XOR one-hot, 2-2-2 sigmoid, binary cross-entropy, sgd(1.0), minibatches of 2", model);
        model.train().on(INPUTS, XOR_ONE_HOT).loss(binaryCrossEntropy()).optimizer(sgd(1f))
                .epochs(5_000).batchSize(2).seed(1)
                .every(1_000, epoch -> Report.epoch(out, epoch))
                .run();
        Report.predictions(out, model, INPUTS, XOR_ONE_HOT);
        return model;
    }

    /** XOR with a ReLU hidden layer (He initialisation) and a sigmoid output. */
    public static Sequential reluXor(PrintStream out) {
        Sequential model = Sequential.of(dense(2, 8), relu(), dense(8, 1), sigmoid());
        Report.heading(out, "XOR, 2-8-1 relu hidden, sigmoid output, binary cross-entropy, sgd(0.1)", model);
        model.train().on(INPUTS, XOR).loss(binaryCrossEntropy()).optimizer(sgd(0.1f))
                .epochs(2_000).batchSize(4).seed(1)
                .every(500, epoch -> Report.epoch(out, epoch))
                .run();
        Report.predictions(out, model, INPUTS, XOR);
        return model;
    }

    /** Two sigmoid neurons in a chain (2-1-1) learning AND, full batch, mean squared error. */
    public static Sequential andChain(PrintStream out) {
        Sequential model = Sequential.of(dense(2, 1), sigmoid(), dense(1, 1), sigmoid());
        Report.heading(out, "AND, 2-1-1 sigmoid chain, mean squared error, sgd(2.0), full batch", model);
        model.train().on(INPUTS, AND).loss(mse()).optimizer(sgd(2f))
                .epochs(5_000).batchSize(4).seed(1)
                .every(1_000, epoch -> Report.epoch(out, epoch))
                .run();
        Report.predictions(out, model, INPUTS, AND);
        return model;
    }

    /** AND, OR, NAND and NOR, each by one sigmoid unit: the perceptron problems that converge. */
    public static Sequential[] gates(PrintStream out) {
        String[] names = {"AND", "OR", "NAND", "NOR"};
        float[][][] targets = {AND, {{0}, {1}, {1}, {1}}, {{1}, {1}, {1}, {0}}, {{1}, {0}, {0}, {0}}};
        Sequential[] models = new Sequential[names.length];
        for (int g = 0; g < names.length; g++) {
            Sequential model = Sequential.of(dense(2, 1), sigmoid());
            Report.heading(out, names[g] + ", one sigmoid unit, binary cross-entropy, sgd(0.5)", model);
            model.train().on(INPUTS, targets[g]).loss(binaryCrossEntropy()).optimizer(sgd(0.5f))
                    .epochs(2_000).batchSize(4).seed(1)
                    .every(1_000, epoch -> Report.epoch(out, epoch))
                    .run();
            Report.predictions(out, model, INPUTS, targets[g]);
            models[g] = model;
        }
        return models;
    }
}
