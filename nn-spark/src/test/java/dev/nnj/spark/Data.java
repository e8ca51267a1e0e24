package dev.nnj.spark;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small deterministic data sets, and the same rows as a DataFrame or a pair RDD with a given number of partitions. */
final class Data {

    private Data() {
    }

    static final float[][] XOR_X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static final float[][] XOR_Y = {{0}, {1}, {1}, {0}};

    /** Iris-like rows: three Gaussian blobs in four dimensions, {@code perClass} rows each, classes interleaved. */
    static float[][] blobs(int perClass, long seed) {
        Random r = new Random(seed);
        float[][] centres = {{5.0f, 3.4f, 1.5f, 0.2f}, {5.9f, 2.8f, 4.3f, 1.3f}, {6.6f, 3.0f, 5.5f, 2.0f}};
        float[][] x = new float[perClass * 3][];
        for (int i = 0; i < x.length; i++) {
            float[] c = centres[i % 3];
            x[i] = new float[4];
            for (int j = 0; j < 4; j++) {
                x[i][j] = c[j] + 0.35f * (float) r.nextGaussian();
            }
        }
        return x;
    }

    /** The class of blob row i. */
    static int[] blobClasses(int rows) {
        int[] c = new int[rows];
        for (int i = 0; i < rows; i++) {
            c[i] = i % 3;
        }
        return c;
    }

    static float[][] oneHot(int[] classes, int k) {
        float[][] y = new float[classes.length][k];
        for (int i = 0; i < classes.length; i++) {
            y[i][classes[i]] = 1f;
        }
        return y;
    }

    /** A DataFrame of an array&lt;float&gt; "features" column and an integer "label" column, in {@code partitions} partitions. */
    static Dataset<Row> frame(float[][] x, int[] labels, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            rows.add(RowFactory.create(x[i].clone(), labels[i]));
        }
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add("label", DataTypes.IntegerType, false);
        return LocalSpark.session().createDataFrame(LocalSpark.context().parallelize(rows, partitions), schema);
    }

    /** A DataFrame of an array&lt;float&gt; "features" column and a "target" array column. */
    static Dataset<Row> frameWithTargets(float[][] x, float[][] y, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            rows.add(RowFactory.create(x[i].clone(), y[i].clone()));
        }
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add("target", DataTypes.createArrayType(DataTypes.FloatType, false), false);
        return LocalSpark.session().createDataFrame(LocalSpark.context().parallelize(rows, partitions), schema);
    }

    static JavaPairRDD<float[], float[]> pairs(float[][] x, float[][] y, int partitions) {
        List<Tuple2<float[], float[]>> rows = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            rows.add(new Tuple2<>(x[i], y[i]));
        }
        return LocalSpark.context().parallelizePairs(rows, partitions);
    }

    /** Every parameter of a model, concatenated. */
    static float[] weights(dev.nnj.core.Sequential model) {
        List<Float> all = new ArrayList<>();
        for (dev.nnj.core.Parameter p : model.parameters()) {
            for (float[] row : p.value().toArray()) {
                for (float f : row) {
                    all.add(f);
                }
            }
        }
        float[] w = new float[all.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = all.get(i);
        }
        return w;
    }
}
