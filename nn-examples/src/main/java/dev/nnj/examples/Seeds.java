package dev.nnj.examples;

import dev.nnj.core.BackpropCheck;
import dev.nnj.core.BackpropCheck.Mistake;
import dev.nnj.core.Explanation;
import dev.nnj.core.Finding;
import dev.nnj.core.History;
import dev.nnj.core.Initializers;
import dev.nnj.core.Layer;
import dev.nnj.core.Layers;
import dev.nnj.core.Loss;
import dev.nnj.core.Optimizer;
import dev.nnj.core.Parameter;
import dev.nnj.core.Sequential;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.stream.LongStream;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.normalization;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Layers.tanh;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Losses.mse;
import static dev.nnj.core.Optimizers.sgd;

/**
 * The seed networks of docs/guide (pages 15 to 25), each written the way its author wrote it: by
 * hand, forward pass, backward pass and update in plain arrays, translated line by line from numpy,
 * with the one wrong line that gives the seed's symptom beside the right line. For each seed it prints
 * what {@link BackpropCheck} says about the wrong and the right code, the lines of
 * {@code model.explain(...)} that show the difference, nnj's diagnosis where the setup is at fault,
 * and the right version trained with nnj from the same starting weights. Run them all, or one by name:
 * <pre>
 * mvn -q -DskipTests package exec:exec -Dexample=seeds
 * mvn -q -DskipTests package exec:exec -Dexample="seeds chatgpt-xor"
 * </pre>
 * We do not have the seed authors' programs: each wrong line is a mistake that gives exactly the
 * seed's symptom in code of the seed's shape, found by trying it.
 */
public final class Seeds {

    private Seeds() {
    }

    /**
     * What one seed gave.
     *
     * @param name     its name on the command line
     * @param mistakes what the check named for each wrong version of the code, in the order its page shows them
     * @param right    what the check said about the right code ({@code NONE}: it matches)
     * @param findings the kinds of finding nnj's diagnosis gave for the faulty setup, in order (empty where the setup is fine)
     * @param fixed    the findings of the right version trained with nnj (empty when it is healthy)
     * @param solved   whether the right version met its bar (every row of a small table right, 90% of a larger sample, or
     *                 the fit stated on its page)
     * @param counts   of {@value #STARTS} starting weights, how many gave what the page says, in the order it says it
     */
    public record Outcome(String name, List<Mistake> mistakes, Mistake right, List<Finding.Kind> findings, List<Finding> fixed,
                          boolean solved, List<Integer> counts) {
    }

    /**
     * One seed: its name, its guide page, the symptom, and what its page expects.
     *
     * @param mistakes what the check must name for each wrong version of the code
     * @param findings the kinds the diagnosis must give for the faulty setup
     */
    record Seed(String name, String page, String symptom, List<Mistake> mistakes, List<Finding.Kind> findings,
                Function<Page, Outcome> run) {
    }

    static final List<Seed> SEEDS = List.of(
            new Seed("chatgpt-xor", "15-chatgpt-xor.md", "XOR 2-3-1 sigmoid, BCE, sgd(0.1): the loss sits at 0.69, then turns NaN",
                    List.of(Mistake.DERIVATIVE_OF_PRE_ACTIVATION), List.of(), Seeds::chatgptXor),
            new Seed("two-bugs", "16-deep-xor-two-bugs.md", "[2, 3, 4, 5, 1] sigmoid, mse, sgd(0.01): 0.5 for every XOR input",
                    List.of(Mistake.UNKNOWN, Mistake.DERIVATIVE_OF_PRE_ACTIVATION), List.of(Finding.Kind.LEARNING_RATE_TOO_SMALL),
                    Seeds::twoBugs),
            new Seed("one-hot-slicing", "17-one-hot-minibatches.md",
                    "XOR one-hot 2-2-2, minibatches of 2: the loss stops at 0.42, two rows get one answer",
                    List.of(Mistake.BIAS_NOT_SUMMED, Mistake.NONE), List.of(), Seeds::oneHotSlicing),
            new Seed("online-sgd", "18-online-sgd.md", "XOR 2-3-2-1, one row a step: the first update fails on a shape",
                    List.of(Mistake.TRANSPOSED), List.of(), Seeds::onlineSgd),
            new Seed("two-patterns", "19-two-patterns-at-the-average.md",
                    "[1, 2] -> 0 and [3, 4] -> 1 in a 2-4-1 net: both answers stay at 0.5", List.of(Mistake.DERIVATIVE_MISSING),
                    List.of(Finding.Kind.SATURATED, Finding.Kind.SYMMETRIC_WEIGHTS), Seeds::twoPatterns),
            new Seed("raw-2-2", "20-raw-inputs-ten-to-thirty.md", "a 2 -> 2 sigmoid net on inputs from 10 to 30 answers only 1 or 0",
                    List.of(), List.of(Finding.Kind.UNSCALED_INPUTS), Seeds::rawTwoTwo),
            new Seed("regression-nan", "21-linear-regression-nan.md", "y = w·x + b on house areas: the loss turns NaN",
                    List.of(Mistake.SUM_NOT_MEAN), List.of(Finding.Kind.UNSCALED_INPUTS), Seeds::regressionNan),
            new Seed("perceptron-gates", "22-perceptron-gates.md", "one unit learns AND, OR, NAND and NOR, never XOR",
                    List.of(Mistake.WRONG_LOSS_DERIVATIVE), List.of(Finding.Kind.NOT_SEPARABLE), Seeds::perceptronGates),
            new Seed("bias-column", "23-xor-bias-column.md", "XOR 3-4-1 with a bias column, mse, sgd(0.5): learns, but slowly",
                    List.of(Mistake.DERIVATIVE_TWICE), List.of(), Seeds::biasColumn),
            new Seed("relu-half", "24-relu-sigmoid-at-one-half.md", "XOR 2-8-1, relu then sigmoid, BCE: every output 0.5",
                    List.of(Mistake.WRONG_LOSS_DERIVATIVE), List.of(Finding.Kind.DEAD_RELU), Seeds::reluHalf),
            new Seed("neuron-chain", "25-two-neuron-chain.md",
                    "AND with two sigmoid neurons in a chain (2-1-1), mse: every output goes to 1", List.of(Mistake.SIGN_FLIPPED), List.of(),
                    Seeds::neuronChain));

    /** {@code Seeds [name ...]}: runs the named seeds, or all of them. */
    public static void main(String[] args) {
        cli(System.out, args);
    }

    /** What {@link #main} does, printing to {@code out}: for a command-line registry. */
    public static void cli(PrintStream out, String... args) {
        run(out, args);
    }

    /** Runs the named seeds (all when none is named), printing each; returns what each gave. */
    public static List<Outcome> run(PrintStream out, String... names) {
        List<String> wanted = Arrays.asList(names);
        List<Outcome> outcomes = new ArrayList<>();
        for (Seed s : SEEDS) {
            if (wanted.isEmpty() || wanted.contains(s.name())) {
                out.println();
                out.println("== " + s.name() + ": " + s.symptom() + "   (docs/guide/" + s.page() + ")");
                outcomes.add(s.run().apply(new Page(s.name(), out)));
            }
        }
        if (outcomes.isEmpty()) {
            out.println("no seed named " + wanted + "; the names are:");
            SEEDS.forEach(s -> out.println("  " + s.name()));
        }
        return outcomes;
    }

    // ---- the seeds -----------------------------------------------------------------------------------

    static final double[][] X = f64(LogicNetworks.INPUTS);
    static final double[][] XOR = f64(LogicNetworks.XOR);

    /** 15: the seed-000 XOR network, 2-3-1 sigmoid, binary cross-entropy, full-batch sgd(0.1). */
    static final class ChatGptXor extends Learner {
        final double[][] W1;
        final double[][] b1 = zeros(1, 3);
        final double[][] W2;
        final double[][] b2 = zeros(1, 1);
        final boolean wrong;

        ChatGptXor(boolean wrong) {
            this(wrong, 15);
        }

        ChatGptXor(boolean wrong, long seed) {
            W1 = uniform(seed, 2, 3);
            W2 = uniform(seed + 1000, 3, 1);
            this.wrong = wrong;
            weights("W1", W1, "b1", b1, "W2", W2, "b2", b2);
        }

        @Override
        double[][] predict(double[][] X) {
            return sigmoid(add(dot(sigmoid(add(dot(X, W1), b1)), W2), b2));
        }

        @Override
        Map<String, double[][]> gradients(double[][] X, double[][] y) {
            int m = X.length;
            double[][] z1 = add(dot(X, W1), b1);                              // z1 = X @ W1 + b1
            double[][] a1 = sigmoid(z1);
            double[][] z2 = add(dot(a1, W2), b2);
            double[][] a2 = sigmoid(z2);
            double[][] delta2 = sub(a2, y);                                    // sigmoid + BCE: a2 - y
            double[][] delta1 = wrong
                    ? mul(dot(delta2, T(W2)), sigmoidDerivative(z1))           // wrong: (delta2 @ W2.T) * sigmoid_derivative(z1)
                    : mul(dot(delta2, T(W2)), sigmoidDerivative(a1));          // right: (delta2 @ W2.T) * sigmoid_derivative(a1)
            double[][] dW2 = div(dot(T(a1), delta2), m);                      // dW2 = a1.T @ delta2 / m
            double[][] db2 = div(sumRows(delta2), m);                         // db2 = delta2.sum(axis=0) / m
            double[][] dW1 = div(dot(T(X), delta1), m);
            double[][] db1 = div(sumRows(delta1), m);
            return named("dW1", dW1, "db1", db1, "dW2", dW2, "db2", db2);
        }

        @Override
        double loss(double[][] a, double[][] y) {
            return bceOf(a, y);
        }
    }

