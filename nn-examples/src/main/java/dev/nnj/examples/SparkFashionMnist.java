package dev.nnj.examples;

import dev.nnj.core.Dataset;
import dev.nnj.core.Sequential;
import dev.nnj.data.IdxData;
import dev.nnj.spark.SparkHistory;
import dev.nnj.spark.SparkTraining;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Optimizers.adam;

/**
 * Fashion-MNIST trained on Spark from a DataFrame: the rows become a DataFrame of a
 * {@code features} column (784 raw pixels) and a {@code label} column (the class, 0–9), and
 * {@link SparkTraining} trains the fashion-mnist example's 784-128-10 network on it, data-parallel
 * over the DataFrame's partitions. It prints each epoch, the test accuracy and the throughput.
 * In local mode (the default) Spark runs inside this JVM on two cores; under {@code spark-submit}
 * the master comes from the command line (docs/spark.md).
 * <pre>
 * mvn -q -DskipTests package exec:exec -Dexec.args="spark-fashion-mnist 3 256"
 * </pre>
 * {@code spark-fashion-mnist [epochs] [batch] [local steps|auto] [partitions] [rows] [dir]};
 * {@code spark-fashion-mnist measure [rows] [dir]} prints the throughput table of docs/spark.md.
 */
public final class SparkFashionMnist {

    /**
     * Where the Parquet copy of the training rows goes ({@code -Dnnj.parquet=hdfs:///tmp/fashion.parquet}):
     * on a cluster, a path every executor can read; by default a temporary folder on the driver, which
     * serves local mode and a single machine.
     */
    static final String PARQUET_PROPERTY = "nnj.parquet";

    private SparkFashionMnist() {
    }

    /** Runs {@link #cli} on System.out: the entry point for {@code spark-submit --class}. */
    public static void main(String[] args) {
        cli(System.out, args);
    }

    /** Parses the arguments, loads the data and trains (or measures). */
    public static void cli(PrintStream out, String... args) {
        boolean measure = args.length > 0 && args[0].equals("measure");
        String[] rest = measure ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        Path directory = Path.of(argument(rest, measure ? 1 : 5, IdxData.DEBIAN_FASHION_MNIST.toString()));
        if (!IdxData.fashionMnistPresent(directory)) {
            System.err.println("Fashion-MNIST is not in " + directory + ": " + FashionMnist.INSTALL_HINT);
            return;
        }
        Dataset.Split fashion = IdxData.fashionMnist(directory);
        SparkSession spark = session();
        try {
            if (measure) {
                measure(spark, fashion, Integer.parseInt(argument(rest, 0, "60000")), out);
                return;
            }
            int epochs = Integer.parseInt(argument(rest, 0, "3"));
            int batch = Integer.parseInt(argument(rest, 1, "256"));
            String steps = argument(rest, 2, "auto");
            int partitions = Integer.parseInt(argument(rest, 3, String.valueOf(spark.sparkContext().defaultParallelism())));
            int rows = Integer.parseInt(argument(rest, 4, "60000"));
            run(spark, fashion, epochs, batch, steps.equals("auto") ? 0 : Integer.parseInt(steps), partitions, rows, out);
        } finally {
            spark.stop();
        }
    }

    private static String argument(String[] args, int index, String otherwise) {
        return args.length > index ? args[index] : otherwise;
    }

