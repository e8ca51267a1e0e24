package dev.nnj.core;

import dev.nnj.core.internal.PlainNumber;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns raw cells, as they appear in a table's file, into a model's input row: numbers parsed,
 * text categories one-hot encoded with the vocabulary learned from the training rows, missing cells
 * filled with the training means (when the dataset asked for that). A model trained on a dataset
 * read from a table keeps its encoder and saves it, so a loaded model takes raw rows too:
 * <pre>{@code
 * var data = TabularData.csv(Path.of("houses.csv")).label("price").oneHot("district").fillMissingWithMean().build();
 * model.train().on(data)...run();
 * model.save(Path.of("houses.nnj"));
 * float[] p = Sequential.load(Path.of("houses.nnj")).predict(Map.of("area", "1200", "district", "north", "rooms", ""));
 * }</pre>
 * Cells are read as nn-data reads them: a plain decimal number, an empty cell or one of the
 * missing tokens for a missing value, any text for a category. A category not seen in training
 * is refused naming the column (or, if the dataset chose so, encoded as all zeros); a missing cell
 * is refused naming the column unless the dataset filled missing cells with means.
 */
public final class RowEncoder {

    /**
     * One source column feeding the model.
     *
     * @param name       the column's name in the table
     * @param categories the one-hot vocabulary, in feature order; empty for a numeric column
     */
    public record Column(String name, List<String> categories) {
        /** Checks the name and copies the vocabulary. */
        public Column {
            Objects.requireNonNull(name, "name");
            categories = List.copyOf(categories);
        }

        /** The features this column becomes: 1 for a number, one per category. */
        public int width() {
            return categories.isEmpty() ? 1 : categories.size();
        }
    }

    private final List<String> fileColumns;
    private final List<Column> columns;
    private final Set<String> missingTokens;
    private final float[] fill;
    private final boolean unseenAsZeros;
    private final int width;
    private final Map<String, Integer> filePosition = new HashMap<>();
    private final List<Map<String, Integer>> categoryIndex = new ArrayList<>();

    private RowEncoder(List<String> fileColumns, List<Column> columns, Set<String> missingTokens, float[] fill, boolean unseenAsZeros) {
        this.fileColumns = List.copyOf(fileColumns);
        this.columns = List.copyOf(columns);
        this.missingTokens = Set.copyOf(missingTokens);
        int w = 0;
        for (Column c : this.columns) {
            w += c.width();
            Map<String, Integer> index = new HashMap<>();
            for (int k = 0; k < c.categories().size(); k++) {
                index.put(c.categories().get(k), k);
            }
            categoryIndex.add(index);
        }
        this.width = w;
        if (fill != null && fill.length != w) {
            throw new IllegalArgumentException("RowEncoder: " + fill.length + " fill values for " + w + " features.");
        }
        this.fill = fill == null ? null : fill.clone();
        this.unseenAsZeros = unseenAsZeros;
        for (int i = 0; i < this.fileColumns.size(); i++) {
            filePosition.putIfAbsent(this.fileColumns.get(i), i);
        }
        for (Column c : this.columns) {
            if (!filePosition.containsKey(c.name())) {
                throw new IllegalArgumentException("RowEncoder: feature column '" + c.name() + "' is not among the file's columns "
                        + this.fileColumns + ".");
            }
        }
    }

    /**
     * An encoder (nn-data makes one for every dataset read from a table).
     *
     * @param fileColumns   the table's columns in file order (for rows given as arrays)
     * @param columns       the columns feeding the model, in feature order
     * @param missingTokens texts that mean "missing" besides an empty cell
     * @param fill          the value of each feature for a missing cell, or null to refuse missing cells
     * @param unseenAsZeros encode a category not seen in training as all zeros instead of refusing it
     * @throws IllegalArgumentException if a feature column is not a file column, or fill has the wrong length
     */
    public static RowEncoder of(List<String> fileColumns, List<Column> columns, Set<String> missingTokens, float[] fill,
                                boolean unseenAsZeros) {
        return new RowEncoder(fileColumns, columns, missingTokens, fill, unseenAsZeros);
    }

    /** The number of values a row becomes: the model's input width. */
    public int width() {
        return width;
    }