    private static Outcome chatgptXor(Page p) {
        p.line("wrong: delta1 = (delta2 @ W2.T) * sigmoid_derivative(z1)   # sigmoid_derivative(a) = a * (1 - a) expects a = sigmoid(z)");
        p.line("right: delta1 = (delta2 @ W2.T) * sigmoid_derivative(a1)");
        p.line("the wrong code trained as written, sgd(0.1), 10,000 epochs: " + p.train(new ChatGptXor(true), X, XOR, 0.1, 10_000, 4));
        ChatGptXor growing = new ChatGptXor(true);
        StringBuilder largest = new StringBuilder("the largest weight of its W1, after epoch");
        for (int e = 1; e <= 297; e++) {
            growing.update(growing.gradients(X, XOR), 0.1);
            if (e % 100 == 0 || e == 250 || e == 290 || e == 297) {
                double max = Arrays.stream(growing.W1).flatMapToDouble(Arrays::stream).map(Math::abs).max().orElse(0);
                largest.append(e == 100 ? " " : ", ").append(e).append(": ").append(num(max));
            }
        }
        p.line(largest.toString());
        p.starts("the wrong code went NaN from", p.count(s -> new ChatGptXor(true, s), X, XOR, 0.1, 10_000, 4,
                        n -> Double.isNaN(n.loss(n.predict(X), XOR))),
                "the right code learned XOR from", p.count(s -> new ChatGptXor(false, s), X, XOR, 0.1, 10_000, 4,
                        n -> allRight(n.predict(X), XOR)));
        Sequential model = withWeights(Sequential.of(dense(2, 3), Layers.sigmoid(), dense(3, 1), Layers.sigmoid()),
                new ChatGptXor(false));
        p.wrong("BackpropCheck.gradients(...), the wrong code's first step:",
                BackpropCheck.gradients(model, f32(X), f32(XOR), binaryCrossEntropy(), floats(new ChatGptXor(true).gradients(X, XOR))));
        p.right("BackpropCheck.gradients(...), the right code's first step:",
                BackpropCheck.gradients(model, f32(X), f32(XOR), binaryCrossEntropy(), floats(new ChatGptXor(false).gradients(X, XOR))));
        p.line("model.explain(x, y, binaryCrossEntropy(), sgd(0.1f)):");
        p.line(model.explain(f32(X), f32(XOR), binaryCrossEntropy(), sgd(0.1f)).toString());
        return p.fixed("nnj, the right version from the same weights, sgd(0.1f), 10,000 epochs:", model, LogicNetworks.INPUTS,
                LogicNetworks.XOR, binaryCrossEntropy(), sgd(0.1f), 10_000, 4);
    }

    /** 16: the deep XOR net [2, 3, 4, 5, 1], sigmoid throughout, mean squared error. */
    static final class DeepXor extends Learner {
        final double[][] W1;
        final double[][] b1 = zeros(1, 3);
        final double[][] W2;
        final double[][] b2 = zeros(1, 4);
        final double[][] W3;
        final double[][] b3 = zeros(1, 5);
        final double[][] W4;
        final double[][] b4 = zeros(1, 1);
        final boolean oneLayerOff;
        final boolean ofZ;
        double[][] delta4;
        double[][] delta3;

        DeepXor(boolean oneLayerOff, boolean ofZ) {
            this(oneLayerOff, ofZ, 16);
        }

        DeepXor(boolean oneLayerOff, boolean ofZ, long seed) {
            W1 = uniform(seed, 2, 3);
            W2 = uniform(seed + 1000, 3, 4);
            W3 = uniform(seed + 2000, 4, 5);
            W4 = uniform(seed + 3000, 5, 1);
            this.oneLayerOff = oneLayerOff;
            this.ofZ = ofZ;
            weights("W1", W1, "b1", b1, "W2", W2, "b2", b2, "W3", W3, "b3", b3, "W4", W4, "b4", b4);
        }

        @Override
        double[][] predict(double[][] X) {
            double[][] a = X;
            for (int l = 1; l <= 4; l++) {
                a = sigmoid(add(dot(a, weights.get("W" + l)), weights.get("b" + l)));
            }
            return a;
        }

        @Override
        Map<String, double[][]> gradients(double[][] X, double[][] y) {
            int m = X.length;
            double[][] z1 = add(dot(X, W1), b1);
            double[][] a1 = sigmoid(z1);
            double[][] a2 = sigmoid(add(dot(a1, W2), b2));
            double[][] a3 = sigmoid(add(dot(a2, W3), b3));
            double[][] a4 = sigmoid(add(dot(a3, W4), b4));
            delta4 = mul(times(2, sub(a4, y)), sigmoidDerivative(a4));       // mse: the derivative of mean((a4 - y)**2) is 2 * (a4 - y)
            delta3 = oneLayerOff
                    ? mul(dot(delta4, T(W4)), sigmoidDerivative(a4))           // bug 1: a4, the next layer's (numpy stretches its column)
                    : mul(dot(delta4, T(W4)), sigmoidDerivative(a3));          // right: a3
            double[][] delta2 = mul(dot(delta3, T(W3)), sigmoidDerivative(a2));
            double[][] delta1 = ofZ
                    ? mul(dot(delta2, T(W2)), sigmoidDerivative(z1))           // bug 2: z1 where a1 is meant
                    : mul(dot(delta2, T(W2)), sigmoidDerivative(a1));          // right: a1
            return named("dW1", div(dot(T(X), delta1), m), "db1", div(sumRows(delta1), m),
                    "dW2", div(dot(T(a1), delta2), m), "db2", div(sumRows(delta2), m),
                    "dW3", div(dot(T(a2), delta3), m), "db3", div(sumRows(delta3), m),
                    "dW4", div(dot(T(a3), delta4), m), "db4", div(sumRows(delta4), m));
        }

        @Override
        double loss(double[][] a, double[][] y) {
            return mseOf(a, y);
        }
    }

    private static Outcome twoBugs(Page p) {
        p.line("bug 1: delta3 = (delta4 @ W4.T) * sigmoid_derivative(a4)   # right: a3");
        p.line("bug 2: delta1 = (delta2 @ W2.T) * sigmoid_derivative(z1)   # right: a1");
        p.line("the code with both bugs, sgd(0.01), 3,000 epochs: " + p.train(new DeepXor(true, true), X, XOR, 0.01, 3_000, 4));
        Sequential model = withWeights(Sequential.of(dense(2, 3), Layers.sigmoid(), dense(3, 4), Layers.sigmoid(), dense(4, 5),
                Layers.sigmoid(), dense(5, 1), Layers.sigmoid()), new DeepXor(false, false));
        DeepXor both = new DeepXor(true, true);
        p.wrong("BackpropCheck, both bugs in:", BackpropCheck.gradients(model, f32(X), f32(XOR), mse(), floats(both.gradients(X, XOR))));
        Explanation step = model.explain(f32(X), f32(XOR), mse(), sgd(0.01f));
        p.line("compared with model.explain(x, y, mse(), sgd(0.01f)), from the output back:");
        p.line("yours delta4 " + (same(both.delta4, step.entry("δ4")) ? "matches" : "differs from") + " δ4; yours delta3 "
                + (same(both.delta3, step.entry("δ3")) ? "matches" : "differs from") + " δ3:");
        p.matrix("yours delta3", both.delta3);
        p.entry(step.entry("δ3"));
        p.wrong("BackpropCheck, bug 1 fixed:", BackpropCheck.gradients(model, f32(X), f32(XOR), mse(),
                floats(new DeepXor(false, true).gradients(X, XOR))));
        p.right("BackpropCheck, both fixed:", BackpropCheck.gradients(model, f32(X), f32(XOR), mse(),
                floats(new DeepXor(false, false).gradients(X, XOR))));
        p.line("the right code, sgd(0.01), 3,000 epochs: " + p.train(new DeepXor(false, false), X, XOR, 0.01, 3_000, 4));
        p.starts("at sgd(10), the code with both bugs learned XOR from", p.count(s -> new DeepXor(true, true, s), X, XOR, 10, 3_000, 4,
                        n -> allRight(n.predict(X), XOR)),
                "the right code from", p.count(s -> new DeepXor(false, false, s), X, XOR, 10, 3_000, 4, n -> allRight(n.predict(X), XOR)));
        p.diagnosis("nnj, the same network and rate (sgd(0.01f), 3,000 epochs):", train(model.copy(), LogicNetworks.INPUTS,
                LogicNetworks.XOR, mse(), sgd(0.01f), 3_000, 4).findings());
        return p.fixed("nnj, sgd(10f) as the finding suggests, 3,000 epochs:", model, LogicNetworks.INPUTS, LogicNetworks.XOR,
                mse(), sgd(10f), 3_000, 4);
    }

    /** 17: XOR one-hot, 2-2-2 (sigmoid, then softmax), cross-entropy, minibatches of 2 in order. */
    static final class OneHotXor extends Learner {
        final double[][] W1;
        final double[][] b1 = zeros(1, 2);
        final double[][] W2;
        final double[][] b2 = zeros(1, 2);
        final boolean wrong;

        OneHotXor(boolean wrong) {
            this(wrong, 17);
        }

        OneHotXor(boolean wrong, long seed) {
            W1 = uniform(seed, 2, 2);
            W2 = uniform(seed + 1000, 2, 2);
            this.wrong = wrong;
            weights("W1", W1, "b1", b1, "W2", W2, "b2", b2);
        }

        @Override
        double[][] predict(double[][] X) {
            return softmaxRows(add(dot(sigmoid(add(dot(X, W1), b1)), W2), b2));
        }

        @Override
        Map<String, double[][]> gradients(double[][] X, double[][] y) {
            int m = X.length;
            double[][] a1 = sigmoid(add(dot(X, W1), b1));
            double[][] a2 = softmaxRows(add(dot(a1, W2), b2));
            double[][] delta2 = sub(a2, y);                                    // softmax + cross-entropy: a2 - y
            double[][] dW2 = div(dot(T(a1), delta2), m);
            double[][] db2 = wrong
                    ? new double[][] {delta2[0]}                               // wrong: db2 = delta2[0], the batch's first row
                    : div(sumRows(delta2), m);                                 // right: db2 = delta2.sum(axis=0) / m
            double[][] delta1 = mul(dot(delta2, T(W2)), sigmoidDerivative(a1));
            return named("dW1", div(dot(T(X), delta1), m), "db1", div(sumRows(delta1), m), "dW2", dW2, "db2", db2);
        }

