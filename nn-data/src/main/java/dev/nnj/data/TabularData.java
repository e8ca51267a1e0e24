package dev.nnj.data;

import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A table on its way to becoming a {@link TabularDataset}: which column is the label, which are
 * the features, and which preprocessing to fit. Loading a real table takes two lines:
 * <pre>{@code
 * var data  = TabularData.csv(Path.of("iris.csv")).label("species").standardize().build();
 * var split = data.split(0.8, 42);                     // stratified; the scaler is fitted on the training rows
 * var model = Sequential.of(split.train().preprocessing(), dense(4, 8), relu(), dense(8, 3), softmax());
 * }</pre>
 *
 * <p><b>Reading.</b> {@link #csv(Path)} reads a comma-separated file with one header line, as strict
 * UTF-8 (or the charset given to {@link #csv(Path, Charset)}); a gzipped file is recognised by its
 * first bytes and gunzipped — and its checksum verified — before anything is parsed.
 * {@link #csv(InputStream, String)} reads a stream (a class-path resource, say), {@link #from(Table)}
 * takes a Tablesaw table already in memory. Every cell is read as text and nnj converts each one
 * itself, so a bad cell is reported with its column, row and line, never coerced.
 *
 * <p><b>Features.</b> By default every column but the label; {@link #features(String...)} picks
 * them. A feature column must hold numbers; a text column is an error unless it is one-hot encoded
 * with {@link #oneHot(String...)} (one 0/1 column per category, in sorted order, named
 * {@code column=category}).
 *
 * <p><b>Label.</b> A text label becomes class indices: one-hot targets with the class names kept
 * (sorted, numerically when they are all numbers) in {@link TabularDataset#classNames()}. Two classes
 * become one target column (1 means the second class name), for a sigmoid output and binary
 * cross-entropy. A numeric label is a regression target, unless {@link #classification()} says its
 * values are class names (digits 0–9, say); then numerically equal labels ({@code 1}, {@code 1.0},
 * {@code 01}) are one class, named in canonical form ({@code 1}).
 *
 * <p><b>Preprocessing.</b> {@link #standardize()} ({@code (x − mean) / std}) or {@link #minMax()}
 * ({@code (x − min) / (max − min)}), fitted on the training rows only, become the dataset's
 * {@link TabularDataset#preprocessing()}, the fixed layer to put first in the model; features stay as
 * read. One-hot columns pass through unscaled, and a constant column gets spread 1.
 *
 * <p><b>Missing cells.</b> An empty cell, or a text declared with {@link #missing(String...)}, is
 * missing. Missing cells are an error naming the column and the count unless you
 * {@link #dropMissing()} (drop those rows) or {@link #fillMissingWithMean()} (fill a feature cell with
 * the mean of that column over the training rows).
 *
 * <p><b>Limits.</b> A label with more than {@link #DEFAULT_MAX_CLASSES} classes, or a one-hot column
 * with more than {@link #DEFAULT_MAX_CATEGORIES} categories, is refused before its one-hot table is
 * allocated (an identifier or a continuous number is the usual cause); {@link #maxClasses(int)} and
 * {@link #maxCategories(int)} raise the limits. A file is read into memory whole (up to 2 GiB).
 *
 * <p>Every method returns a new {@code TabularData} and leaves this one unchanged, so a
 * half-configured one can be shared safely. Column names are checked as soon as they are given;
 * {@link #build()} converts the cells and throws {@link IllegalArgumentException} for the first
 * problem, naming the column, the row (0-based, as in {@code features()[row]}), for a file also its
 * line (1-based), and the fix. A null argument is an {@link IllegalArgumentException} too.
 */
public final class TabularData {

    /** The most classes a label may have unless {@link #maxClasses(int)} says otherwise. */
    public static final int DEFAULT_MAX_CLASSES = 1_000;

    /** The most categories a one-hot feature column may have unless {@link #maxCategories(int)} says otherwise. */
    public static final int DEFAULT_MAX_CATEGORIES = 1_000;

    enum Scaling { NONE, STANDARDIZE, MIN_MAX, PIXELS }

    enum MissingPolicy { FAIL, DROP, FILL_MEAN }

    enum Target { INFER, CLASSES, REGRESSION }

    /** What the builder methods set; copied, changed and frozen in a new {@code TabularData} by each of them. */
    static final class Settings implements Cloneable {
        String label;
        List<String> features;
        Set<String> oneHot = Set.of();
        Scaling scaling = Scaling.NONE;
        Set<String> missingTokens = Set.of();
        MissingPolicy missingPolicy = MissingPolicy.FAIL;
        Target target = Target.INFER;
        int maxClasses = DEFAULT_MAX_CLASSES;
        int maxCategories = DEFAULT_MAX_CATEGORIES;
        boolean unseenAsZeros;

        private Settings copy() {
            try {
                return (Settings) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private final Cells cells;
    private final Settings settings;

    private TabularData(Cells cells, Settings settings) {
        this.cells = cells;
        this.settings = settings;
    }

    private TabularData with(java.util.function.Consumer<Settings> change) {
        Settings copy = settings.copy();
        change.accept(copy);
        return new TabularData(cells, copy);
    }

    /**
     * Reads a CSV file: comma-separated, one header line with the column names, then one example
     * per line; strict UTF-8 (a byte-order mark is fine); gunzipped first when it starts with gzip's
     * signature, whatever its name.
     *
     * @throws IllegalArgumentException if the file does not exist, cannot be read (permission denied), is not
     *                                  UTF-8 (naming the byte offset), is a damaged or truncated gzip file, is
     *                                  empty, has only a header, has a row with more or fewer cells than the
     *                                  header, a quote that is never closed, a header cell without a name or a
     *                                  name used twice — each naming the file and line
     * @throws UncheckedIOException     if reading fails for another reason
     */
    public static TabularData csv(Path file) {
        return csv(file, null, "TabularData.csv");
    }

    /**
     * Reads a CSV file written in another charset than UTF-8, as {@link #csv(Path)} does otherwise.
     * <pre>{@code
     * var data = TabularData.csv(Path.of("old-excel-export.csv"), StandardCharsets.ISO_8859_1).label("y").build();
     * }</pre>
     *
     * @throws IllegalArgumentException as {@link #csv(Path)}, or if the text is not valid in {@code charset}
     */
    public static TabularData csv(Path file, Charset charset) {
        nonNull(charset, "TabularData.csv", "charset", "a Charset such as StandardCharsets.ISO_8859_1");
        return csv(file, charset, "TabularData.csv");
    }

    private static TabularData csv(Path file, Charset charset, String who) {
        nonNull(file, who, "file", "the path of a CSV file, e.g. Path.of(\"iris.csv\")");
        String name = Input.name(file);
        byte[] bytes = Input.readFile(file, who);
        return new TabularData(parse(bytes, charset, name, who, name.toLowerCase(Locale.ROOT).endsWith(".gz")),
                new Settings());
    }

    /**
     * Reads CSV text from a stream, as {@link #csv(Path)} does, and closes it.
     * <pre>{@code
     * var data = TabularData.csv(Iris.class.getResourceAsStream("/data/iris.csv"), "iris.csv").label("species").build();
     * }</pre>
     *
     * @param name what to call the stream in messages, e.g. the resource's file name
     * @throws IllegalArgumentException if the stream is null (a resource that was not found), empty,
     *                                  or malformed as for {@link #csv(Path)}
     * @throws UncheckedIOException     if reading the stream fails
     */
    public static TabularData csv(InputStream in, String name) {
        return csv(in, name, null, "TabularData.csv");
    }

    /**
     * Reads CSV text in the given charset from a stream, and closes it.
     *
     * @throws IllegalArgumentException as {@link #csv(InputStream, String)}, or if the text is not valid in {@code charset}
     */
    public static TabularData csv(InputStream in, String name, Charset charset) {
        nonNull(charset, "TabularData.csv", "charset", "a Charset such as StandardCharsets.ISO_8859_1");
        return csv(in, name, charset, "TabularData.csv");
    }

    private static TabularData csv(InputStream in, String name, Charset charset, String who) {
        nonNull(name, who, "name", "what to call the stream in messages, e.g. \"iris.csv\"");
        if (in == null) {
            throw new IllegalArgumentException(who + ": there is no input for " + name + " (the stream is null:"
                    + " was the resource name right? Class.getResourceAsStream needs a leading / for an absolute name).");
        }
        byte[] bytes;
        try (in) {
            bytes = Input.readAll(in, who, name);
        } catch (IOException e) {
            throw new UncheckedIOException(who + ": could not read " + name + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()) + ".", e);
        }
        return new TabularData(parse(bytes, charset, name, who, name.toLowerCase(Locale.ROOT).endsWith(".gz")),
                new Settings());
    }

    private static Cells parse(byte[] bytes, Charset charset, String name, String who, boolean namedGz) {
        if (Input.gzip(bytes)) {
            bytes = Input.gunzip(bytes, who, "file " + name);
        } else if (namedGz && bytes.length > 0) {
            throw new IllegalArgumentException(who + ": file " + name + " is named .gz but does not start with gzip's"
                    + " signature (0x1F 0x8B): it is damaged, or not gzip. Download or copy it again, or rename it if it"
                    + " is plain CSV.");
        }
        return CsvParser.parse(bytes, charset, name, who);
    }

    /**
     * Takes a Tablesaw table: numeric columns give numbers (Tablesaw's missing values are missing
     * cells), text columns are read cell by cell as a CSV file's are. The table is not modified.
     *
     * @throws IllegalArgumentException if the table is null or has no columns
     */
    public static TabularData from(Table table) {
        nonNull(table, "TabularData.from", "table", "a Tablesaw Table");
        if (table.columnCount() == 0) {
            throw new IllegalArgumentException("TabularData.from: the table has no columns; add a label column and at"
                    + " least one feature column.");
        }
        return new TabularData(new Cells.OfTable(table), new Settings());
    }

    /**
     * The column holding the targets.
     *
     * @throws IllegalArgumentException if there is no such column (the message lists the columns there are)
     */
    public TabularData label(String column) {
        nonNull(column, "TabularData.label", "column", "the label column's name, e.g. label(\"species\")");
        requireColumn("label", column);
        return with(s -> s.label = column);
    }

    /**
     * The feature columns, in this order (default: every column but the label, in table order).
     *
     * @throws IllegalArgumentException if a column does not exist, is named twice, or none is given
     */
    public TabularData features(String... columns) {
        nonNull(columns, "TabularData.features", "columns", "the feature columns' names");
        if (columns.length == 0) {
            throw new IllegalArgumentException("TabularData.features: give at least one column; leave features(...) out"
                    + " to use every column but the label.");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < columns.length; i++) {
            nonNull(columns[i], "TabularData.features", "column " + i, "a column's name");
            requireColumn("feature", columns[i]);
            if (!seen.add(columns[i])) {
                throw new IllegalArgumentException("TabularData.features: column \"" + columns[i] + "\" is named twice;"
                        + " name each feature column once.");
            }
        }
        List<String> chosen = List.copyOf(seen);
        return with(s -> s.features = chosen);
    }

    /**
     * One-hot encodes these text (or category) feature columns: one 0/1 feature per distinct value,
     * in sorted order, named {@code column=value}. Values are compared as text ({@code 02139} and
     * {@code 2139} are two categories). Adds to earlier calls.
     *
     * @throws IllegalArgumentException if a column does not exist
     */
    public TabularData oneHot(String... columns) {
        nonNull(columns, "TabularData.oneHot", "columns", "the one-hot columns' names");
        Set<String> all = new LinkedHashSet<>(settings.oneHot);
        for (int i = 0; i < columns.length; i++) {
            nonNull(columns[i], "TabularData.oneHot", "column " + i, "a column's name");
            requireColumn("one-hot", columns[i]);
            all.add(columns[i]);
        }
        Set<String> chosen = Set.copyOf(all);
        return with(s -> s.oneHot = chosen);
    }

    /**
     * Fits standardisation, {@code (x − mean) / std} per feature column (population standard deviation),
     * on the training rows; see {@link TabularDataset#preprocessing()}.
     *
     * @throws IllegalStateException if {@link #minMax()} was asked for already
     */
    public TabularData standardize() {
        return scaling(Scaling.STANDARDIZE, "standardize()");
    }

    /**
     * Fits min-max scaling, {@code (x − min) / (max − min)} per feature column, on the training rows;
     * see {@link TabularDataset#preprocessing()}.
     *
     * @throws IllegalStateException if {@link #standardize()} was asked for already
     */
    public TabularData minMax() {
        return scaling(Scaling.MIN_MAX, "minMax()");
    }

    private TabularData scaling(Scaling wanted, String call) {
        if (settings.scaling != Scaling.NONE && settings.scaling != wanted) {
            throw new IllegalStateException("TabularData." + call + ": " + (settings.scaling == Scaling.STANDARDIZE
                    ? "standardize()" : "minMax()") + " was already chosen; use one of standardize() and minMax().");
        }
        return with(s -> s.scaling = wanted);
    }

    /**
     * Texts that mean "missing" in addition to an empty cell, e.g. {@code missing("NA", "?")}. Adds to
     * earlier calls. They apply to text cells (all cells of a CSV file).
     *
     * @throws IllegalArgumentException if the array or one of the texts is null
     */
    public TabularData missing(String... tokens) {
        nonNull(tokens, "TabularData.missing", "tokens", "the texts that mean missing, e.g. missing(\"NA\", \"?\")");
        Set<String> all = new LinkedHashSet<>(settings.missingTokens);
        for (int i = 0; i < tokens.length; i++) {
            nonNull(tokens[i], "TabularData.missing", "token " + i, "a text such as \"NA\"");
            all.add(tokens[i]);
        }
        Set<String> chosen = Set.copyOf(all);
        return with(s -> s.missingTokens = chosen);
    }

    /**
     * Drops every row with a missing label or feature cell (instead of failing).
     *
     * @throws IllegalStateException if {@link #fillMissingWithMean()} was asked for already
     */
    public TabularData dropMissing() {
        return missingPolicy(MissingPolicy.DROP, "dropMissing()");
    }

    /**
     * Fills a missing feature cell with the mean of its column over the training rows (instead of
     * failing); a split fills its test rows with the training means too. A missing label still fails.
     *
     * @throws IllegalStateException if {@link #dropMissing()} was asked for already
     */
    public TabularData fillMissingWithMean() {
        return missingPolicy(MissingPolicy.FILL_MEAN, "fillMissingWithMean()");
    }

    private TabularData missingPolicy(MissingPolicy wanted, String call) {
        if (settings.missingPolicy != MissingPolicy.FAIL && settings.missingPolicy != wanted) {
            throw new IllegalStateException("TabularData." + call + ": " + (settings.missingPolicy == MissingPolicy.DROP
                    ? "dropMissing()" : "fillMissingWithMean()") + " was already chosen; use one of dropMissing() and"
                    + " fillMissingWithMean().");
        }
        return with(s -> s.missingPolicy = wanted);
    }

    /**
     * Reads the label's values as class names even if they are numbers (digits 0–9, say), so the
     * targets are one-hot classes rather than a regression value. Numerically equal values are one
     * class, named in canonical form: {@code 1}, {@code 1.0}, {@code 01} and {@code +1e0} are class
     * {@code 1}; {@code 0} and {@code -0} are class {@code 0}; {@code 2.50} is class {@code 2.5}.
     */
    public TabularData classification() {
        return with(s -> s.target = Target.CLASSES);
    }

    /**
     * Requires a numeric label and makes it a regression target (one target column, the value as read);
     * {@link #build()} then fails on a text label instead of making classes.
     */
    public TabularData regression() {
        return with(s -> s.target = Target.REGRESSION);
    }

    /**
     * The most classes the label may have (default {@link #DEFAULT_MAX_CLASSES}); more is refused by
     * {@link #build()} before the one-hot targets (rows × classes floats) are allocated.
     *
     * @throws IllegalArgumentException if {@code limit} is below 2
     */
    public TabularData maxClasses(int limit) {
        if (limit < 2) {
            throw new IllegalArgumentException("TabularData.maxClasses: a classifier has at least 2 classes, got a limit of "
                    + limit + "; the default is " + DEFAULT_MAX_CLASSES + ".");
        }
        return with(s -> s.maxClasses = limit);
    }

    /**
     * The most categories a one-hot feature column may have (default {@link #DEFAULT_MAX_CATEGORIES});
     * more is refused by {@link #build()} before the one-hot columns (rows × categories floats) are allocated.
     *
     * @throws IllegalArgumentException if {@code limit} is below 1
     */
    public TabularData maxCategories(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("TabularData.maxCategories: the limit must be at least 1, got " + limit
                    + "; the default is " + DEFAULT_MAX_CATEGORIES + ".");
        }
        return with(s -> s.maxCategories = limit);
    }

    /**
     * When a model trained on this dataset predicts from a raw row whose one-hot column holds a
     * category the training rows did not have, encode it as all zeros (no category) instead of
     * refusing the row naming the column (the default).
     */
    public TabularData unseenCategoriesAsZeros() {
        return with(s -> s.unseenAsZeros = true);
    }

    /**
     * Converts the table: features as read (one-hot columns expanded), targets from the label, and the
     * preprocessing fitted on these rows. Nothing is coerced: the first bad cell is an error.
     *
     * @throws IllegalArgumentException for no label, a text feature not one-hot encoded, a cell that is not
     *                                  a finite number, missing cells (with neither dropMissing() nor
     *                                  fillMissingWithMean()), a label with a single class or more classes than
     *                                  the limit, ... — each naming the column and row and saying what to do
     */
    public TabularDataset build() {
        String label = settings.label;
        if (label == null) {
            throw new IllegalArgumentException("TabularData.build: no label column for " + cells.source()
                    + "; call .label(column) with one of: "
                    + CsvParser.abbreviate(cells.columnNames()) + ".");
        }
        List<String> featureColumns;
        if (settings.features != null) {
            if (settings.features.contains(label)) {
                throw new IllegalArgumentException("TabularData.build: column \"" + label + "\" is both the label and a"
                        + " feature; remove it from features(...).");
            }
            featureColumns = settings.features;
        } else {
            featureColumns = new ArrayList<>(cells.columnNames());
            featureColumns.remove(label);
            if (featureColumns.isEmpty()) {
                throw new IllegalArgumentException("TabularData.build: " + cells.source() + " has only the label column \""
                        + label + "\"; a dataset needs at least one feature column.");
            }
        }
        for (String column : settings.oneHot) {
            if (column.equals(label)) {
                throw new IllegalArgumentException("TabularData.build: the label \"" + label + "\" cannot be one-hot"
                        + " encoded as a feature; a text label becomes one-hot classes by itself.");
            }
            if (!featureColumns.contains(column)) {
                throw new IllegalArgumentException("TabularData.build: oneHot(\"" + column + "\") names a column that is"
                        + " not a feature; add it to features(...).");
            }
        }
        if (cells.rows() == 0) {
            throw new IllegalArgumentException("TabularData.build: " + cells.source() + " has no rows; add one row per"
                    + " example.");
        }
        return new TableConversion(cells, settings).convert(label, featureColumns);
    }

    private void requireColumn(String role, String column) {
        List<String> names = cells.columnNames();
        if (cells.columnIndex(column) < 0) { // exact: Tablesaw's own look-up ignores case
            String near = names.stream().filter(c -> c.strip().equalsIgnoreCase(column.strip())).findFirst()
                    .map(c -> " Did you mean \"" + c + "\"?").orElse("");
            String separator = names.size() == 1 && (names.get(0).contains(";") || names.get(0).contains("\t"))
                    ? " The header is one column: is the file separated by " + (names.get(0).contains(";") ? "';'" : "tabs")
                    + "? nnj reads comma-separated files." : "";
            throw new IllegalArgumentException("TabularData: there is no " + role + " column " + Cells.shown(column)
                    + " in " + cells.source() + "." + near + " The columns are: " + CsvParser.abbreviate(names) + "."
                    + separator);
        }
    }

    /**
     * Throws an {@link IllegalArgumentException} for a null argument: "TabularData.label: column is null;
     * give the label column's name, ...".
     */
    static void nonNull(Object value, String method, String parameter, String expected) {
        if (value == null) {
            throw new IllegalArgumentException(method + ": " + parameter + " is null; give " + expected + ".");
        }
    }

    @Override
    public String toString() {
        return "TabularData[" + cells.source() + ", " + cells.rows() + " rows, columns "
                + CsvParser.abbreviate(cells.columnNames()) + (settings.label == null ? "" : ", label " + settings.label)
                + ", " + settings.scaling.name().toLowerCase(Locale.ROOT) + "]";
    }
}