    /** The columns feeding the model, in feature order. */
    public List<Column> columns() {
        return columns;
    }

    /** The table's columns in file order. */
    public List<String> fileColumns() {
        return fileColumns;
    }

    /**
     * Encodes a row given by column name; names that feed no feature (the label, unused columns)
     * are ignored, and a feature column that is absent counts as a missing cell.
     *
     * @throws IllegalArgumentException naming the column and the cell if a number does not parse, a
     *                                  category was not seen in training, or a cell is missing with no fill
     */
    public float[] encode(Map<String, String> row) {
        if (row == null) {
            throw new IllegalArgumentException("encode: the row is null; give the cells by column name, e.g. Map.of(\""
                    + columns.get(0).name() + "\", \"...\").");
        }
        String[] cells = new String[columns.size()];
        for (int c = 0; c < cells.length; c++) {
            cells[c] = row.get(columns.get(c).name());
        }
        return encodeFeatures(cells);
    }

    /**
     * Encodes a row given as the file's cells in file order (every column, the label's included,
     * or every column but the label's).
     *
     * @throws IllegalArgumentException if the number of cells fits neither, or as {@link #encode(Map)}
     */
    public float[] encode(String... row) {
        if (row == null) {
            throw new IllegalArgumentException("encode: the row is null; give the cells in file order: " + fileColumns + ".");
        }
        String[] cells = new String[columns.size()];
        boolean all = row.length == fileColumns.size();
        if (!all && row.length != fileColumns.size() - 1) {
            throw new IllegalArgumentException("encode: the row has " + row.length + " cells, but the file's rows have "
                    + fileColumns.size() + " " + fileColumns + " (or " + (fileColumns.size() - 1) + " without the label).");
        }
        int skipped = all ? -1 : labelPosition();
        for (int c = 0; c < cells.length; c++) {
            int at = filePosition.get(columns.get(c).name());
            cells[c] = row[skipped >= 0 && at > skipped ? at - 1 : at];
        }
        return encodeFeatures(cells);
    }

    /** The file position of the one column that feeds no feature (the label), for rows given without it. */
    private int labelPosition() {
        List<Integer> unused = new ArrayList<>();
        for (int i = 0; i < fileColumns.size(); i++) {
            int position = i;
            if (columns.stream().noneMatch(c -> filePosition.get(c.name()) == position)) {
                unused.add(i);
            }
        }
        if (unused.size() != 1) {
            throw new IllegalArgumentException("encode: the row leaves out one cell, but " + unused.size() + " of the file's"
                    + " columns feed no feature; give every cell of the row in file order: " + fileColumns + ".");
        }
        return unused.get(0);
    }

    private float[] encodeFeatures(String[] cells) {
        float[] out = new float[width];
        int at = 0;
        for (int c = 0; c < cells.length; c++) {
            Column column = columns.get(c);
            String cell = cells[c] == null ? "" : cells[c].strip();
            if (cell.isEmpty() || missingTokens.contains(cell)) {
                if (fill == null) {
                    throw new IllegalArgumentException("encode: column '" + column.name() + "' is missing (" + (cells[c] == null
                            ? "not given" : "\"" + cells[c] + "\"") + "), and the model was trained without filling missing"
                            + " cells. Give a value, or train on a dataset built with fillMissingWithMean().");
                }
                System.arraycopy(fill, at, out, at, column.width());
            } else if (column.categories().isEmpty()) {
                out[at] = number(column, cell);
            } else {
                Integer k = categoryIndex.get(c).get(cell);
                if (k != null) {
                    out[at + k] = 1f;
                } else if (!unseenAsZeros) {
                    throw new IllegalArgumentException("encode: column '" + column.name() + "' has \"" + cell + "\", a category"
                            + " the training rows did not have; known: " + shown(column.categories()) + ". Map it to a known one,"
                            + " or build the dataset with unseenCategoriesAsZeros().");
                }
            }
            at += column.width();
        }
        return out;
    }