        @Override
        double loss(double[][] a, double[][] y) {
            double sum = 0;
            for (int i = 0; i < a.length; i++) {
                for (int j = 0; j < a[0].length; j++) {
                    sum -= y[i][j] * Math.log(a[i][j]);
                }
            }
            return sum / a.length;
        }
    }

    private static Outcome oneHotSlicing(Page p) {
        float[][] oneHot = LogicNetworks.XOR_ONE_HOT;
        double[][] y = f64(oneHot);
        p.line("wrong: db2 = delta2[0]                  # the first row of the batch only");
        p.line("right: db2 = delta2.sum(axis=0) / m");
        OneHotXor wrongNet = new OneHotXor(true);
        p.line("the wrong code, batches of 2 in order, sgd(1), 5,000 epochs: " + p.train(wrongNet, X, y, 1, 5_000, 2));
        p.line("its answers, row by row (target [1, 0] for rows 1 and 4, [0, 1] for rows 2 and 3):");
        p.matrix("a2", wrongNet.predict(X));
        p.starts("the wrong code left a row wrong from", p.count(s -> new OneHotXor(true, s), X, y, 1, 5_000, 2,
                        n -> !allRight(n.predict(X), y)),
                "the right code learned all four from", p.count(s -> new OneHotXor(false, s), X, y, 1, 5_000, 2,
                        n -> allRight(n.predict(X), y)));
        Sequential model = withWeights(Sequential.of(dense(2, 2), Layers.sigmoid(), dense(2, 2), softmax()), new OneHotXor(false));
        double[][] firstX = Arrays.copyOfRange(X, 0, 2);
        double[][] firstY = Arrays.copyOfRange(y, 0, 2);
        p.wrong("BackpropCheck on the first batch of 2, the wrong code:", BackpropCheck.gradients(model, f32(firstX), f32(firstY),
                crossEntropy(), floats(new OneHotXor(true).gradients(firstX, firstY))));
        p.wrong("BackpropCheck on one row, the same wrong code:", BackpropCheck.gradients(model, f32(Arrays.copyOfRange(X, 1, 2)),
                f32(Arrays.copyOfRange(y, 1, 2)), crossEntropy(),
                floats(new OneHotXor(true).gradients(Arrays.copyOfRange(X, 1, 2), Arrays.copyOfRange(y, 1, 2)))));
        p.right("BackpropCheck on the first batch of 2, the right code:", BackpropCheck.gradients(model, f32(firstX), f32(firstY),
                crossEntropy(), floats(new OneHotXor(false).gradients(firstX, firstY))));
        Explanation step = model.explain(f32(firstX), f32(firstY), crossEntropy(), sgd(1f));
        p.line("model.explain(...) on the first batch:");
        p.entry(step.entry("δ2"));
        p.entry(step.entry("db2"));
        Sequential fresh = withWeights(Sequential.of(dense(2, 2), Layers.sigmoid(), dense(2, 2), softmax()), new OneHotXor(false));
        return p.fixed("nnj, the right version from the same weights, batchSize(2), sgd(1f), 5,000 epochs:", fresh, LogicNetworks.INPUTS,
                oneHot, crossEntropy(), sgd(1f), 5_000, 2);
    }

    /** 18: XOR through 2-3-2-1 sigmoid units, binary cross-entropy, trained one row a step. */
    static final class OnlineXor extends Learner {
        final double[][] W1;
        final double[][] b1 = zeros(1, 3);
        final double[][] W2;
        final double[][] b2 = zeros(1, 2);
        final double[][] W3;
        final double[][] b3 = zeros(1, 1);
        final boolean wrong;

        OnlineXor(boolean wrong) {
            this(wrong, 18);
        }

        OnlineXor(boolean wrong, long seed) {
            W1 = uniform(seed, 2, 3);
            W2 = uniform(seed + 1000, 3, 2);
            W3 = uniform(seed + 2000, 2, 1);
            this.wrong = wrong;
            weights("W1", W1, "b1", b1, "W2", W2, "b2", b2, "W3", W3, "b3", b3);
        }

        @Override
        double[][] predict(double[][] X) {
            return sigmoid(add(dot(sigmoid(add(dot(sigmoid(add(dot(X, W1), b1)), W2), b2)), W3), b3));
        }

        @Override
        Map<String, double[][]> gradients(double[][] x, double[][] y) {
            int m = x.length;                                                  // 1: one row a step
            double[][] a1 = sigmoid(add(dot(x, W1), b1));
            double[][] a2 = sigmoid(add(dot(a1, W2), b2));
            double[][] a3 = sigmoid(add(dot(a2, W3), b3));
            double[][] delta3 = sub(a3, y);
            double[][] delta2 = mul(dot(delta3, T(W3)), sigmoidDerivative(a2));
            double[][] delta1 = mul(dot(delta2, T(W2)), sigmoidDerivative(a1));
            double[][] dW1 = wrong
                    ? div(dot(T(delta1), x), m)                                // wrong: delta1.T @ x, (3x1)(1x2) = 3x2
                    : div(dot(T(x), delta1), m);                               // right: x.T @ delta1, (2x1)(1x3) = 2x3, W1's shape
            return named("dW1", dW1, "db1", div(sumRows(delta1), m), "dW2", div(dot(T(a1), delta2), m), "db2", div(sumRows(delta2), m),
                    "dW3", div(dot(T(a2), delta3), m), "db3", div(sumRows(delta3), m));
        }

        @Override
        double loss(double[][] a, double[][] y) {
            return bceOf(a, y);
        }
    }

    private static Outcome onlineSgd(Page p) {
        p.line("wrong: dW1 = delta1.T @ x     # 3x2: the outer product the wrong way round");
        p.line("right: dW1 = x.T @ delta1     # 2x3, W1's shape");
        p.line("the wrong code, one row a step, sgd(0.5): " + p.train(new OnlineXor(true), X, XOR, 0.5, 5_000, 1));
        p.starts("the wrong code failed at the first step from", p.count(s -> new OnlineXor(true, s), X, XOR, 0.5, 5_000, 1,
                        n -> n.failure != null),
                "the right code learned XOR in 5,000 epochs from", p.count(s -> new OnlineXor(false, s), X, XOR, 0.5, 5_000, 1,
                        n -> allRight(n.predict(X), XOR)));
        Sequential model = withWeights(Sequential.of(dense(2, 3), Layers.sigmoid(), dense(3, 2), Layers.sigmoid(), dense(2, 1),
                Layers.sigmoid()), new OnlineXor(false));
        double[][] x = Arrays.copyOfRange(X, 1, 2);
        double[][] y = Arrays.copyOfRange(XOR, 1, 2);
        p.wrong("BackpropCheck on row 2, the wrong code:", BackpropCheck.gradients(model, f32(x), f32(y), binaryCrossEntropy(),
                floats(new OnlineXor(true).gradients(x, y))));
        p.right("BackpropCheck on row 2, the right code:", BackpropCheck.gradients(model, f32(x), f32(y), binaryCrossEntropy(),
                floats(new OnlineXor(false).gradients(x, y))));
        Explanation step = model.explain(f32(x), f32(y), binaryCrossEntropy(), sgd(0.5f));
        p.line("model.explain(...) on row 2:");
        p.entry(step.entry("X"));
        p.entry(step.entry("δ1"));
        p.entry(step.entry("dW1"));
        return p.fixed("nnj, the right version from the same weights, batchSize(1), sgd(0.5f), 5,000 epochs:", model, LogicNetworks.INPUTS,
                LogicNetworks.XOR, binaryCrossEntropy(), sgd(0.5f), 5_000, 1);
    }

    /** 19: two patterns, [1, 2] → 0 and [3, 4] → 1, in a 2-4-1 sigmoid net, mean squared error. */
    static final class TwoPatterns extends Learner {
        final double[][] W1;
        final double[][] b1 = zeros(1, 4);
        final double[][] W2;
        final double[][] b2 = zeros(1, 1);
        final boolean wrong;

        TwoPatterns(boolean wrong) {
            this(wrong, 19);
        }

        TwoPatterns(boolean wrong, long seed) {
            W1 = uniform(seed, 2, 4);
            W2 = uniform(seed + 1000, 4, 1);
            this.wrong = wrong;
            weights("W1", W1, "b1", b1, "W2", W2, "b2", b2);
        }

        double[][] hidden(double[][] X) {
            return sigmoid(add(dot(X, W1), b1));
        }

        @Override
        double[][] predict(double[][] X) {
            return sigmoid(add(dot(hidden(X), W2), b2));
        }

        @Override
        Map<String, double[][]> gradients(double[][] X, double[][] y) {
            int m = X.length;
            double[][] a1 = sigmoid(add(dot(X, W1), b1));
            double[][] a2 = sigmoid(add(dot(a1, W2), b2));
            double[][] delta2 = mul(times(2, sub(a2, y)), sigmoidDerivative(a2));
            double[][] delta1 = wrong
                    ? dot(delta2, T(W2))                                       // wrong: delta1 = delta2 @ W2.T
                    : mul(dot(delta2, T(W2)), sigmoidDerivative(a1));          // right: (delta2 @ W2.T) * sigmoid_derivative(a1)
            return named("dW1", div(dot(T(X), delta1), m), "db1", div(sumRows(delta1), m),
                    "dW2", div(dot(T(a1), delta2), m), "db2", div(sumRows(delta2), m));
        }

        @Override
        double loss(double[][] a, double[][] y) {
            return mseOf(a, y);
        }
    }

