package dev.nnj.spark;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/** Where a run's rows come from: a DataFrame's columns, or an RDD of (features, targets) pairs. */
abstract sealed class Input permits Input.Frame, Input.Pairs {

    /** How a label column's values become target rows. */
    enum Labels {
        /** The values as they are: one number, or an array or vector of them. */
        VALUES,
        /** A class index 0 .. k−1 becomes a one-hot row of k values (crossEntropy). */
        ONE_HOT,
        /** A class index 0 .. k−1 stays one value, checked to be a class (sparseCrossEntropy). */
        INDEX
    }

    /** The Spark context the data live in. */
    abstract JavaSparkContext context();

    /**
     * The rows, one {@link Part} per partition (partition order kept), with the targets made for a
     * model of {@code outputs} outputs.
     */
    abstract JavaRDD<Part> parts(Labels labels, int outputs);

    /** What the input is, for messages and checkpoints. */
    abstract String describe();

    /** A DataFrame with a feature column (array or ML vector) or several numeric columns, and a label column. */
    static final class Frame extends Input {
        private final Dataset<Row> frame;
        private final List<String> features;
        private final String label;

        Frame(Dataset<Row> frame, List<String> features, String label) {
            this.frame = frame;
            this.features = List.copyOf(features);
            this.label = label;
            StructType schema = frame.schema();
            for (String name : features) {
                Kind.of(field(schema, name, "feature"), true);
            }
            Kind.of(field(schema, label, "label"), false);
        }

        private static StructField field(StructType schema, String name, String role) {
            if (!Arrays.asList(schema.fieldNames()).contains(name)) {
                throw new IllegalArgumentException("SparkTraining.on: the DataFrame has no " + role + " column '" + name
                        + "'; its columns are " + Arrays.toString(schema.fieldNames()) + ".");
            }
            return schema.apply(name);
        }

        @Override
        JavaSparkContext context() {
            return JavaSparkContext.fromSparkContext(frame.sparkSession().sparkContext());
        }

        @Override
        JavaRDD<Part> parts(Labels labels, int outputs) {
            StructType schema = frame.schema();
            Kind[] kinds = new Kind[features.size()];
            Column[] columns = new Column[features.size() + 1];
            for (int i = 0; i < kinds.length; i++) {
                kinds[i] = Kind.of(schema.apply(features.get(i)), true);
                columns[i] = functions.col(features.get(i));
            }
            Kind labelKind = Kind.of(schema.apply(label), false);
            columns[kinds.length] = functions.col(label);
            if (labels != Labels.VALUES && labelKind != Kind.NUMBER) {
                labels = Labels.VALUES;
            }
            String featureName = features.size() == 1 ? "feature column '" + features.get(0) + "'" : "the feature columns " + features;
            Rows rows = new Rows(kinds, labelKind, labels, outputs, features.toArray(new String[0]), label, featureName);
            return frame.select(columns).javaRDD().mapPartitionsWithIndex(rows::part, true);
        }

        @Override
        String describe() {
            return "DataFrame columns " + features + " -> " + label;
        }
    }

    /** An RDD of (features, targets) pairs. */
    static final class Pairs extends Input {
        private final JavaPairRDD<float[], float[]> rdd;

        Pairs(JavaPairRDD<float[], float[]> rdd) {
            this.rdd = rdd;
        }

        @Override
        JavaSparkContext context() {
            return JavaSparkContext.fromSparkContext(rdd.context());
        }

        @Override
        JavaRDD<Part> parts(Labels labels, int outputs) {
            return rdd.mapPartitionsWithIndex(Pairs::part, true);
        }

        private static Iterator<Part> part(Integer index, Iterator<Tuple2<float[], float[]>> it) {
            Part.Builder b = new Part.Builder(index);
            while (it.hasNext()) {
                Tuple2<float[], float[]> pair = it.next();
                if (pair == null || pair._1() == null || pair._2() == null) {
                    throw new IllegalArgumentException("the RDD's pair is null (or holds a null array) in row " + b.rows()
                            + " of partition " + index + "; every element must be (features, targets).");
                }
                b.add(pair._1(), pair._2(), "the features", "the targets");
            }
            return List.of(b.build()).iterator();
        }