    private static float number(Column column, String cell) {
        if (!PlainNumber.is(cell)) {
            throw new IllegalArgumentException("encode: column '" + column.name() + "' holds \"" + cell + "\", which is not a"
                    + " plain number (like 12, -0.5 or 1e-3).");
        }
        float value = (float) Double.parseDouble(cell);
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("encode: column '" + column.name() + "' holds " + cell + ", outside the float range.");
        }
        return value;
    }

    private static String shown(List<String> categories) {
        return categories.size() <= 8 ? categories.toString() : categories.subList(0, 8) + " and " + (categories.size() - 8) + " more";
    }

    /** The encoder as the model file stores it. */
    String toJson() {
        List<String> cols = new ArrayList<>();
        for (Column c : columns) {
            List<String> cats = new ArrayList<>();
            for (String k : c.categories()) {
                StringBuilder q = new StringBuilder();
                Json.string(q, k);
                cats.add(q.toString());
            }
            StringBuilder name = new StringBuilder();
            Json.string(name, c.name());
            cols.add("{\"name\":" + name + ",\"categories\":" + Json.array(cats) + "}");
        }
        List<String> file = new ArrayList<>();
        for (String f : fileColumns) {
            StringBuilder q = new StringBuilder();
            Json.string(q, f);
            file.add(q.toString());
        }
        List<String> tokens = new ArrayList<>();
        for (String t : missingTokens.stream().sorted().toList()) {
            StringBuilder q = new StringBuilder();
            Json.string(q, t);
            tokens.add(q.toString());
        }
        List<String> fills = new ArrayList<>();
        if (fill != null) {
            for (float f : fill) {
                fills.add(Float.toString(f));
            }
        }
        return "{\"fileColumns\":" + Json.array(file) + ",\"columns\":" + Json.array(cols) + ",\"missing\":" + Json.array(tokens)
                + ",\"fill\":" + (fill == null ? "null" : Json.array(fills)) + ",\"unseenAsZeros\":" + unseenAsZeros + "}";
    }

    /** Reads {@link #toJson()}'s text; the caller names the file in its message. */
    @SuppressWarnings("unchecked")
    static RowEncoder fromJson(String text) {
        Object parsed = Json.parse(text);
        if (!(parsed instanceof Map)) {
            throw new Json.Malformed("the encoder is not a JSON object");
        }
        Map<String, Object> map = (Map<String, Object>) parsed;
        List<String> file = strings(map.get("fileColumns"), "fileColumns");
        List<Column> cols = new ArrayList<>();
        if (!(map.get("columns") instanceof List)) {
            throw new Json.Malformed("the encoder has no columns");
        }
        for (Object o : (List<Object>) map.get("columns")) {
            if (!(o instanceof Map)) {
                throw new Json.Malformed("an encoder column is not a JSON object");
            }
            Map<String, Object> c = (Map<String, Object>) o;
            if (!(c.get("name") instanceof String)) {
                throw new Json.Malformed("an encoder column has no name");
            }
            cols.add(new Column((String) c.get("name"), strings(c.get("categories"), "categories")));
        }
        Object fills = map.get("fill");
        float[] fill = null;
        if (fills instanceof List) {
            List<Object> values = (List<Object>) fills;
            fill = new float[values.size()];
            for (int i = 0; i < fill.length; i++) {
                if (!(values.get(i) instanceof Json.Num)) {
                    throw new Json.Malformed("a fill value is not a number");
                }
                fill[i] = ((Json.Num) values.get(i)).floatValue();
            }
        }
        return new RowEncoder(file, cols, Set.copyOf(strings(map.get("missing"), "missing")), fill,
                Boolean.TRUE.equals(map.get("unseenAsZeros")));
    }

    private static List<String> strings(Object value, String what) {
        if (!(value instanceof List)) {
            throw new Json.Malformed("the encoder's " + what + " is not a list");
        }
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) value) {
            if (!(o instanceof String)) {
                throw new Json.Malformed("the encoder's " + what + " holds a value that is not text");
            }
            out.add((String) o);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowEncoder && toJson().equals(((RowEncoder) o).toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "RowEncoder" + columns.stream().map(c -> c.name() + (c.categories().isEmpty() ? "" : c.categories().toString())).toList()
                + (fill != null ? ", missing cells filled" : "") + (unseenAsZeros ? ", unseen categories as zeros" : "");
    }
}