    private static Outcome twoPatterns(Page p) {
        double[][] x = f64(LogicNetworks.TWO_PATTERNS);
        double[][] y = f64(LogicNetworks.TWO_PATTERN_TARGETS);
        p.line("wrong: delta1 = delta2 @ W2.T                                # the sigmoid's derivative left out");
        p.line("right: delta1 = (delta2 @ W2.T) * sigmoid_derivative(a1)");
        TwoPatterns wrongNet = new TwoPatterns(true);
        p.line("the wrong code, sgd(0.5), 2,000 epochs: " + p.train(wrongNet, x, y, 0.5, 2_000, 2));
        p.matrix("its hidden layer a1, one row a pattern", wrongNet.hidden(x));
        p.starts("the wrong code stayed within 0.05 of 0.5 from", p.count(s -> new TwoPatterns(true, s), x, y, 0.5, 2_000, 2,
                        n -> atHalf(n.predict(x), 0.05)),
                "the right code learned both from", p.count(s -> new TwoPatterns(false, s), x, y, 0.5, 2_000, 2,
                        n -> allRight(n.predict(x), y)));
        Sequential model = withWeights(Sequential.of(dense(2, 4), Layers.sigmoid(), dense(4, 1), Layers.sigmoid()), new TwoPatterns(false));
        p.wrong("BackpropCheck, the wrong code's first step:", BackpropCheck.gradients(model, f32(x), f32(y), mse(),
                floats(new TwoPatterns(true).gradients(x, y))));
        p.right("BackpropCheck, the right code's first step:", BackpropCheck.gradients(model, f32(x), f32(y), mse(),
                floats(new TwoPatterns(false).gradients(x, y))));
        p.line("model.explain(x, y, mse(), sgd(0.5f)):");
        p.entry(model.explain(f32(x), f32(y), mse(), sgd(0.5f)).entry("δ1"));
        Sequential stuck = withWeights(Sequential.of(dense(2, 4), Layers.sigmoid(), dense(4, 1), Layers.sigmoid()), wrongNet);
        p.diagnosis("the wrong code's trained weights put into nnj (setParameter), model.diagnose(x, y, mse()):",
                stuck.diagnose(f32(x), f32(y), mse()));
        // The other start that holds both answers at the average: every weight 0, with the right code.
        TwoPatterns zero = new TwoPatterns(false);
        Arrays.stream(zero.W1).forEach(row -> Arrays.fill(row, 0));
        Arrays.stream(zero.W2).forEach(row -> Arrays.fill(row, 0));
        p.line("the right code from all-zero weights, sgd(0.5), 2,000 epochs: " + p.train(zero, x, y, 0.5, 2_000, 2));
        p.line("  outputs " + column(zero.predict(x)));
        p.diagnosis("nnj, dense(2, 4, zeros()), sigmoid(), dense(4, 1, zeros()), sigmoid():", train(Sequential.of(dense(2, 4,
                Initializers.zeros()), Layers.sigmoid(), dense(4, 1, Initializers.zeros()), Layers.sigmoid()), LogicNetworks.TWO_PATTERNS,
                LogicNetworks.TWO_PATTERN_TARGETS, mse(), sgd(0.5f), 2_000, 2).findings());
        return p.fixed("nnj, the right version from the learner's random weights, sgd(0.5f), 2,000 epochs:", model,
                LogicNetworks.TWO_PATTERNS, LogicNetworks.TWO_PATTERN_TARGETS, mse(), sgd(0.5f), 2_000, 2);
    }

    /** 20: one layer, 2 → 2 sigmoid, mean squared error, on pairs of raw values from 10 to 30 (which one is larger). */
    static final class RawPairs extends Learner {
        final double[][] W1;
        final double[][] b1 = zeros(1, 2);

        RawPairs() {
            this(20);
        }

        RawPairs(long seed) {
            W1 = uniform(seed, 2, 2);
            weights("W1", W1, "b1", b1);
        }

        @Override
        double[][] predict(double[][] X) {
            return sigmoid(add(dot(X, W1), b1));
        }

        @Override
        Map<String, double[][]> gradients(double[][] X, double[][] y) {
            int m = X.length;
            double[][] a1 = sigmoid(add(dot(X, W1), b1));
            double[][] delta1 = mul(sub(a1, y), sigmoidDerivative(a1));      // mse over 2 outputs: 2 * (a1 - y) / 2 * a1 * (1 - a1)
            return named("dW1", div(dot(T(X), delta1), m), "db1", div(sumRows(delta1), m));
        }

        @Override
        double loss(double[][] a, double[][] y) {
            return mseOf(a, y);
        }
    }

    /** The seed's data: 40 pairs of raw values from 10 to 30, and which of the two is larger (one-hot). */
    static float[][][] rawPairs() {
        SplittableRandom r = new SplittableRandom(1);
        float[][] x = new float[40][2];
        float[][] y = new float[40][2];
        for (int i = 0; i < 40; i++) {
            x[i][0] = 10 + 20 * (float) r.nextDouble();
            x[i][1] = 10 + 20 * (float) r.nextDouble();
            y[i][x[i][0] > x[i][1] ? 0 : 1] = 1;
        }
        return new float[][][] {x, y};
    }

    private static Outcome rawTwoTwo(Page p) {
        float[][][] d = rawPairs();
        double[][] x = f64(d[0]);
        double[][] y = f64(d[1]);
        p.line("the code is right: delta1 = (a1 - y) * sigmoid_derivative(a1); the inputs are not: 10 to 30, as they came");
        RawPairs net = new RawPairs();
        p.line("the code, full batch, sgd(0.1), 500 epochs: " + p.train(net, x, y, 0.1, 500, 40));
        p.matrix("its answers for the first 4 rows", net.predict(Arrays.copyOfRange(x, 0, 4)));
        double[][] scaledX = standardized(x);
        p.starts("on the raw inputs, under 60% of the rows right (a coin gets 50%) from", p.count(RawPairs::new, x, y, 0.1, 500, 40,
                        n -> rightShare(n.predict(x), y) < 0.6),
                "on standardized inputs, 90% of the rows right from", p.count(RawPairs::new, scaledX, y, 0.1, 500, 40,
                        n -> rightShare(n.predict(scaledX), y) >= 0.9));
        Sequential model = withWeights(Sequential.of(dense(2, 2), Layers.sigmoid()), new RawPairs());
        p.right("BackpropCheck, the code's first step:", BackpropCheck.gradients(model, d[0], d[1], mse(),
                floats(new RawPairs().gradients(x, y))));
        Explanation step = model.explain(Arrays.copyOfRange(d[0], 0, 4), Arrays.copyOfRange(d[1], 0, 4), mse(), sgd(0.1f));
        p.line("model.explain(...) on the first 4 rows:");
        p.entry(step.entry("z1"));
        p.entry(step.entry("a1"));
        p.entry(step.entry("δ1"));
        p.diagnosis("nnj, the same network on the raw inputs, sgd(0.1f), 500 epochs:",
                train(model.copy(), d[0], d[1], mse(), sgd(0.1f), 500, 40).findings());
        Layer scale = normalization(Diagnoses.mean(d[0]), Diagnoses.deviation(d[0]));
        Sequential scaled = withWeights(Sequential.of(scale, dense(2, 2), Layers.sigmoid()), new RawPairs());
        return p.fixed("nnj, normalization(mean, std) first, sgd(0.1f), 500 epochs:", scaled, d[0], d[1], mse(), sgd(0.1f), 500, 40);
    }

    /** 21: y = w·x + b by gradient descent on 100 house areas (500 to 3,500 square feet) and their prices. */
    static final class Regression extends Learner {
        final double[][] w = zeros(1, 1);
        final double[][] b = zeros(1, 1);
        final boolean wrong;

        Regression(boolean wrong) {
            this.wrong = wrong;
            weights("W1", w, "b1", b);
        }

        @Override
        double[][] predict(double[][] X) {
            return add(dot(X, w), b);
        }

        @Override
        Map<String, double[][]> gradients(double[][] X, double[][] y) {
            int m = X.length;
            double[][] error = sub(add(dot(X, w), b), y);                    // prediction - y
            double[][] dw = wrong
                    ? times(2, dot(T(X), error))                               // wrong: dw = 2 * X.T @ error, a sum over the rows
                    : div(times(2, dot(T(X), error)), m);                      // right: dw = 2 * X.T @ error / m
            double[][] db = wrong ? times(2, sumRows(error)) : div(times(2, sumRows(error)), m);
            return named("dW1", dw, "db1", db);
        }

        @Override
        double loss(double[][] a, double[][] y) {
            return mseOf(a, y);
        }
    }

    /** The seed's data: price = 0.15 · area + 50 plus noise, areas from 500 to 3,500 (as Diagnoses' loss-nan). */
    static float[][][] houses() {
        SplittableRandom r = new SplittableRandom(42);
        float[][] x = new float[100][1];
        float[][] y = new float[100][1];
        for (int i = 0; i < 100; i++) {
            x[i][0] = Math.round(500 + 3000 * r.nextDouble());
            y[i][0] = (float) (0.15 * x[i][0] + 50 + 10 * r.nextGaussian());
        }
        return new float[][][] {x, y};
    }

