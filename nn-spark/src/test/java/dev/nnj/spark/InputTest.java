package dev.nnj.spark;

import dev.nnj.core.Sequential;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.nnj.core.Layers.batchNorm;
import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Losses.sparseCrossEntropy;
import static dev.nnj.core.Optimizers.adam;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every input form reads the same rows the same way; bad data and settings are refused with what and where. */
class InputTest {

    static final float[][] X = Data.blobs(20, 41);
    static final int[] CLASSES = Data.blobClasses(X.length);

    static Sequential net() {
        return Sequential.of(dense(4, 6), relu(), dense(6, 3), softmax()).initialize(8);
    }

    static float[] weightsAfter(java.util.function.Function<SparkTraining, SparkTraining> on, dev.nnj.core.Loss loss) {
        Sequential model = net();
        on.apply(SparkTraining.of(model)).loss(loss).optimizer(adam(0.02f)).epochs(2).batchSize(20).localSteps(1).seed(2).run();
        return Data.weights(model);
    }

    static Dataset<Row> frame(StructType schema, List<Row> rows) {
        return LocalSpark.session().createDataFrame(LocalSpark.context().parallelize(rows, 2), schema);
    }

    @Test
    void arraysVectorsColumnsAndPairsOfTheSameRowsTrainIdentically() {
        float[] arrays = weightsAfter(t -> t.on(Data.frame(X, CLASSES, 2), "features", "label"), crossEntropy());
        List<Row> vectorRows = new ArrayList<>();
        List<Row> columnRows = new ArrayList<>();
        for (int i = 0; i < X.length; i++) {
            double[] d = new double[4];
            for (int j = 0; j < 4; j++) {
                d[j] = X[i][j];
            }
            vectorRows.add(RowFactory.create(Vectors.dense(d), (double) CLASSES[i]));
            columnRows.add(RowFactory.create(X[i][0], X[i][1], X[i][2], X[i][3], (long) CLASSES[i]));
        }
        Dataset<Row> vectors = frame(new StructType().add("v", new VectorUDT()).add("y", DataTypes.DoubleType), vectorRows);
        Dataset<Row> columns = frame(new StructType().add("a", DataTypes.FloatType).add("b", DataTypes.FloatType)
                .add("c", DataTypes.FloatType).add("d", DataTypes.FloatType).add("y", DataTypes.LongType), columnRows);
        float[][] y = Data.oneHot(CLASSES, 3);
        assertArrayEquals(arrays, weightsAfter(t -> t.on(vectors, "v", "y"), crossEntropy()), "ML vector column");
        assertArrayEquals(arrays, weightsAfter(t -> t.on(columns, List.of("a", "b", "c", "d"), "y"), crossEntropy()), "numeric columns");
        assertArrayEquals(arrays, weightsAfter(t -> t.on(Data.pairs(X, y, 2)), crossEntropy()), "pair RDD");
        assertArrayEquals(arrays, weightsAfter(t -> t.on(Data.frameWithTargets(X, y, 2), "features", "target"), crossEntropy()),
                "one-hot array label");
        assertArrayEquals(arrays, weightsAfter(t -> t.on(Data.frame(X, CLASSES, 2), "features", "label"), sparseCrossEntropy()),
                "class index with sparseCrossEntropy");
    }

    static String failure(SparkTraining t) {
        return assertThrows(IllegalArgumentException.class,
                () -> t.loss(crossEntropy()).optimizer(adam(0.01f)).epochs(1).batchSize(20).run()).getMessage();
    }

    static void contains(String message, String... fragments) {
        for (String f : fragments) {
            assertTrue(message.contains(f), "'" + f + "' missing from: " + message);
        }
    }

    @Test
    void columnsThatAreMissingOrOfTheWrongTypeAreNamed() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SparkTraining.of(net()).on(Data.frame(X, CLASSES, 2), "pixels", "label"));
        contains(missing.getMessage(), "no feature column 'pixels'", "[features, label]");
        List<Row> rows = new ArrayList<>();
        rows.add(RowFactory.create(X[0].clone(), "setosa"));
        Dataset<Row> text = frame(new StructType().add("features", DataTypes.createArrayType(DataTypes.FloatType))
                .add("species", DataTypes.StringType), rows);
        IllegalArgumentException words = assertThrows(IllegalArgumentException.class,
                () -> SparkTraining.of(net()).on(text, "features", "species"));
        contains(words.getMessage(), "label column 'species'", "string", "StringIndexer");
    }

    @Test
    void badRowsAreNamedByColumnPartitionAndRow() {
        StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.FloatType)).add("label", DataTypes.IntegerType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rows.add(RowFactory.create(X[i].clone(), CLASSES[i]));
        }
        List<Row> withNull = new ArrayList<>(rows);
        withNull.set(4, RowFactory.create(null, 1));
        contains(failure(SparkTraining.of(net()).on(frame(schema, withNull), "features", "label")),
                "column 'features' is null in row 1 of partition 1", "drop");
        List<Row> withNaN = new ArrayList<>(rows);
        withNaN.set(1, RowFactory.create(new float[] {1, 2, Float.NaN, 4}, 0));
        contains(failure(SparkTraining.of(net()).on(frame(schema, withNaN), "features", "label")),
                "holds NaN at position 2 of row 1 of partition 0");
        List<Row> outside = new ArrayList<>(rows);
        outside.set(5, RowFactory.create(X[5].clone(), 3));
        contains(failure(SparkTraining.of(net()).on(frame(schema, outside), "features", "label")),
                "label column 'label' holds 3.0 in row 2 of partition 1", "from 0 to 2");
        List<Row> ragged = new ArrayList<>(rows);
        ragged.set(2, RowFactory.create(new float[] {1, 2, 3}, 0));
        contains(failure(SparkTraining.of(net()).on(frame(schema, ragged), "features", "label")),
                "has 3 values in row 2 of partition 0, but 4 in the rows before");
        float[][] narrow = new float[6][3];
        contains(failure(SparkTraining.of(net()).on(Data.frame(narrow, new int[6], 2), "features", "label")),
                "have 3 feature values, but the model takes 4");
    }

    @Test
    void missingSettingsAndBatchNormalisationAreRefusedBeforeAnyWork() {
        Sequential model = net();
        IllegalStateException noLoss = assertThrows(IllegalStateException.class,
                () -> SparkTraining.of(model).on(Data.frame(X, CLASSES, 2), "features", "label").optimizer(adam(0.01f)).epochs(1).run());
        contains(noLoss.getMessage(), "no loss set");
        IllegalStateException noData = assertThrows(IllegalStateException.class,
                () -> SparkTraining.of(model).loss(crossEntropy()).optimizer(adam(0.01f)).epochs(1).run());
        contains(noData.getMessage(), "no data set");
        Sequential normalised = Sequential.of(dense(4, 6), batchNorm(), relu(), dense(6, 3), softmax());
        contains(failure(SparkTraining.of(normalised).on(Data.frame(X, CLASSES, 2), "features", "label")),
                "layer 1 batchNorm", "running statistics");
        assertThrows(IllegalArgumentException.class, () -> SparkTraining.of(model).batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> SparkTraining.of(model).localSteps(0));
    }
}