        @Override
        String describe() {
            return "RDD of (features, targets)";
        }
    }

    /** The shape of a column's values. */
    enum Kind {
        NUMBER, ARRAY, VECTOR;

        static Kind of(StructField field, boolean feature) {
            DataType t = field.dataType();
            if (t instanceof NumericType) {
                return NUMBER;
            }
            if (t instanceof ArrayType && ((ArrayType) t).elementType() instanceof NumericType) {
                return ARRAY;
            }
            if (t.typeName().equals("vector")) {
                return VECTOR;
            }
            throw new IllegalArgumentException("SparkTraining.on: the " + (feature ? "feature" : "label") + " column '" + field.name()
                    + "' is of type " + t.simpleString() + "; it must hold numbers, arrays of numbers or ML vectors"
                    + (t.typeName().equals("string") ? " (index text labels first, e.g. with StringIndexer)" : "") + ".");
        }
    }

    /** Turns a partition's rows into a Part, on the executor. */
    static final class Rows implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Kind[] kinds;
        private final Kind labelKind;
        private final Labels labels;
        private final int outputs;
        private final String[] featureNames;
        private final String label;
        private final String featureName;

        Rows(Kind[] kinds, Kind labelKind, Labels labels, int outputs, String[] featureNames, String label, String featureName) {
            this.kinds = kinds;
            this.labelKind = labelKind;
            this.labels = labels;
            this.outputs = outputs;
            this.featureNames = featureNames;
            this.label = label;
            this.featureName = featureName;
        }

        Iterator<Part> part(Integer index, Iterator<Row> it) {
            Part.Builder b = new Part.Builder(index);
            int row = 0;
            float[] scalars = kinds.length > 1 ? new float[kinds.length] : null;
            while (it.hasNext()) {
                Row r = it.next();
                float[] x;
                if (scalars == null) {
                    x = values(r, 0, kinds[0], featureNames[0], index, row);
                } else {
                    x = new float[kinds.length];
                    for (int c = 0; c < kinds.length; c++) {
                        float[] v = values(r, c, kinds[c], featureNames[c], index, row);
                        if (v.length != 1) {
                            throw new IllegalArgumentException("feature column '" + featureNames[c] + "' holds " + v.length
                                    + " values in row " + row + " of partition " + index + "; with several feature columns each"
                                    + " must hold one number (or pass one array or vector column alone).");
                        }
                        x[c] = v[0];
                    }
                }
                float[] y = target(values(r, kinds.length, labelKind, label, index, row), index, row);
                b.add(x, y, featureName, "label column '" + label + "'");
                row++;
            }
            return List.of(b.build()).iterator();
        }

        private float[] target(float[] value, int index, int row) {
            if (labels == Labels.VALUES) {
                return value;
            }
            float c = value[0];
            if (c != Math.rint(c) || c < 0 || c >= outputs) {
                throw new IllegalArgumentException("label column '" + label + "' holds " + c + " in row " + row + " of partition "
                        + index + "; the model has " + outputs + " outputs, so a class label must be a whole number from 0 to "
                        + (outputs - 1) + ".");
            }
            if (labels == Labels.INDEX) {
                return value;
            }
            float[] oneHot = new float[outputs];
            oneHot[(int) c] = 1f;
            return oneHot;
        }

        private static float[] values(Row r, int column, Kind kind, String name, int index, int row) {
            if (r.isNullAt(column)) {
                throw new IllegalArgumentException("column '" + name + "' is null in row " + row + " of partition " + index
                        + "; fill or drop such rows before training (e.g. frame.na().drop()).");
            }
            switch (kind) {
                case NUMBER:
                    return new float[] {((Number) r.get(column)).floatValue()};
                case ARRAY: {
                    List<Object> list = r.getList(column);
                    float[] v = new float[list.size()];
                    for (int i = 0; i < v.length; i++) {
                        Object o = list.get(i);
                        if (o == null) {
                            throw new IllegalArgumentException("column '" + name + "' has a null at position " + i + " of row " + row
                                    + " of partition " + index + "; fill or drop such rows before training.");
                        }
                        v[i] = ((Number) o).floatValue();
                    }
                    return v;
                }
                default:
                    return MlVectors.values(r.get(column));
            }
        }
    }
}