    private static Outcome regressionNan(Page p) {
        float[][][] d = houses();
        double[][] x = f64(d[0]);
        double[][] y = f64(d[1]);
        p.line("wrong: dw = 2 * X.T @ error          # summed over the 100 rows (db likewise)");
        p.line("right: dw = 2 * X.T @ error / m      # the mean, as mean((pred - y)**2) has it");
        p.line("the wrong code, lr = 1e-7, 200 epochs: " + p.train(new Regression(true), x, y, 1e-7, 200, 100));
        Sequential model = withWeights(Sequential.of(dense(1, 1)), new Regression(false));
        p.wrong("BackpropCheck, the wrong code's first step:", BackpropCheck.gradients(model, d[0], d[1], mse(),
                floats(new Regression(true).gradients(x, y))));
        p.right("BackpropCheck, the right code's first step:", BackpropCheck.gradients(model, d[0], d[1], mse(),
                floats(new Regression(false).gradients(x, y))));
        Regression right = new Regression(false);
        p.line("the right code, lr = 1e-7, 200 epochs: " + p.train(right, x, y, 1e-7, 200, 100));
        p.line(String.format(Locale.ROOT, "  it fits price = %.4f · area + %.4f (drawn from 0.15 · area + 50)", right.w[0][0],
                right.b[0][0]));
        p.diagnosis("nnj on the raw areas at the wrong code's step, sgd(1e-5f) (1e-7 times m = 100 rows):",
                train(model.copy(), d[0], d[1], mse(), sgd(1e-5f), 200, 100).findings());
        Layer scale = normalization(Diagnoses.mean(d[0]), Diagnoses.deviation(d[0]));
        Sequential scaled = withWeights(Sequential.of(scale, dense(1, 1)), new Regression(false));
        History h = train(scaled, d[0], d[1], mse(), sgd(0.1f), 200, 100);
        float at0 = scaled.predict(new float[] {0f})[0];
        float slope = (scaled.predict(new float[] {1000f})[0] - at0) / 1000f;
        boolean solved = h.stopReason().kind() == History.StopReason.Kind.COMPLETED && Math.abs(slope - 0.15f) < 0.01f
                && Math.abs(at0 - 50) < 15;
        p.line("nnj, normalization(mean, std) first, sgd(0.1f), 200 epochs:");
        p.line(String.format(Locale.ROOT, "  fitted price = %.4f · area + %.1f, mse %s; %s", slope, at0, num(h.finalLoss()),
                findings(h.findings())));
        return p.done(h.findings(), solved);
    }

    /** 22: one sigmoid unit trained with the perceptron rule, w += lr · Xᵀ(y − a) / m. */
    static final class Perceptron extends Learner {
        final double[][] W1;
        final double[][] b1 = zeros(1, 1);

        Perceptron() {
            this(22);
        }

        Perceptron(long seed) {
            W1 = uniform(seed, 2, 1);
            weights("W1", W1, "b1", b1);
        }

        @Override
        double[][] predict(double[][] X) {
            return sigmoid(add(dot(X, W1), b1));
        }

        /** The rule's step written as a gradient step: W1 += lr * X.T @ (y - a) / m is W1 -= lr * dW1. */
        @Override
        Map<String, double[][]> gradients(double[][] X, double[][] y) {
            int m = X.length;
            double[][] a = sigmoid(add(dot(X, W1), b1));
            double[][] error = sub(y, a);                                      // the perceptron rule: y - a
            double[][] dW1 = div(dot(T(X), times(-1, error)), m);             // dW1 = X.T @ (a - y) / m
            double[][] db1 = div(sumRows(times(-1, error)), m);
            return named("dW1", dW1, "db1", db1);
        }

        @Override
        double loss(double[][] a, double[][] y) {
            return bceOf(a, y);
        }
    }

    private static Outcome perceptronGates(Page p) {
        p.line("the rule: W1 += lr * X.T @ (y - a) / m;  b1 += lr * (y - a).mean(axis=0)   with a = sigmoid(X @ W1 + b1)");
        String[] names = {"AND", "OR", "NAND", "NOR", "XOR"};
        float[][][] targets = {LogicNetworks.AND, LogicNetworks.OR, LogicNetworks.NAND, LogicNetworks.NOR, LogicNetworks.XOR};
        for (int g = 0; g < names.length; g++) {
            Perceptron unit = new Perceptron();
            String losses = p.train(unit, X, f64(targets[g]), 0.5, 2_000, 4);
            p.line(String.format(Locale.ROOT, "the rule on %s, sgd(0.5), 2,000 epochs: outputs %s, %d of 4 right", names[g],
                    column(unit.predict(X)), right(unit.predict(X), f64(targets[g]))) + (g == 4 ? "; " + losses : ""));
        }
        double[][] xor = XOR;
        p.starts("the rule missed an XOR row from", p.count(Perceptron::new, X, xor, 0.5, 2_000, 4, n -> !allRight(n.predict(X), xor)),
                "it learned AND from", p.count(Perceptron::new, X, f64(LogicNetworks.AND), 0.5, 2_000, 4,
                        n -> allRight(n.predict(X), f64(LogicNetworks.AND))));
        Sequential unit = withWeights(Sequential.of(dense(2, 1), Layers.sigmoid()), new Perceptron());
        double[][] and = f64(LogicNetworks.AND);
        Perceptron oneStep = new Perceptron();
        oneStep.update(oneStep.gradients(X, and), 0.5);
        p.right("BackpropCheck.update(...), the rule's first step on AND, with binaryCrossEntropy():",
                BackpropCheck.update(unit, f32(X), f32(and), binaryCrossEntropy(), 0.5f, floats(oneStep.weights)));
        p.wrong("BackpropCheck.update(...), the same step, with mse():",
                BackpropCheck.update(unit, f32(X), f32(and), mse(), 0.5f, floats(oneStep.weights)));
        Sequential xorUnit = withWeights(Sequential.of(dense(2, 1), Layers.sigmoid()), new Perceptron());
        p.diagnosis("nnj, one unit on XOR, binaryCrossEntropy(), sgd(0.5f), 2,000 epochs:",
                train(xorUnit, LogicNetworks.INPUTS, LogicNetworks.XOR, binaryCrossEntropy(), sgd(0.5f), 2_000, 4).findings());
        Sequential hidden = Sequential.of(dense(2, 4), tanh(), dense(4, 1), Layers.sigmoid()).initialize(1);
        return p.fixed("nnj, a hidden layer: dense(2, 4), tanh(), dense(4, 1), sigmoid(), sgd(0.5f), 2,000 epochs:", hidden,
                LogicNetworks.INPUTS, LogicNetworks.XOR, binaryCrossEntropy(), sgd(0.5f), 2_000, 4);
    }

    /** 23: the blog's XOR with the bias as a third input column of ones, 3-4-1 sigmoid, mean squared error. */
    static final class BiasColumn extends Learner {
        final double[][] W1;                              // its last row multiplies the column of ones: the bias
        final double[][] W2;
        final boolean wrong;

        BiasColumn(boolean wrong) {
            this(wrong, 23);
        }

        BiasColumn(boolean wrong, long seed) {
            W1 = uniform(seed, 3, 4);
            W2 = uniform(seed + 1000, 4, 1);
            this.wrong = wrong;
            weights("W1", W1, "W2", W2);
        }

        @Override
        double[][] predict(double[][] X) {
            return sigmoid(dot(sigmoid(dot(X, W1)), W2));
        }

        @Override
        Map<String, double[][]> gradients(double[][] X, double[][] y) {
            int m = X.length;
            double[][] a1 = sigmoid(dot(X, W1));
            double[][] a2 = sigmoid(dot(a1, W2));
            double[][] error2 = mul(times(2, sub(a2, y)), sigmoidDerivative(a2));   // 2 * (a2 - y) * a2 * (1 - a2)
            double[][] delta2 = wrong
                    ? mul(error2, sigmoidDerivative(a2))                       // wrong: error2 * sigmoid_derivative(a2), a second time
                    : error2;                                                  // right: error2 already holds the derivative
            double[][] delta1 = mul(dot(delta2, T(W2)), sigmoidDerivative(a1));
            // nnj's dense layers have their own biases (here at 0); the check wants their gradients too
            return named("dW1", div(dot(T(X), delta1), m), "db1", div(sumRows(delta1), m),
                    "dW2", div(dot(T(a1), delta2), m), "db2", div(sumRows(delta2), m));
        }

        @Override
        double loss(double[][] a, double[][] y) {
            return mseOf(a, y);
        }
    }

    private static Outcome biasColumn(Page p) {
        double[][] x = f64(LogicNetworks.INPUTS_WITH_BIAS);
        p.line("wrong: delta2 = error2 * sigmoid_derivative(a2)   # error2 = 2 * (a2 - y) * sigmoid_derivative(a2) already");
        p.line("right: delta2 = error2");
        for (boolean wrong : new boolean[] {true, false}) {
            BiasColumn net = new BiasColumn(wrong);
            String losses = p.train(net, x, XOR, 0.5, 10_000, 4);
            p.line((wrong ? "the wrong code" : "the right code") + ", sgd(0.5), 10,000 epochs: " + losses);
            p.line("  outputs " + column(net.predict(x)) + "; every output within 0.1 of its target after "
                    + epochsToLearn(new BiasColumn(wrong), x, XOR, 0.5, 100_000) + " epochs");
        }
        p.starts("the wrong code had an output more than 0.1 off after 10,000 epochs from", p.count(s -> new BiasColumn(true, s), x, XOR,
                        0.5, 10_000, 4, n -> !within(n.predict(x), XOR, 0.1)),
                "the right code had every output within 0.1 from", p.count(s -> new BiasColumn(false, s), x, XOR, 0.5, 10_000, 4,
                        n -> within(n.predict(x), XOR, 0.1)));
        BiasColumn start = new BiasColumn(false);
        Sequential model = Sequential.of(dense(3, 4), Layers.sigmoid(), dense(4, 1), Layers.sigmoid());
        model.setParameter("0.weight", f32(start.W1));                        // numpy's layout: W1 is 3x4, inputs x outputs
        model.setParameter("0.bias", new float[1][4]);
        model.setParameter("2.weight", f32(start.W2));
        model.setParameter("2.bias", new float[1][1]);
        p.wrong("BackpropCheck, the wrong code's first step:", BackpropCheck.gradients(model, f32(x), f32(XOR), mse(),
                floats(new BiasColumn(true).gradients(x, XOR))));
        p.right("BackpropCheck, the right code's first step:", BackpropCheck.gradients(model, f32(x), f32(XOR), mse(),
                floats(new BiasColumn(false).gradients(x, XOR))));
        p.line("model.explain(x, y, mse(), sgd(0.5f)):");
        p.entry(model.explain(f32(x), f32(XOR), mse(), sgd(0.5f)).entry("δ2"));
        return p.fixed("nnj, the right version from the same weights (and its own biases, from 0), sgd(0.5f), 10,000 epochs:", model,
                LogicNetworks.INPUTS_WITH_BIAS, LogicNetworks.XOR, mse(), sgd(0.5f), 10_000, 4);
    }

