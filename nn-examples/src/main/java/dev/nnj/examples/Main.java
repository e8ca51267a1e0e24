package dev.nnj.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * Runs the examples by name: {@code Main xor}, {@code Main deep-xor}, {@code Main list}; with no
 * argument it runs the demo, the XOR networks.
 * <pre>{@code
 * mvn -q -DskipTests package exec:exec -Dexample=deep-xor
 * }</pre>
 */
public final class Main {

    /** One runnable example: its name on the command line, what it shows, and how to run it. */
    record Example(String name, String description, boolean demo, BiConsumer<PrintStream, String[]> run) {
    }

    static final List<Example> EXAMPLES = List.of(
            new Example("xor", "XOR 2-3-1, sigmoid, BCE, sgd(0.1), 10,000 epochs", true, (out, args) -> LogicNetworks.xor(out)),
            new Example("deep-xor", "XOR with layers [2, 3, 4, 5, 1]", true, (out, args) -> LogicNetworks.deepXor(out)),
            new Example("xor-2321", "XOR 2-3-2-1", true, (out, args) -> LogicNetworks.xor2321(out)),
            new Example("xor-one-hot", "XOR 2-2-2 with two outputs, minibatches", true, (out, args) -> LogicNetworks.xorOneHot(out)),
            new Example("relu-xor", "XOR with a ReLU hidden layer", true, (out, args) -> LogicNetworks.reluXor(out)),
            new Example("and-chain", "AND with two sigmoid neurons in a chain (2-1-1), MSE", false, (out, args) -> LogicNetworks.andChain(out)),
            new Example("gates", "AND, OR, NAND, NOR with one sigmoid unit", false, (out, args) -> LogicNetworks.gates(out)),
            new Example("xor-bias", "XOR with the bias as an input column, 3-4-1 sigmoid, MSE", false,
                    (out, args) -> LogicNetworks.xorBiasColumn(out)),
            new Example("two-patterns", "[1, 2] -> 0, [3, 4] -> 1 in a 2-4-1 net (the one stuck at the average)", false,
                    (out, args) -> LogicNetworks.twoPatterns(out)),
            new Example("iris", "iris.csv: 4-16-3 relu/softmax, standardize(), adam, early stopping [seed] [folder]", false, Iris::cli),
            new Example("digits", "digits.csv: 64-32-10 relu/softmax, classification(), standardize() [seed]", false, Digits::cli),
            new Example("fashion-mnist", "Fashion-MNIST 784-128-10, 5 epochs (apt-get install dataset-fashion-mnist) [dir] [rows] [epochs]",
                    false, FashionMnist::cli),
            new Example("fashion-mnist-dropout", "Fashion-MNIST 784-256-128-10, dropout, adam with a cosine schedule [epochs] [dir]",
                    false, FashionMnist::cliRegularized),
            new Example("spark-fashion-mnist", "Fashion-MNIST 784-128-10 trained on Spark (local mode) from a DataFrame"
                    + " [epochs] [batch] [local steps|auto] [partitions] [rows] [dir]; 'measure' prints docs/spark.md's table", false,
                    SparkFashionMnist::cli),
            new Example("interop", "the iris network saved for PyTorch and exported to ONNX, with the commands that run it [folder]",
                    false, Interop::cli),
            new Example("linear-regression", "y = m·x + b: raw columns diverge, standardize() fits [seed]", false, LinearRegression::cli),
            new Example("xor-speed", "how long XOR takes to train, cold and warm, and what a step allocates", false,
                    (out, args) -> XorSpeed.measure(out)),
            new Example("pictures", "XOR's and iris's curves and decision boundaries as PNG and SVG [folder]", false,
                    Pictures::cli),
            new Example("diagnoses", "docs/guide's broken setups: nnj's diagnosis of each, then the fix [name ...]", false,
                    Diagnoses::cli),
            new Example("seeds", "docs/guide's seed networks written by hand: the wrong line, BackpropCheck, explain, the fix [name ...]",
                    false, Seeds::cli));

    private Main() {
    }

    /** Runs the example named by the first argument (the rest are passed to it), or the demo. */
    public static void main(String[] args) {
        PrintStream out = System.out;
        if (args.length == 0 || args[0].isBlank()) {
            out.println("nnj demo: the XOR networks (run with 'list' to see every example)");
            EXAMPLES.stream().filter(Example::demo).forEach(e -> e.run().accept(out, new String[0]));
            return;
        }
        String name = args[0].toLowerCase(Locale.ROOT);
        if (name.equals("list") || name.equals("--help") || name.equals("-h")) {
            list(out);
            return;
        }
        Example example = EXAMPLES.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
        if (example == null) {
            System.err.println("nnj: no example named '" + args[0] + "'.");
            list(System.err);
            System.exit(2);
            return;
        }
        example.run().accept(out, Arrays.copyOfRange(args, 1, args.length));
    }

    private static void list(PrintStream out) {
        out.println("examples (run one with: mvn -q -DskipTests package exec:exec -Dexample=NAME):");
        for (Example e : EXAMPLES) {
            out.printf("  %-22s %s%s%n", e.name(), e.description(), e.demo() ? "  [demo]" : "");
        }
    }
}
