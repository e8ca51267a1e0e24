package dev.nnj.data;

import dev.nnj.core.Dataset;
import dev.nnj.core.Layer;
import dev.nnj.core.Layers;
import dev.nnj.core.RowEncoder;
import dev.nnj.core.internal.Shuffle;
import dev.nnj.data.TabularData.Scaling;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A dataset read by {@link TabularData} or {@link IdxData}: feature rows as read, targets, the names
 * of the features and classes, and the preprocessing fitted on the training rows.
 * <pre>{@code
 * TabularDataset data = TabularData.csv(Path.of("iris.csv")).label("species").standardize().build();
 * Dataset.Split split = data.split(0.8, 42);                  // stratified: 40 + 10 rows of each species
 * Sequential model = Sequential.of(split.train().preprocessing(), dense(4, 8), relu(), dense(8, 3), softmax());
 * for (Dataset.Split fold : data.kFold(5, 42)) { ... }       // 5-fold cross-validation
 * }</pre>
 *
 * <p>{@link #split}, the three-way {@link #split(double, double, long)} and {@link #kFold} are
 * stratified for a classification target (each class in the same proportion in every part, up to
 * rounding) and shuffled with the seed otherwise. Every part's {@link #preprocessing()} and missing-cell
 * fill are fitted on that split's training rows, so the test rows never leak into the scaling.
 *
 * <p>The parts share the row arrays of this dataset (nothing is copied), and {@link #features()} and
 * {@link #targets()} return them directly: read them, do not modify them.
 */
public final class TabularDataset implements Dataset {

    /**
     * A training, a validation and a test part of one dataset; see {@link #split(double, double, long)}.
     *
     * @param train      the rows to train on; every part's preprocessing is fitted on them
     * @param validation the rows to tune on (learning rate, epochs)
     * @param test       the rows to report on, once
     */
    public record ValidationSplit(Dataset train, Dataset validation, Dataset test) {
        /**
         * Checks that no part is null.
         *
         * @throws IllegalArgumentException if a part is null
         */
        public ValidationSplit {
            TabularData.nonNull(train, "ValidationSplit", "train", "the training part");
            TabularData.nonNull(validation, "ValidationSplit", "validation", "the validation part");
            TabularData.nonNull(test, "ValidationSplit", "test", "the test part");
        }
    }

    /**
     * How one source column became features, in feature order: a numeric column is one feature
     * ({@code categories} null); a one-hot column is one feature per category, in this order.
     * What turning a raw row of the file into a model input needs (issue 10, item 3).
     */
    record Encoding(String column, List<String> categories) {
    }

    /**
     * What the columns of a dataset and all of its parts mean: shared by a dataset and its splits.
     *
     * @param passThrough per feature: a one-hot column, which scaling leaves alone
     * @param fillMissing whether NaN cells (missing) are filled with the training rows' means
     * @param source      the file or table the rows came from ("iris.csv"), for messages
     * @param labelColumn   the label's column name, null for a dataset not read from a table (IDX)
     * @param encodings     the source columns in feature order, empty for a dataset not read from a table
     * @param missingTokens the texts besides an empty cell that meant "missing" ({@link TabularData#missing})
     * @param fileColumns   the table's columns in file order; empty for a dataset not read from a table
     * @param unseenAsZeros encode a raw row's unseen category as zeros ({@link TabularData#unseenCategoriesAsZeros()})
     */
    record Schema(List<String> featureNames, List<String> classNames, Scaling scaling, boolean[] passThrough,
                  boolean fillMissing, String source, String labelColumn, List<Encoding> encodings,
                  Set<String> missingTokens, List<String> fileColumns, boolean unseenAsZeros) {
        Schema {
            featureNames = List.copyOf(featureNames);
            classNames = List.copyOf(classNames);
            encodings = List.copyOf(encodings);
            missingTokens = Set.copyOf(missingTokens);
            fileColumns = List.copyOf(fileColumns);
        }
    }

    /**
     * Below this spread, or at most one unit in the last place (ulp) of the column's largest magnitude,
     * a column counts as constant and keeps spread 1: its values are equal up to float rounding, or so
     * close that dividing by their spread would overflow a float.
     */
    static final double SPREAD_FLOOR = 1e-30;

    /** The rows as read; NaN marks a missing cell to fill (only with fillMissingWithMean()). */
    private final float[][] raw;
    /** {@link #raw} with missing cells filled; the same arrays where nothing is missing. */
    private final float[][] features;
    private final float[][] targets;
    /** Class index per row, null for a regression target. */
    private final int[] classes;
    private final Schema schema;
    private final Fit fit;

    /** Statistics fitted on training rows: missing-cell fill values and the preprocessing's center and spread. */
    private record Fit(float[] fill, float[] center, float[] spread) {
    }

    private TabularDataset(float[][] raw, float[][] targets, int[] classes, Schema schema, Fit fit) {
        this.raw = raw;
        this.targets = targets;
        this.classes = classes;
        this.schema = schema;
        this.fit = fit;
        this.features = fill(raw, fit.fill());
    }

    /**
     * A whole dataset, its statistics fitted on all of its rows.
     *
     * @param classes the class index per row, null for a regression target
     */
    static TabularDataset full(float[][] rows, float[][] targets, int[] classes, Schema schema) {
        return new TabularDataset(rows, targets, classes, schema, fit(rows, schema));
    }

    @Override
    public float[][] features() {
        return features;
    }

    @Override
    public float[][] targets() {
        return targets;
    }

    @Override
    public int size() {
        return raw.length;
    }

    /**
     * A new layer holding the transform fitted on the training rows: {@code (x − mean) / std} after
     * {@link TabularData#standardize()}, {@code (x − min) / (max − min)} after {@link TabularData#minMax()},
     * {@code x / 255} for {@link IdxData}'s pixels, identity otherwise. One-hot columns pass through
     * (center 0, spread 1), and a column that is constant on the training rows keeps spread 1: one whose
     * spread is below {@code 1e-30} or at most one unit in the last place of its largest magnitude, i.e.
     * equal up to float rounding. Each call returns a new layer (a layer belongs to one model). Put it
     * first in the model.
     */
    @Override
    public Layer preprocessing() {
        return fit.center() == null ? Layers.identity() : Layers.normalization(fit.center(), fit.spread());
    }

    @Override
    public List<String> featureNames() {
        return schema.featureNames();
    }

    /** The class names in target order (two classes: target 1 means the second); empty for regression. */
    @Override
    public List<String> classNames() {
        return schema.classNames();
    }

    /**
     * Splits into training and test rows, stratified for classes, shuffled with {@code seed}; both parts'
     * preprocessing is fitted on the training rows.
     *
     * @param trainFraction the share of rows for training, in (0, 1)
     * @throws IllegalArgumentException if the fraction is outside (0, 1) or leaves a part empty
     */
    @Override
    public Split split(double trainFraction, long seed) {
        int trainSize = Shuffle.partSize("TabularDataset.split", "trainFraction", size(), trainFraction);
        int[][] parts = Splitting.choose(all(), classes, trainSize, new SplittableRandom(seed));
        Fit trained = fitOn(parts[0]);
        return new Split(part(parts[0], trained), part(parts[1], trained));
    }

    /**
     * Splits into training, validation and test rows (the test part gets what is left), stratified for
     * classes; all three parts' preprocessing is fitted on the training rows.
     * <pre>{@code
     * var parts = data.split(0.6, 0.2, 42);   // 60% train, 20% validation, 20% test
     * }</pre>
     *
     * @throws IllegalArgumentException if a fraction is outside (0, 1), they add up to 1 or more, or a part is empty
     */
    public ValidationSplit split(double trainFraction, double validationFraction, long seed) {
        String where = "TabularDataset.split";
        int n = size();
        int trainSize = Shuffle.partSize(where, "trainFraction", n, trainFraction);
        int validationSize = Shuffle.partSize(where, "validationFraction", n, validationFraction);
        if (!(trainFraction + validationFraction < 1) || trainSize + validationSize >= n) {
            throw new IllegalArgumentException(where + ": trainFraction " + trainFraction + " and validationFraction "
                    + validationFraction + " of " + n + " rows leave no test rows; make them add up to less than 1,"
                    + " e.g. 0.6 and 0.2.");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[][] first = Splitting.choose(all(), classes, trainSize, random);
        int[][] second = Splitting.choose(first[1], classes, validationSize, random);
        Fit trained = fitOn(first[0]);
        return new ValidationSplit(part(first[0], trained), part(second[0], trained), part(second[1], trained));
    }

    /**
     * k-fold cross-validation: the rows dealt into {@code k} folds (stratified for classes, sizes differing
     * by at most one); split {@code i} tests on fold {@code i} and trains on the others, its preprocessing
     * fitted on those training rows.
     * <pre>{@code
     * for (Dataset.Split fold : data.kFold(5, 42)) {
     *     var model = Sequential.of(fold.train().preprocessing(), dense(4, 8), relu(), dense(8, 3), softmax());
     *     ...
     * }
     * }</pre>
     *
     * @throws IllegalArgumentException if k is below 2 or above the number of rows
     */
    public List<Split> kFold(int k, long seed) {
        if (k < 2 || k > size()) {
            throw new IllegalArgumentException("TabularDataset.kFold: k must be between 2 and the number of rows ("
                    + size() + "), got " + k + "; 5 or 10 are usual.");
        }
        int[][] folds = Splitting.folds(size(), classes, k, new SplittableRandom(seed));
        List<Split> splits = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            int[] train = new int[size() - folds[f].length];
            int t = 0;
            for (int g = 0; g < k; g++) {
                if (g != f) {
                    System.arraycopy(folds[g], 0, train, t, folds[g].length);
                    t += folds[g].length;
                }
            }
            Fit trained = fitOn(train);
            splits.add(new Split(part(train, trained), part(folds[f], trained)));
        }
        return List.copyOf(splits);
    }

    @Override
    public String toString() {
        List<String> features = schema.featureNames();
        List<String> classes = schema.classNames();
        return "TabularDataset[" + size() + " rows, " + features.size() + " features " + abbreviate(features)
                + (classes.isEmpty() ? ", regression target" : ", " + classes.size() + " classes " + abbreviate(classes))
                + ", preprocessing " + schema.scaling().name().toLowerCase(java.util.Locale.ROOT) + "]";
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 6 ? names.toString()
                : "[" + String.join(", ", names.subList(0, 3)) + ", ..., " + names.get(names.size() - 1) + "]";
    }

    private int[] all() {
        int[] rows = new int[size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return rows;
    }

    private Fit fitOn(int[] trainRows) {
        float[][] rows = new float[trainRows.length][];
        for (int i = 0; i < trainRows.length; i++) {
            rows[i] = raw[trainRows[i]];
        }
        return fit(rows, schema);
    }

    /** The rows at these indices (shared, not copied) with the given fitted statistics. */
    private TabularDataset part(int[] rows, Fit trained) {
        float[][] x = new float[rows.length][];
        float[][] y = new float[rows.length][];
        int[] c = classes == null ? null : new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            x[i] = raw[rows[i]];
            y[i] = targets[rows[i]];
            if (c != null) {
                c[i] = classes[rows[i]];
            }
        }
        // Class indices stay those of the whole dataset, so every part names the same classes.
        return new TabularDataset(x, y, c, schema, trained);
    }

    /**
     * Turns raw rows of the table (text cells, by column name or in file order) into this dataset's
     * feature rows: the vocabulary of each one-hot column and, with {@link TabularData#fillMissingWithMean()},
     * the training rows' means for missing cells. A model trained on the dataset keeps it (and saves it),
     * so {@code model.predict(Map.of("district", "north", ...))} works on raw rows. Empty for IDX data.
     */
    @Override
    public java.util.Optional<RowEncoder> encoder() {
        if (schema.encodings().isEmpty()) {
            return java.util.Optional.empty();
        }
        List<RowEncoder.Column> columns = new ArrayList<>();
        for (Encoding e : schema.encodings()) {
            columns.add(new RowEncoder.Column(e.column(), e.categories() == null ? List.of() : e.categories()));
        }
        return java.util.Optional.of(RowEncoder.of(schema.fileColumns(), columns, schema.missingTokens(), fillValues(),
                schema.unseenAsZeros()));
    }

    /** The label's column name; null for a dataset not read from a table. For encoding raw rows (issue 10, item 3). */
    String labelColumn() {
        return schema.labelColumn();
    }

    /**
     * The source columns in feature order, each with its one-hot categories in feature order (null for a
     * numeric column); empty for a dataset not read from a table. For encoding raw rows (issue 10, item 3).
     */
    List<Encoding> encodings() {
        return schema.encodings();
    }

    /** The texts besides an empty cell that mean "missing" in a raw cell (issue 10, item 3). */
    Set<String> missingTokens() {
        return schema.missingTokens();
    }

    /**
     * The value that fills a missing cell of each feature (the mean over this dataset's training rows, one-hot
     * features included), or null unless {@link TabularData#fillMissingWithMean()} was asked for.
     */
    float[] fillValues() {
        return fit.fill() == null ? null : fit.fill().clone();
    }

    /** Fill values (column means over the non-missing cells), then center and spread of the filled rows. */
    private static Fit fit(float[][] rows, Schema schema) {
        List<String> names = schema.featureNames();
        Scaling scaling = schema.scaling();
        boolean[] passThrough = schema.passThrough();
        String source = schema.source();
        int width = passThrough.length;
        float[] fill = null;
        if (schema.fillMissing()) {
            fill = new float[width];
            for (int j = 0; j < width; j++) {
                double sum = 0;
                int count = 0;
                for (float[] row : rows) {
                    if (!Float.isNaN(row[j])) {
                        sum += row[j];
                        count++;
                    }
                }
                if (count == 0) {
                    throw new IllegalArgumentException("TabularData: feature \"" + names.get(j) + "\" of " + source
                            + " has no values in the " + rows.length + " training rows, so there is no mean to fill its"
                            + " missing cells with. Drop the column (features(...)) or the rows (.dropMissing()).");
                }
                fill[j] = (float) (sum / count);
            }
        }
        if (scaling == Scaling.NONE) {
            return new Fit(fill, null, null);
        }
        float[] center = new float[width];
        float[] spread = new float[width];
        if (scaling == Scaling.PIXELS) {
            java.util.Arrays.fill(spread, 255f);
            return new Fit(fill, center, spread);
        }
        for (int j = 0; j < width; j++) {
            if (passThrough[j]) {
                spread[j] = 1f;
                continue;
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (float[] row : rows) {
                double v = value(row[j], fill, j);
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double magnitude = Math.max(Math.abs(min), Math.abs(max));
            double mean = sum / rows.length;
            double c;
            double s;
            if (scaling == Scaling.STANDARDIZE) {
                double squares = 0;
                for (float[] row : rows) {
                    double d = value(row[j], fill, j) - mean;
                    squares += d * d;
                }
                c = mean;
                s = Math.sqrt(squares / rows.length);
            } else {
                c = min;
                s = max - min;
            }
            center[j] = (float) c;
            // A column constant on the training rows carries no information: leave its scale alone
            // rather than divide by zero (scikit-learn's StandardScaler does the same). "Constant" includes
            // equal up to float rounding, and spreads so small that 1 / spread would overflow a float.
            boolean constant = s < SPREAD_FLOOR || s <= Math.ulp((float) magnitude);
            if (!constant && !Float.isFinite((float) s)) {
                throw new IllegalArgumentException("TabularData: feature \"" + names.get(j) + "\" of " + source
                        + " spreads over " + String.format(java.util.Locale.ROOT, "%.3g", s) + " on the training rows"
                        + String.format(java.util.Locale.ROOT, " (from %.3g to %.3g)", min, max) + ", beyond the"
                        + " float range (3.4e38); its scaling cannot be stored. Rescale the column (e.g. divide it by"
                        + " 1e30) before loading it.");
            }
            spread[j] = constant ? 1f : (float) s;
        }
        return new Fit(fill, center, spread);
    }

    private static double value(float v, float[] fill, int j) {
        return Float.isNaN(v) ? fill[j] : v;
    }

    /** The rows with NaN cells replaced by the fill values; rows without one are shared, not copied. */
    private static float[][] fill(float[][] raw, float[] fill) {
        if (fill == null) {
            return raw;
        }
        float[][] out = raw;
        for (int i = 0; i < raw.length; i++) {
            float[] row = raw[i];
            float[] filled = null;
            for (int j = 0; j < row.length; j++) {
                if (Float.isNaN(row[j])) {
                    if (filled == null) {
                        filled = row.clone();
                    }
                    filled[j] = fill[j];
                }
            }
            if (filled != null) {
                if (out == raw) {
                    out = raw.clone();
                }
                out[i] = filled;
            }
        }
        return out;
    }
}