    /** 24: XOR with eight relu units and a sigmoid output, binary cross-entropy. */
    static final class ReluXor extends Learner {
        final double[][] W1;
        final double[][] b1 = zeros(1, 8);
        final double[][] W2;
        final double[][] b2 = zeros(1, 1);
        final boolean wrong;

        ReluXor(boolean wrong) {
            this(wrong, 24);
        }

        ReluXor(boolean wrong, long seed) {
            W1 = uniform(seed, 2, 8);
            W2 = uniform(seed + 1000, 8, 1);
            this.wrong = wrong;
            weights("W1", W1, "b1", b1, "W2", W2, "b2", b2);
        }

        double[][] hidden(double[][] X) {
            return relu(add(dot(X, W1), b1));
        }

        @Override
        double[][] predict(double[][] X) {
            return sigmoid(add(dot(hidden(X), W2), b2));
        }

        @Override
        Map<String, double[][]> gradients(double[][] X, double[][] y) {
            int m = X.length;
            double[][] z1 = add(dot(X, W1), b1);
            double[][] a1 = relu(z1);
            double[][] a2 = sigmoid(add(dot(a1, W2), b2));
            double[][] delta2 = wrong
                    ? mul(times(2, sub(a2, y)), sigmoidDerivative(a2))         // wrong: mean squared error's delta
                    : sub(a2, y);                                              // right: sigmoid + binary cross-entropy: a2 - y
            double[][] delta1 = mul(dot(delta2, T(W2)), reluDerivative(z1));
            return named("dW1", div(dot(T(X), delta1), m), "db1", div(sumRows(delta1), m),
                    "dW2", div(dot(T(a1), delta2), m), "db2", div(sumRows(delta2), m));
        }

        @Override
        double loss(double[][] a, double[][] y) {
            return bceOf(a, y);
        }
    }

    private static Outcome reluHalf(Page p) {
        p.line("wrong: delta2 = 2 * (a2 - y) * sigmoid_derivative(a2)   # mean squared error's delta, with binary cross-entropy");
        p.line("right: delta2 = a2 - y");
        Sequential model = withWeights(Sequential.of(dense(2, 8), Layers.relu(), dense(8, 1), Layers.sigmoid()), new ReluXor(false));
        p.wrong("BackpropCheck, the wrong code's first step:", BackpropCheck.gradients(model, f32(X), f32(XOR), binaryCrossEntropy(),
                floats(new ReluXor(true).gradients(X, XOR))));
        p.right("BackpropCheck, the right code's first step:", BackpropCheck.gradients(model, f32(X), f32(XOR), binaryCrossEntropy(),
                floats(new ReluXor(false).gradients(X, XOR))));
        p.line("model.explain(x, y, binaryCrossEntropy(), sgd(0.5f)):");
        p.entry(model.explain(f32(X), f32(XOR), binaryCrossEntropy(), sgd(0.5f)).entry("δ2"));
        for (double lr : new double[] {0.5, 5}) {
            for (boolean wrong : new boolean[] {true, false}) {
                ReluXor net = new ReluXor(wrong);
                String losses = p.train(net, X, XOR, lr, 2_000, 4);
                p.line(String.format(Locale.ROOT, "the %s code, sgd(%s), 2,000 epochs: %s", wrong ? "wrong" : "right",
                        lr == 5 ? "5" : "0.5", losses));
                p.line("  outputs " + column(net.predict(X)) + ", " + dead(net.hidden(X)) + " of 8 relu units 0 for every row");
            }
        }
        p.starts("at sgd(5), the right code sat at 0.5 with every relu 0 from", p.count(s -> new ReluXor(false, s), X, XOR, 5, 2_000, 4,
                        n -> atHalf(n.predict(X), 0.02) && dead(((ReluXor) n).hidden(X)) == 8),
                "at sgd(0.5), it learned XOR from", p.count(s -> new ReluXor(false, s), X, XOR, 0.5, 2_000, 4,
                        n -> allRight(n.predict(X), XOR)),
                "and the wrong code from", p.count(s -> new ReluXor(true, s), X, XOR, 0.5, 2_000, 4, n -> allRight(n.predict(X), XOR)));
        p.diagnosis("nnj, the right gradients at sgd(5f), 2,000 epochs:",
                train(model.copy(), LogicNetworks.INPUTS, LogicNetworks.XOR, binaryCrossEntropy(), sgd(5f), 2_000, 4).findings());
        return p.fixed("nnj, sgd(0.5f), 2,000 epochs:", model, LogicNetworks.INPUTS, LogicNetworks.XOR, binaryCrossEntropy(), sgd(0.5f),
                2_000, 4);
    }

    /** 25: two sigmoid neurons in a chain, 2-1-1, learning AND with mean squared error, full batch. */
    static final class NeuronChain extends Learner {
        final double[][] W1;
        final double[][] b1 = zeros(1, 1);
        final double[][] W2;
        final double[][] b2 = zeros(1, 1);
        final boolean wrong;

        NeuronChain(boolean wrong) {
            this(wrong, 25);
        }

        NeuronChain(boolean wrong, long seed) {
            W1 = uniform(seed, 2, 1);
            W2 = uniform(seed + 1000, 1, 1);
            this.wrong = wrong;
            weights("W1", W1, "b1", b1, "W2", W2, "b2", b2);
        }

        @Override
        double[][] predict(double[][] X) {
            return sigmoid(add(dot(sigmoid(add(dot(X, W1), b1)), W2), b2));
        }

        @Override
        Map<String, double[][]> gradients(double[][] X, double[][] y) {
            int m = X.length;
            double[][] a1 = sigmoid(add(dot(X, W1), b1));
            double[][] a2 = sigmoid(add(dot(a1, W2), b2));
            double[][] delta2 = mul(times(2, sub(a2, y)), sigmoidDerivative(a2));
            double[][] delta1 = mul(dot(delta2, T(W2)), sigmoidDerivative(a1));
            return named("dW1", div(dot(T(X), delta1), m), "db1", div(sumRows(delta1), m),
                    "dW2", div(dot(T(a1), delta2), m), "db2", div(sumRows(delta2), m));
        }

        @Override
        void update(Map<String, double[][]> gradients, double lr) {
            for (String name : weights.keySet()) {
                if (wrong) {
                    plusEquals(weights.get(name), times(lr, gradients.get("d" + name)));    // wrong: w += lr * dw
                } else {
                    minusEquals(weights.get(name), times(lr, gradients.get("d" + name)));   // right: w -= lr * dw
                }
            }
        }

        @Override
        double loss(double[][] a, double[][] y) {
            return mseOf(a, y);
        }
    }

    private static Outcome neuronChain(Page p) {
        double[][] and = f64(LogicNetworks.AND);
        p.line("wrong: w += lr * dw    # a step up the slope");
        p.line("right: w -= lr * dw");
        NeuronChain wrongNet = new NeuronChain(true);
        p.line("the wrong code, sgd(2), 5,000 epochs: " + p.train(wrongNet, X, and, 2, 5_000, 4));
        p.line("  outputs " + column(wrongNet.predict(X)));
        p.starts("the wrong code sent every output above 0.9 from", p.count(s -> new NeuronChain(true, s), X, and, 2, 5_000, 4,
                        n -> Arrays.stream(n.predict(X)).allMatch(r -> r[0] > 0.9)),
                "the right code learned AND from", p.count(s -> new NeuronChain(false, s), X, and, 2, 5_000, 4,
                        n -> allRight(n.predict(X), and)));
        Sequential model = withWeights(Sequential.of(dense(2, 1), Layers.sigmoid(), dense(1, 1), Layers.sigmoid()), new NeuronChain(false));
        p.line("model.explain(x, y, mse(), sgd(2f)):");
        p.line(model.explain(f32(X), f32(and), mse(), sgd(2f)).toString());
        for (boolean wrong : new boolean[] {true, false}) {
            NeuronChain net = new NeuronChain(wrong);
            net.update(net.gradients(X, and), 2);
            BackpropCheck.Result r = BackpropCheck.update(model, f32(X), f32(and), mse(), 2f, floats(net.weights));
            if (wrong) {
                p.wrong("BackpropCheck.update(model, x, y, mse(), 2f, the weights after the wrong code's first step):", r);
            } else {
                p.right("BackpropCheck.update(...), the weights after the right code's first step:", r);
            }
        }
        return p.fixed("nnj, the right version from the same weights, sgd(2f), 5,000 epochs:", model, LogicNetworks.INPUTS,
                LogicNetworks.AND, mse(), sgd(2f), 5_000, 4);
    }

    // ---- what every seed prints -----------------------------------------------------------------------

    /** How many starting weights each page tries its wrong and its right code from. */
    static final int STARTS = 10;

    /** Trains the learner, {@code batch} rows a step in order; false if a step fails on a shape. Stops once the loss is NaN. */
    static boolean fit(Learner net, double[][] x, double[][] y, double lr, int epochs, int batch) {
        try {
            for (int e = 1; e <= epochs; e++) {
                for (int from = 0; from < x.length; from += batch) {
                    int to = Math.min(x.length, from + batch);
                    net.update(net.gradients(Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(y, from, to)), lr);
                }
                if (e % 100 == 0 && Double.isNaN(net.loss(net.predict(x), y))) {
                    return true;
                }
            }
            return true;
        } catch (IllegalArgumentException shapes) {
            net.failure = shapes.getMessage();
            return false;
        }
    }