    /** Local mode on every core unless spark-submit (or -Dspark.master) names a master; 127.0.0.1, no UI. */
    static SparkSession session() {
        SparkSession.Builder builder = SparkSession.builder().appName("nnj fashion-mnist");
        if (System.getProperty("spark.master") == null) {
            builder.master("local[*]").config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false");
        }
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    /**
     * The first {@code rows} training images as a DataFrame (features: array of 784 floats, label: int)
     * in {@code partitions} partitions, the way a Spark job meets its data: written to Parquet (in a
     * temporary folder, or where {@value #PARQUET_PROPERTY} says) and read back. A DataFrame made straight from a driver-side list would carry
     * its rows inside every task of every round.
     */
    static org.apache.spark.sql.Dataset<Row> frame(SparkSession spark, Dataset train, int rows, int partitions) {
        float[][] x = train.features();
        float[][] y = train.targets();
        int n = Math.min(rows, x.length);
        List<Row> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(RowFactory.create(x[i], argmax(y[i])));
        }
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add("label", DataTypes.IntegerType, false);
        String shared = System.getProperty(PARQUET_PROPERTY);
        String parquet;
        if (shared != null) {
            parquet = shared;
        } else {
            Path folder;
            try {
                folder = java.nio.file.Files.createTempDirectory("nnj-fashion-mnist-");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            deleteOnExit(folder);
            parquet = folder.resolve("train.parquet").toString();
        }
        spark.createDataFrame(list, schema).repartition(partitions).write().mode("overwrite").parquet(parquet);
        return spark.read().parquet(parquet).repartition(partitions);
    }

    private static void deleteOnExit(Path folder) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (java.io.IOException e) {
                System.err.println("could not delete " + folder + ": " + e.getMessage());
            }
        }));
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    static Sequential network(Dataset train) {
        return Sequential.of(train.preprocessing(), dense(784, 128), relu(), dense(128, 10), softmax()).initialize(42);
    }

    /** Trains on Spark and prints each epoch, the test accuracy and the throughput; returns the accuracy. */
    public static double run(SparkSession spark, Dataset.Split fashion, int epochs, int batch, int localSteps, int partitions, int rows,
                             PrintStream out) {
        org.apache.spark.sql.Dataset<Row> frame = frame(spark, fashion.train(), rows, partitions);
        Sequential model = network(fashion.train());
        SparkTraining training = SparkTraining.of(model)
                .on(frame, "features", "label")
                .loss(crossEntropy())
                .optimizer(adam(0.001f))
                .epochs(epochs)
                .batchSize(batch)
                .seed(42)
                .validation(fashion.test())
                .every(1, epoch -> out.println(epoch));
        if (localSteps > 0) {
            training = training.localSteps(localSteps);
        }
        long start = System.nanoTime();
        SparkHistory history = training.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = model.evaluate(fashion.test()).accuracy();
        long trained = history.rows() * history.epochs().size();
        out.printf("test accuracy %.4f on %d images; %s%n", accuracy, fashion.test().size(), history);
        out.printf("%d rows x %d epochs in %.1f s of rounds (%.1f s with loading): %.0f rows/s, %.1f ms a round"
                + " (%d local step%s, batch %d, %d partitions)%n", history.rows(), history.epochs().size(), history.seconds(), seconds,
                trained / history.seconds(), history.secondsPerRound() * 1e3, history.localSteps(), history.localSteps() == 1 ? "" : "s",
                batch, history.partitions());
        return accuracy;
    }

    /**
     * The table of docs/spark.md: single-machine nnj and Spark local mode on the same rows, one epoch
     * each after a warm-up epoch, at batch 256 with 1 local step, the default, and 16, and at batch 8192
     * with 1; and the round time of a model too small to cost anything, which is Spark's own overhead per round.
     */
    static void measure(SparkSession spark, Dataset.Split fashion, int rows, PrintStream out) {
        int partitions = spark.sparkContext().defaultParallelism();
        Dataset train = fashion.train();
        float[][] x = java.util.Arrays.copyOf(train.features(), Math.min(rows, train.size()));
        float[][] y = java.util.Arrays.copyOf(train.targets(), x.length);
        out.printf("%d rows, 784-128-10, adam(0.001), batch 256 unless said; one epoch after a warm-up epoch; Spark local mode with"
                + " %d partitions on %d cores, nnj.threads=%s%n", x.length, partitions, Runtime.getRuntime().availableProcessors(),
                System.getProperty("nnj.threads", "default"));
        out.printf("%-34s %10s %12s %10s%n", "", "rows/s", "ms a round", "val acc");
        for (int run = 0; run < 2; run++) {
            Sequential single = network(train);
            long start = System.nanoTime();
            single.train().on(x, y).loss(crossEntropy()).optimizer(adam(0.001f)).epochs(1).batchSize(256).seed(42)
                    .quiet().run();
            double s = (System.nanoTime() - start) / 1e9;
            if (run == 1) {
                out.printf("%-34s %10.0f %12s %10.4f%n", "nnj on one machine (model.train())", x.length / s, "-",
                        single.evaluate(fashion.test()).accuracy());
            }
        }
        org.apache.spark.sql.Dataset<Row> frame = frame(spark, train, x.length, partitions);
        int[][] settings = {{1, 256}, {0, 256}, {16, 256}, {1, 8192}};
        for (int[] setting : settings) {
            int k = setting[0];
            int batch = setting[1];
            for (int run = 0; run < 2; run++) {
                Sequential model = network(train);
                SparkTraining t = SparkTraining.of(model).on(frame, "features", "label").loss(crossEntropy()).optimizer(adam(0.001f))
                        .epochs(1).batchSize(batch).seed(42);
                SparkHistory h = (k > 0 ? t.localSteps(k) : t).run();
                if (run == 1) {
                    out.printf("%-34s %10.0f %12.1f %10.4f%n", "Spark, " + h.localSteps() + " local step" + (h.localSteps() == 1 ? "" : "s")
                            + (k == 0 ? " (default)" : "") + (batch != 256 ? ", batch " + batch : ""), h.rows() / h.seconds(),
                            h.secondsPerRound() * 1e3, model.evaluate(fashion.test()).accuracy());
                }
            }
        }
        // A 784-1-10 model on one row per partition: the round is Spark's scheduling, broadcast and collect alone.
        Sequential small = Sequential.of(train.preprocessing(), dense(784, 1), relu(), dense(1, 10), softmax());
        SparkHistory overhead = SparkTraining.of(small).on(frame(spark, train, partitions, partitions), "features", "label")
                .loss(crossEntropy()).optimizer(adam(0.001f)).epochs(200).batchSize(partitions).localSteps(1).run();
        out.printf("%-34s %10s %12.1f%n", "Spark round overhead (tiny model)", "-", overhead.secondsPerRound() * 1e3);
    }
}
