package dev.nnj.data;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A table on its way to becoming a {@link TabularDataset}: which column is the label, which are
 * the features, and which preprocessing to fit. Loading a real table takes two lines:
 * <pre>{@code
 * var data  = TabularData.csv(Path.of("iris.csv")).label("species").standardize().build();
 * var split = data.split(0.8, 42);                     // stratified; the scaler is fitted on the training rows
 * var model = Sequential.of(split.train().preprocessing(), dense(4, 8), relu(), dense(8, 3), softmax());
 * }</pre>
 *
 * <p><b>Reading.</b> {@link #csv(Path)} reads a comma-separated file with one header line (a
 * {@code .gz} file is unzipped), {@link #csv(InputStream, String)} the same from a stream (a class
 * path resource, say), {@link #from(Table)} takes a Tablesaw table already in memory. A CSV file is
 * read with every column typed as text (Tablesaw's sample-based type guessing is not used), and
 * nnj converts each cell itself, so a bad cell is reported with its column and row, never coerced.
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
 * values are class names (digits 0–9, say).
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
 * <p>Every method returns a new {@code TabularData} and leaves this one unchanged, so a
 * half-configured one can be shared safely. Column names are checked as soon as they are given;
 * {@link #build()} converts the cells and throws {@link IllegalArgumentException} for the first
 * problem, naming the column, the row (1-based data row, and the file line for a file) and the fix.
 */
public final class TabularData {

    enum Scaling { NONE, STANDARDIZE, MIN_MAX }

    enum MissingPolicy { FAIL, DROP, FILL_MEAN }

    enum Target { INFER, CLASSES, REGRESSION }

    private static final Pattern ROW_LENGTH = Pattern.compile("Row number (\\d+) contains (\\d+) columns\\. (\\d+) expected");

    private final Table table;
    private final String file;
    private final String label;
    private final List<String> features;
    private final Set<String> oneHot;
    private final Scaling scaling;
    private final Set<String> missingTokens;
    private final MissingPolicy missingPolicy;
    private final Target target;

    private TabularData(Table table, String file, String label, List<String> features, Set<String> oneHot,
                        Scaling scaling, Set<String> missingTokens, MissingPolicy missingPolicy, Target target) {
        this.table = table;
        this.file = file;
        this.label = label;
        this.features = features;
        this.oneHot = oneHot;
        this.scaling = scaling;
        this.missingTokens = missingTokens;
        this.missingPolicy = missingPolicy;
        this.target = target;
    }

    private static TabularData of(Table table, String file) {
        return new TabularData(table, file, null, null, Set.of(), Scaling.NONE, Set.of(), MissingPolicy.FAIL, Target.INFER);
    }

    /**
     * Reads a CSV file: comma-separated, one header line with the column names, then one example
     * per line; UTF-8; gunzipped first when the name ends in {@code .gz}.
     *
     * @throws IllegalArgumentException if the file does not exist, is empty, has only a header, has a
     *                                  row with more or fewer cells than the header, or repeats a column name
     * @throws UncheckedIOException     if reading fails for another reason
     */
    public static TabularData csv(Path file) {
        Objects.requireNonNull(file, "file");
        String name = "file " + (file.getFileName() == null ? file : file.getFileName());
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("TabularData.csv: file " + file.toAbsolutePath() + " does not exist. Check"
                    + " the path (a relative path is resolved against the working directory "
                    + Path.of("").toAbsolutePath() + ").");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("TabularData.csv: " + file.toAbsolutePath() + " is a directory; give the"
                    + " path of a CSV file in it.");
        }
        boolean gzip = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = gzip ? new GZIPInputStream(raw) : raw;
             Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return of(read(reader, name), name);
        } catch (IOException e) {
            throw new UncheckedIOException("TabularData.csv: could not read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
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
     */
    public static TabularData csv(InputStream in, String name) {
        Objects.requireNonNull(name, "name");
        if (in == null) {
            throw new IllegalArgumentException("TabularData.csv: there is no input for " + name + " (the stream is null:"
                    + " was the resource name right? Class.getResourceAsStream needs a leading / for an absolute name).");
        }
        try (Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return of(read(reader, name), name);
        } catch (IOException e) {
            throw new UncheckedIOException("TabularData.csv: could not read " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes a Tablesaw table: numeric columns give numbers (Tablesaw's missing values are missing
     * cells), text columns are read cell by cell as a CSV file's are. The table is not modified.
     *
     * @throws IllegalArgumentException if the table has no columns
     */
    public static TabularData from(Table table) {
        Objects.requireNonNull(table, "table");
        if (table.columnCount() == 0) {
            throw new IllegalArgumentException("TabularData.from: the table has no columns; add a label column and at"
                    + " least one feature column.");
        }
        return of(table, null);
    }

    private static Table read(Reader reader, String name) {
        Table table;
        try {
            CsvReadOptions options = CsvReadOptions.builder(reader)
                    .tableName(name)
                    .header(true)
                    // Every column as text: nnj converts and checks each cell itself.
                    .columnTypes(column -> ColumnType.STRING)
                    // Only an empty cell is missing by default (Tablesaw would also drop "NA", "NaN", "null" ...);
                    // the user declares more with missing(...).
                    .missingValueIndicator("\u0000")
                    .build();
            table = Table.read().usingOptions(options);
        } catch (RuntimeException e) {
            throw readFailure(e, name);
        }
        if (table.columnCount() == 0) {
            throw new IllegalArgumentException("TabularData.csv: " + name + " is empty; expected a header line with the"
                    + " column names, then one line per example.");
        }
        if (table.rowCount() == 0) {
            throw new IllegalArgumentException("TabularData.csv: " + name + " has a header (columns "
                    + String.join(", ", table.columnNames()) + ") but no data rows; add one line per example.");
        }
        return table;
    }

    private static IllegalArgumentException readFailure(RuntimeException e, String name) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            Matcher m = ROW_LENGTH.matcher(message);
            if (m.find()) {
                int row = Integer.parseInt(m.group(1));
                return new IllegalArgumentException("TabularData.csv: " + name + ", row " + row + " (line " + (row + 1)
                        + ") has " + m.group(2) + " cells but the header has " + m.group(3) + " columns. Rows must all be"
                        + " as long as the header: fix that line (a cell containing a comma must be quoted).", e);
            }
            if (message.startsWith("Cannot add column with duplicate name")) {
                String column = message.substring("Cannot add column with duplicate name ".length());
                int cut = column.lastIndexOf(" to table");
                column = cut >= 0 ? column.substring(0, cut) : column;
                return new IllegalArgumentException("TabularData.csv: " + name + " names the column \"" + column
                        + "\" more than once in its header; give every column its own name.", e);
            }
        }
        return new IllegalArgumentException("TabularData.csv: could not read " + name + " as CSV: " + e.getMessage(), e);
    }

    /**
     * The column holding the targets.
     *
     * @throws IllegalArgumentException if there is no such column (the message lists the columns there are)
     */
    public TabularData label(String column) {
        Objects.requireNonNull(column, "column");
        requireColumn("label", column);
        return new TabularData(table, file, column, features, oneHot, scaling, missingTokens, missingPolicy, target);
    }

    /**
     * The feature columns, in this order (default: every column but the label, in table order).
     *
     * @throws IllegalArgumentException if a column does not exist, is named twice, or none is given
     */
    public TabularData features(String... columns) {
        Objects.requireNonNull(columns, "columns");
        if (columns.length == 0) {
            throw new IllegalArgumentException("TabularData.features: give at least one column; leave features(...) out"
                    + " to use every column but the label.");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String column : columns) {
            requireColumn("feature", column);
            if (!seen.add(column)) {
                throw new IllegalArgumentException("TabularData.features: column \"" + column + "\" is named twice;"
                        + " name each feature column once.");
            }
        }
        return new TabularData(table, file, label, List.copyOf(seen), oneHot, scaling, missingTokens, missingPolicy, target);
    }

    /**
     * One-hot encodes these text (or category) feature columns: one 0/1 feature per distinct value,
     * in sorted order, named {@code column=value}. Adds to earlier calls.
     *
     * @throws IllegalArgumentException if a column does not exist
     */
    public TabularData oneHot(String... columns) {
        Objects.requireNonNull(columns, "columns");
        Set<String> all = new LinkedHashSet<>(oneHot);
        for (String column : columns) {
            requireColumn("one-hot", column);
            all.add(column);
        }
        return new TabularData(table, file, label, features, Set.copyOf(all), scaling, missingTokens, missingPolicy, target);
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
        if (scaling != Scaling.NONE && scaling != wanted) {
            throw new IllegalStateException("TabularData." + call + ": " + (scaling == Scaling.STANDARDIZE ? "standardize()"
                    : "minMax()") + " was already chosen; use one of standardize() and minMax().");
        }
        return new TabularData(table, file, label, features, oneHot, wanted, missingTokens, missingPolicy, target);
    }

    /**
     * Texts that mean "missing" in addition to an empty cell, e.g. {@code missing("NA", "?")}. Adds to
     * earlier calls. They apply to text cells (all cells of a CSV file).
     */
    public TabularData missing(String... tokens) {
        Objects.requireNonNull(tokens, "tokens");
        Set<String> all = new LinkedHashSet<>(missingTokens);
        for (String token : tokens) {
            all.add(Objects.requireNonNull(token, "token"));
        }
        return new TabularData(table, file, label, features, oneHot, scaling, Set.copyOf(all), missingPolicy, target);
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
        if (missingPolicy != MissingPolicy.FAIL && missingPolicy != wanted) {
            throw new IllegalStateException("TabularData." + call + ": " + (missingPolicy == MissingPolicy.DROP
                    ? "dropMissing()" : "fillMissingWithMean()") + " was already chosen; use one of dropMissing() and"
                    + " fillMissingWithMean().");
        }
        return new TabularData(table, file, label, features, oneHot, scaling, missingTokens, wanted, target);
    }

    /**
     * Reads the label's values as class names even if they are numbers (digits 0–9, say), so the
     * targets are one-hot classes rather than a regression value.
     */
    public TabularData classification() {
        return new TabularData(table, file, label, features, oneHot, scaling, missingTokens, missingPolicy, Target.CLASSES);
    }

    /**
     * Requires a numeric label and makes it a regression target (one target column, the value as read);
     * {@link #build()} then fails on a text label instead of making classes.
     */
    public TabularData regression() {
        return new TabularData(table, file, label, features, oneHot, scaling, missingTokens, missingPolicy, Target.REGRESSION);
    }

    /**
     * Converts the table: features as read (one-hot columns expanded), targets from the label, and the
     * preprocessing fitted on these rows. Nothing is coerced: the first bad cell is an error.
     *
     * @throws IllegalArgumentException for no label, a text feature not one-hot encoded, a cell that is not
     *                                  a finite number, missing cells (with neither dropMissing() nor
     *                                  fillMissingWithMean()), a label with a single class, ... — each naming
     *                                  the column and row and saying what to do
     */
    public TabularDataset build() {
        if (label == null) {
            throw new IllegalArgumentException("TabularData.build: no label column; call .label(column) with one of: "
                    + String.join(", ", table.columnNames()) + ".");
        }
        List<String> featureColumns;
        if (features != null) {
            if (features.contains(label)) {
                throw new IllegalArgumentException("TabularData.build: column \"" + label + "\" is both the label and a"
                        + " feature; remove it from features(...).");
            }
            featureColumns = features;
        } else {
            featureColumns = new ArrayList<>(table.columnNames());
            featureColumns.remove(label);
            if (featureColumns.isEmpty()) {
                throw new IllegalArgumentException("TabularData.build: " + new Cells(table, file, missingTokens).source()
                        + " has only the label column \"" + label + "\"; a dataset needs at least one feature column.");
            }
        }
        for (String column : oneHot) {
            if (column.equals(label)) {
                throw new IllegalArgumentException("TabularData.build: the label \"" + label + "\" cannot be one-hot"
                        + " encoded as a feature; a text label becomes one-hot classes by itself.");
            }
            if (!featureColumns.contains(column)) {
                throw new IllegalArgumentException("TabularData.build: oneHot(\"" + column + "\") names a column that is"
                        + " not a feature; add it to features(...).");
            }
        }
        if (table.rowCount() == 0) {
            throw new IllegalArgumentException("TabularData.build: " + new Cells(table, file, missingTokens).source()
                    + " has no rows; add one row per example.");
        }
        Cells cells = new Cells(table, file, missingTokens);
        return TableConversion.convert(cells, label, featureColumns, oneHot, scaling, missingPolicy, target);
    }

    private void requireColumn(String role, String column) {
        if (!table.columnNames().contains(column)) { // exact: Tablesaw's own look-up ignores case
            String near = table.columnNames().stream().filter(c -> c.strip().equalsIgnoreCase(column.strip()))
                    .findFirst().map(c -> " Did you mean \"" + c + "\"?").orElse("");
            throw new IllegalArgumentException("TabularData: there is no " + role + " column \"" + column + "\" in "
                    + new Cells(table, file, missingTokens).source() + "." + near + " The columns are: "
                    + String.join(", ", table.columnNames()) + ".");
        }
    }

    @Override
    public String toString() {
        return "TabularData[" + new Cells(table, file, missingTokens).source() + ", " + table.rowCount() + " rows, columns "
                + table.columnNames() + (label == null ? "" : ", label " + label) + ", " + scaling.name().toLowerCase(Locale.ROOT)
                + "]";
    }
}