    /** Every row right: the one output on the target's side of 0.5, or the largest output at the target's class. */
    static boolean allRight(double[][] a, double[][] y) {
        for (int i = 0; i < a.length; i++) {
            int best = 0;
            int target = 0;
            for (int j = 1; j < a[0].length; j++) {
                best = a[i][j] > a[i][best] ? j : best;
                target = y[i][j] > y[i][target] ? j : target;
            }
            if (a[0].length == 1 ? (a[i][0] > 0.5) != (y[i][0] > 0.5) : best != target) {
                return false;
            }
        }
        return true;
    }

    /** Every output within {@code within} of 0.5. */
    static boolean atHalf(double[][] a, double within) {
        return Arrays.stream(a).flatMapToDouble(Arrays::stream).allMatch(v -> Math.abs(v - 0.5) < within);
    }

    /** One seed's output (indented under its header) and what it found, for its Outcome. */
    static final class Page {
        private final String name;
        private final PrintStream out;
        private final List<Mistake> mistakes = new ArrayList<>();
        private final List<Finding.Kind> findings = new ArrayList<>();
        private Mistake right = Mistake.NONE;
        private final List<Integer> counts = new ArrayList<>();

        Page(String name, PrintStream out) {
            this.name = name;
            this.out = out;
        }

        /** Prints text indented by three spaces, line by line (blank lines stay blank). */
        void line(String text) {
            for (String l : text.stripTrailing().split("\n", -1)) {
                out.println(l.isBlank() ? "" : "   " + l.stripTrailing());
            }
        }

        void wrong(String label, BackpropCheck.Result r) {
            mistakes.add(r.mistake());
            line(label + "\n  " + r.toString().replace("\n", "\n  "));
        }

        void right(String label, BackpropCheck.Result r) {
            right = r.mistake();
            line(label + "\n  " + r.toString().replace("\n", "\n  "));
        }

        void diagnosis(String label, List<Finding> found) {
            line(label);
            found.forEach(f -> findings.add(f.kind()));
            line(found.isEmpty() ? "  (no finding)" : found.stream().map(f -> "  " + f.message().replace("\n", "\n  "))
                    .reduce((a, b) -> a + "\n" + b).orElse(""));
        }

        /** Trains the learner's code, {@code batch} rows a step in order, and says how the loss went. */
        String train(Learner net, double[][] x, double[][] y, double lr, int epochs, int batch) {
            double[] losses = new double[epochs + 1];
            losses[0] = net.loss(net.predict(x), y);
            StringBuilder s = new StringBuilder("loss ").append(num(losses[0])).append(" at the start");
            int last = epochs;
            for (int e = 1; e <= epochs; e++) {
                try {
                    for (int from = 0; from < x.length; from += batch) {
                        int to = Math.min(x.length, from + batch);
                        net.update(net.gradients(Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(y, from, to)), lr);
                    }
                } catch (IllegalArgumentException shapes) {
                    return s.append("; the first step fails: ").append(shapes.getMessage()).toString();
                }
                losses[e] = net.loss(net.predict(x), y);
                if (!Double.isFinite(losses[e]) && last == epochs) {
                    last = e - 1;
                }
                if (Double.isNaN(losses[e])) {
                    break;
                }
            }
            // The loss at four points of the run (up to the last finite epoch), then where it stopped being finite.
            for (int k = 1; k <= 4 && last >= 4; k++) {
                int e = (int) ((long) last * k / 4);
                s.append(", ").append(num(losses[e])).append(" after ").append(String.format(Locale.ROOT, "%,d", e));
            }
            for (int e = last + 1; e <= epochs; e++) {
                if (e == last + 1 || Double.isNaN(losses[e])) {
                    s.append(", ").append(num(losses[e])).append(" from epoch ").append(String.format(Locale.ROOT, "%,d", e))
                            .append(Double.isNaN(losses[e]) ? " on" : "");
                }
                if (Double.isNaN(losses[e])) {
                    break;
                }
            }
            return s.toString();
        }

        /** Prints a matrix as explain does: name, shape, one row a line. */
        void matrix(String label, double[][] m) {
            line(String.format(Locale.ROOT, "%-32s (%dx%d)", label, m.length, m[0].length) + "\n" + rows(f64(f32(m))));
        }

        /** Prints one line of an explanation as it prints itself. */
        void entry(Explanation.Entry e) {
            String left = e.name() + (e.formula().isEmpty() ? "" : " = " + e.formula());
            float[][] v = e.value().toArray();
            line(String.format(Locale.ROOT, "%-32s (%dx%d)", left, v.length, v[0].length) + (e.note().isEmpty() ? "" : "\n    (" + e.note()
                    + ")") + "\n" + rows(f64(v)));
        }

        /** Trains the right version with nnj, prints its answers, and closes the seed's outcome. */
        Outcome fixed(String label, Sequential model, float[][] x, float[][] y, Loss loss, Optimizer optimizer, int epochs, int batch) {
            History h = Seeds.train(model, x, y, loss, optimizer, epochs, batch);
            int right = Diagnoses.right(model, x, y);
            line(label);
            float[][] p = model.predict(x);
            String outputs = x.length > 4 ? "" : "outputs " + (p[0].length == 1 ? column(f64(p)) : Arrays.deepToString(round(p))) + ", ";
            line("  " + outputs + right + " of " + x.length + " rows right, loss " + num(h.finalLoss()) + "; " + findings(h.findings()));
            // Every row of the small tables; 90% of a larger sample, whose classes may overlap.
            return done(h.findings(), x.length <= 4 ? right == x.length : right >= 0.9 * x.length);
        }

