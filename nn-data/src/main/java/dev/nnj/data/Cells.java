package dev.nnj.data;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The cells of a Tablesaw table, read one at a time as a number or as text, and the words that
 * name where a cell is. Rows are 0-based here and 1-based in every message: "row 37" is the 37th
 * data row; when the table came from a file, "line 38" is its line in the file (one header line,
 * no blank lines or line breaks inside quoted cells before it).
 */
final class Cells {

    /** A plain decimal number: what a cell must look like to be read as one. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    /** Words Java (or a spreadsheet) would read as a non-finite number. */
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

    private final Table table;
    private final String file;
    private final Set<String> missingTokens;

    /**
     * @param file          the file (or stream) name for messages, null for a table built in memory
     * @param missingTokens texts that mean "missing" besides an empty cell
     */
    Cells(Table table, String file, Set<String> missingTokens) {
        this.table = table;
        this.file = file;
        this.missingTokens = missingTokens;
    }

    int rows() {
        return table.rowCount();
    }

    List<String> columnNames() {
        return table.columnNames();
    }

    Column<?> column(String name) {
        return table.column(name);
    }

    /** True if the cell is empty (or missing in Tablesaw's sense) or one of the declared missing texts. */
    boolean missing(Column<?> column, int row) {
        if (column.isMissing(row)) {
            return true;
        }
        return !(column instanceof NumericColumn<?>) && missingTokens.contains(column.getString(row));
    }

    /** Whether the column's cells are numbers (a numeric Tablesaw column), rather than text to parse. */
    static boolean numericType(Column<?> column) {
        return column instanceof NumericColumn<?>;
    }

    /** The cell's text as shown in messages and used for class names and categories. */
    static String text(Column<?> column, int row) {
        return column.getString(row);
    }

    /** Whether a (non-missing) cell holds a number: numeric columns always, text when it looks like one. */
    static boolean looksNumeric(Column<?> column, int row) {
        if (column instanceof NumericColumn<?>) {
            return true;
        }
        String s = column.getString(row).strip();
        return NUMBER.matcher(s).matches() || NON_FINITE.matcher(s).matches();
    }

    /**
     * The cell as a float.
     *
     * @throws IllegalArgumentException if it is text, not finite, or outside float's range; the message
     *                                  names the column and row and says what to do
     */
    float number(Column<?> column, int row, boolean oneHotPossible) {
        double value;
        String shown;
        if (column instanceof NumericColumn<?> numeric) {
            value = numeric.getDouble(row);
            shown = numeric.getString(row);
        } else {
            shown = column.getString(row);
            String s = shown.strip();
            if (NON_FINITE.matcher(s).matches()) {
                throw notFinite(column.name(), row, shown);
            }
            if (!NUMBER.matcher(s).matches()) {
                throw new IllegalArgumentException("TabularData: column \"" + column.name() + "\", " + where(row) + ": \""
                        + shown + "\" is not a number. Fix or remove the row, or declare the text a missing cell with"
                        + " .missing(\"" + shown + "\") and then .dropMissing() or .fillMissingWithMean()"
                        + (oneHotPossible ? ", or, if the column holds categories, one-hot encode it with .oneHot(\""
                        + column.name() + "\")." : "."));
            }
            value = Double.parseDouble(s);
        }
        float f = (float) value;
        if (!Float.isFinite(f)) {
            throw Double.isFinite(value)
                    ? new IllegalArgumentException("TabularData: column \"" + column.name() + "\", " + where(row) + ": "
                    + shown + " is outside the float range (±3.4e38). Rescale the column before loading it.")
                    : notFinite(column.name(), row, shown);
        }
        return f;
    }

    private IllegalArgumentException notFinite(String column, int row, String shown) {
        return new IllegalArgumentException("TabularData: column \"" + column + "\", " + where(row) + ": \"" + shown
                + "\" is not a finite number; a network trains on finite values only. Fix the row, or declare the text a"
                + " missing cell with .missing(\"" + shown + "\") and then .dropMissing() or .fillMissingWithMean().");
    }

    /** The declared missing texts, quoted and comma-separated, for messages; empty when none were declared. */
    String missingTokensText() {
        return String.join(", ", missingTokens.stream().map(t -> "\"" + t + "\"").sorted().toList());
    }

    /** "row 37 (file iris.csv, line 38)" for a file, "row 37" for a table in memory; {@code row} is 0-based. */
    String where(int row) {
        return file == null ? "row " + (row + 1) : "row " + (row + 1) + " (" + file + ", line " + (row + 2) + ")";
    }

    /** "file iris.csv" or "the table"; for messages. */
    String source() {
        return file == null ? "the table" + (table.name() == null || table.name().isEmpty() ? "" : " \"" + table.name() + "\"") : file;
    }
}
