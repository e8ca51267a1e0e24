package dev.nnj.examples;

import dev.nnj.core.Dataset;
import dev.nnj.data.IdxData;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SparkFashionMnistTest {

    /** The example end to end in local mode on 6 000 rows: Parquet, DataFrame, two epochs of local steps, its report. */
    @Test
    void trainsFromADataFrameAndReportsAccuracyAndThroughput() {
        assumeTrue(IdxData.fashionMnistPresent(IdxData.DEBIAN_FASHION_MNIST),
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist): skipped");
        Dataset.Split fashion = IdxData.fashionMnist(IdxData.DEBIAN_FASHION_MNIST);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SparkSession spark = SparkFashionMnist.session();
        double accuracy;
        try {
            accuracy = SparkFashionMnist.run(spark, fashion, 2, 256, 0, 2, 6_000, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        } finally {
            spark.stop();
        }
        String said = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(accuracy >= 0.72, "test accuracy " + accuracy + "\n" + said);
        assertTrue(said.contains("epoch 2  loss") && said.contains("val_accuracy"), said);
        assertTrue(said.contains("rows/s") && said.contains("ms a round") && said.contains("2 partitions"), said);
    }
}