        /** Prints how many starting weights gave what, e.g. "the wrong code went NaN from 20". */
        void starts(Object... whatThenCount) {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "from %d starting weights (seeds 1 to %d):", STARTS, STARTS));
            for (int i = 0; i < whatThenCount.length; i += 2) {
                s.append(i == 0 ? " " : "; ").append(whatThenCount[i]).append(' ').append(whatThenCount[i + 1]);
            }
            line(s.toString());
        }

        Outcome done(List<Finding> fixedFindings, boolean solved) {
            return new Outcome(name, List.copyOf(mistakes), right, List.copyOf(findings), fixedFindings, solved, List.copyOf(counts));
        }

        /** Of the starting weights drawn with seeds 1 to {@value #STARTS}, how many give {@code shows} after training. */
        int count(LongFunction<Learner> make, double[][] x, double[][] y, double lr, int epochs, int batch, Predicate<Learner> shows) {
            // Each start is trained on its own (in parallel where there are cores to spare); the count does not depend on the order.
            int n = (int) LongStream.rangeClosed(1, STARTS).parallel().filter(seed -> {
                Learner net = make.apply(seed);
                fit(net, x, y, lr, epochs, batch);
                return shows.test(net);
            }).count();
            counts.add(n);
            return n;
        }
    }

    /**
     * A learner's network in plain arrays: the weights (numpy's layout, W is inputs x outputs) and
     * one step of gradient descent as hand-written numpy code does it.
     */
    abstract static class Learner {
        /** W1, b1, W2, b2 ...: the same arrays as the fields, which every update changes in place. */
        final Map<String, double[][]> weights = new LinkedHashMap<>();
        /** What numpy would have refused in the last training, or null. */
        String failure;

        /** The network's outputs for the rows of X. */
        abstract double[][] predict(double[][] X);

        /** Forward and backward: dW1, db1, ... for the mean loss on (X, y). */
        abstract Map<String, double[][]> gradients(double[][] X, double[][] y);

        /** The loss the learner trains. */
        abstract double loss(double[][] a, double[][] y);

        /** W -= lr * dW for every weight. */
        void update(Map<String, double[][]> gradients, double lr) {
            for (String name : weights.keySet()) {
                minusEquals(weights.get(name), times(lr, gradients.get("d" + name)));
            }
        }

        void weights(Object... nameThenArray) {
            for (int i = 0; i < nameThenArray.length; i += 2) {
                weights.put((String) nameThenArray[i], (double[][]) nameThenArray[i + 1]);
            }
        }
    }

    /** Copies the learner's starting weights into the model's dense layers (W1 into the first, ...) with setParameter. */
    static Sequential withWeights(Sequential model, Learner learner) {
        List<Parameter> parameters = model.parameters();
        for (int l = 1; 2 * l <= parameters.size(); l++) {
            model.setParameter(parameters.get(2 * l - 2).name(), f32(learner.weights.get("W" + l)));
            model.setParameter(parameters.get(2 * l - 1).name(), f32(learner.weights.get("b" + l)));
        }
        return model;
    }

    static History train(Sequential model, float[][] x, float[][] y, Loss loss, Optimizer optimizer, int epochs, int batch) {
        return model.train().on(x, y).loss(loss).optimizer(optimizer).epochs(epochs).batchSize(batch).shuffle(false).seed(1).quiet()
                .run();
    }

    // ---- the learner's numpy, in plain arrays ---------------------------------------------------------

    /** Weights drawn uniformly from [-1, 1) (numpy's np.random.uniform(-1, 1, (rows, cols))), kept to float precision. */
    static double[][] uniform(long seed, int rows, int cols) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] w = new double[rows][cols];
        for (double[] row : w) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) r.nextDouble(-1, 1);
            }
        }
        return w;
    }

    static double[][] zeros(int rows, int cols) {
        return new double[rows][cols];
    }

    /** p @ q, refused as numpy refuses it when the inner sizes differ. */
    static double[][] dot(double[][] p, double[][] q) {
        if (p[0].length != q.length) {
            throw new IllegalArgumentException("shapes " + shape(p) + " and " + shape(q) + " not aligned: " + p[0].length + " (dim 1) != "
                    + q.length + " (dim 0)");
        }
        double[][] r = new double[p.length][q[0].length];
        for (int i = 0; i < p.length; i++) {
            for (int k = 0; k < q.length; k++) {
                for (int j = 0; j < q[0].length; j++) {
                    r[i][j] += p[i][k] * q[k][j];
                }
            }
        }
        return r;
    }

    /** p.T */
    static double[][] T(double[][] p) {
        double[][] r = new double[p[0].length][p.length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[0].length; j++) {
                r[j][i] = p[i][j];
            }
        }
        return r;
    }

    static double[][] add(double[][] p, double[][] q) {
        return broadcast(p, q, ADD);
    }

    static double[][] sub(double[][] p, double[][] q) {
        return broadcast(p, q, SUB);
    }

    /** p * q, element by element. */
    static double[][] mul(double[][] p, double[][] q) {
        return broadcast(p, q, MUL);
    }

    static double[][] times(double s, double[][] p) {
        double[][] r = new double[p.length][p[0].length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[0].length; j++) {
                r[i][j] = s * p[i][j];
            }
        }
        return r;
    }

    static double[][] div(double[][] p, double s) {
        return times(1 / s, p);
    }

    /** p.sum(axis=0, keepdims=True) */
    static double[][] sumRows(double[][] p) {
        double[][] r = new double[1][p[0].length];
        for (double[] row : p) {
            for (int j = 0; j < row.length; j++) {
                r[0][j] += row[j];
            }
        }
        return r;
    }

    /** w -= d, in place, as numpy does it (d must stretch to w's shape). */
    static void minusEquals(double[][] w, double[][] d) {
        inPlace(w, d, -1);
    }

    /** w += d, in place. */
    static void plusEquals(double[][] w, double[][] d) {
        inPlace(w, d, 1);
    }

    private static void inPlace(double[][] w, double[][] d, double sign) {
        int rows = stretch(w.length, d.length, w, d);
        int cols = stretch(w[0].length, d[0].length, w, d);
        if (rows != w.length || cols != w[0].length) {
            throw new IllegalArgumentException("non-broadcastable output operand with shape " + shape(w)
                    + " doesn't match the broadcast shape (" + rows + "," + cols + ")");
        }
        for (int i = 0; i < rows; i++) {
            double[] dr = d[d.length == 1 ? 0 : i];
            for (int j = 0; j < cols; j++) {
                w[i][j] += sign * dr[d[0].length == 1 ? 0 : j];
            }
        }
    }

    static double[][] sigmoid(double[][] z) {
        return map(z, SIGMOID);
    }

    /** The learner's sigmoid_derivative(a) = a * (1 - a): written for a = sigmoid(z), the layer's output. */
    static double[][] sigmoidDerivative(double[][] a) {
        return map(a, SIGMOID_DERIVATIVE);
    }

    static double[][] relu(double[][] z) {
        return map(z, RELU);
    }

    static double[][] reluDerivative(double[][] z) {
        return map(z, RELU_DERIVATIVE);
    }

    static double[][] softmaxRows(double[][] z) {
        double[][] r = new double[z.length][z[0].length];
        for (int i = 0; i < z.length; i++) {
            double max = Arrays.stream(z[i]).max().orElse(0);
            double sum = 0;
            for (int j = 0; j < z[0].length; j++) {
                r[i][j] = Math.exp(z[i][j] - max);
                sum += r[i][j];
            }
            for (int j = 0; j < z[0].length; j++) {
                r[i][j] /= sum;
            }
        }
        return r;
    }

    static double bceOf(double[][] a, double[][] y) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                sum -= y[i][j] * Math.log(a[i][j]) + (1 - y[i][j]) * Math.log(1 - a[i][j]);
            }
        }
        return sum / (a.length * a[0].length);
    }

    static double mseOf(double[][] a, double[][] y) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                sum += (a[i][j] - y[i][j]) * (a[i][j] - y[i][j]);
            }
        }
        return sum / (a.length * a[0].length);
    }

    // Element-wise operations by number rather than by lambda: one call site serves them all, and stays fast.
    private static final int ADD = 0;
    private static final int SUB = 1;
    private static final int MUL = 2;
    private static final int SIGMOID = 0;
    private static final int SIGMOID_DERIVATIVE = 1;
    private static final int RELU = 2;
    private static final int RELU_DERIVATIVE = 3;

    /** numpy's broadcasting of two 2-d arrays: each size equal, or 1 and stretched. */
    private static double[][] broadcast(double[][] p, double[][] q, int op) {
        int rows = stretch(p.length, q.length, p, q);
        int cols = stretch(p[0].length, q[0].length, p, q);
        boolean pColumn = p[0].length == 1;
        boolean qColumn = q[0].length == 1;
        double[][] r = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            double[] pr = p[p.length == 1 ? 0 : i];
            double[] qr = q[q.length == 1 ? 0 : i];
            for (int j = 0; j < cols; j++) {
                double a = pr[pColumn ? 0 : j];
                double b = qr[qColumn ? 0 : j];
                r[i][j] = op == ADD ? a + b : op == SUB ? a - b : a * b;
            }
        }
        return r;
    }

    private static int stretch(int a, int b, double[][] p, double[][] q) {
        if (a != b && a != 1 && b != 1) {
            throw new IllegalArgumentException("operands could not be broadcast together with shapes " + shape(p) + " " + shape(q));
        }
        return Math.max(a, b);
    }

    private static double[][] map(double[][] p, int f) {
        double[][] r = new double[p.length][p[0].length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[0].length; j++) {
                double v = p[i][j];
                r[i][j] = switch (f) {
                    case SIGMOID -> 1 / (1 + Math.exp(-v));
                    case SIGMOID_DERIVATIVE -> v * (1 - v);
                    case RELU -> Math.max(v, 0);
                    default -> v > 0 ? 1 : 0;
                };
            }
        }
        return r;
    }

    private static String shape(double[][] p) {
        return "(" + p.length + "," + p[0].length + ")";
    }

    // ---- conversions and printing ---------------------------------------------------------------------

    static double[][] f64(float[][] p) {
        double[][] r = new double[p.length][p[0].length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[0].length; j++) {
                r[i][j] = p[i][j];
            }
        }
        return r;
    }

    static float[][] f32(double[][] p) {
        float[][] r = new float[p.length][p[0].length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[0].length; j++) {
                r[i][j] = (float) p[i][j];
            }
        }
        return r;
    }

    static Map<String, float[][]> floats(Map<String, double[][]> values) {
        Map<String, float[][]> r = new LinkedHashMap<>();
        values.forEach((k, v) -> r.put(k, f32(v)));
        return r;
    }

    static Map<String, double[][]> named(Object... nameThenArray) {
        Map<String, double[][]> r = new LinkedHashMap<>();
        for (int i = 0; i < nameThenArray.length; i += 2) {
            r.put((String) nameThenArray[i], (double[][]) nameThenArray[i + 1]);
        }
        return r;
    }

    /** Whether the learner's numbers are the explanation's (to float precision). */
    private static boolean same(double[][] yours, Explanation.Entry e) {
        float[][] v = e.value().toArray();
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v[0].length; j++) {
                diff += (yours[i][j] - v[i][j]) * (yours[i][j] - v[i][j]);
                norm += (double) v[i][j] * v[i][j];
            }
        }
        return Math.sqrt(diff) <= 1e-4 * Math.max(Math.sqrt(norm), 1e-9);
    }

    private static String rows(double[][] m) {
        StringBuilder s = new StringBuilder();
        for (double[] row : m) {
            s.append("    [");
            for (int j = 0; j < row.length; j++) {
                s.append(j == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%10s", String.format(Locale.ROOT, "%.6g", row[j])));
            }
            s.append("]\n");
        }
        return s.toString();
    }

    /** A one-column result as [0.012, 0.989, ...]. */
    static String column(double[][] a) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < a.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", a[i][0]));
        }
        return s.append(']').toString();
    }

    private static float[][] round(float[][] p) {
        float[][] r = new float[p.length][p[0].length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[0].length; j++) {
                r[i][j] = Math.round(p[i][j] * 1000) / 1000f;
            }
        }
        return r;
    }

    /** Rows whose one output is on the target's side of 0.5. */
    private static int right(double[][] a, double[][] y) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            n += (a[i][0] > 0.5) == (y[i][0] > 0.5) ? 1 : 0;
        }
        return n;
    }

    /** Epochs until every output is within 0.1 of its target, or "more than" the limit. */
    private static String epochsToLearn(Learner net, double[][] x, double[][] y, double lr, int limit) {
        for (int e = 1; e <= limit; e++) {
            net.update(net.gradients(x, y), lr);
            double[][] a = net.predict(x);
            boolean close = true;
            for (int i = 0; i < a.length; i++) {
                close &= Math.abs(a[i][0] - y[i][0]) < 0.1;
            }
            if (close) {
                return String.format(Locale.ROOT, "%,d", e);
            }
        }
        return String.format(Locale.ROOT, "more than %,d", limit);
    }

    /** Every output within {@code tolerance} of its target. */
    static boolean within(double[][] a, double[][] y, double tolerance) {
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                if (Math.abs(a[i][j] - y[i][j]) >= tolerance) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The share of rows whose largest output is at the target's class. */
    static double rightShare(double[][] a, double[][] y) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            n += allRight(new double[][] {a[i]}, new double[][] {y[i]}) ? 1 : 0;
        }
        return (double) n / a.length;
    }

    /** Each column as (x − mean) / standard deviation, what normalization(mean, std) does. */
    static double[][] standardized(double[][] x) {
        float[][] f = f32(x);
        float[] mean = Diagnoses.mean(f);
        float[] deviation = Diagnoses.deviation(f);
        double[][] r = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[0].length; j++) {
                r[i][j] = (x[i][j] - mean[j]) / deviation[j];
            }
        }
        return r;
    }

    /** Hidden units that output 0 for every row. */
    private static int dead(double[][] a) {
        int n = 0;
        for (int j = 0; j < a[0].length; j++) {
            boolean zero = true;
            for (double[] row : a) {
                zero &= row[j] <= 0;
            }
            n += zero ? 1 : 0;
        }
        return n;
    }

    private static String findings(List<Finding> found) {
        return found.isEmpty() ? "no finding" : "findings: " + found.stream().map(f -> f.kind().toString()).toList();
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
