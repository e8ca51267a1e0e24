package dev.nnj.data;

import dev.nnj.core.internal.PlainNumber;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cells of a table, by column index and row index, as text or numbers, and the words that say
 * where a cell is. Two sources: a Tablesaw {@link Table} ({@link TabularData#from}) and a parsed CSV
 * file ({@link CsvParser}), which also knows each row's line in the file.
 *
 * <p>Row numbers follow nnj's one convention: "row i" is the 0-based index into the rows
 * ({@code features()[i]} of the dataset), "line n" the 1-based line of the file; a message about a
 * file's contents gives both: "row 17 (line 19 of iris.csv)".
 */
abstract sealed class Cells permits Cells.OfTable, Cells.OfCsv {

    /** Cells longer than this are cut in messages. */
    private static final int SHOWN = 40;

    private final List<String> names;
    private final Map<String, Integer> index;

    /** @param names the column names, distinct */
    Cells(List<String> names) {
        this.names = List.copyOf(names);
        this.index = new HashMap<>(names.size() * 2);
        for (int c = 0; c < names.size(); c++) {
            index.put(names.get(c), c);
        }
    }

    abstract int rows();

    final List<String> columnNames() {
        return names;
    }

    final int columns() {
        return names.size();
    }

    /** The index of the column with exactly this name (names are case-sensitive), or -1. */
    final int columnIndex(String name) {
        return index.getOrDefault(name, -1);
    }

    /** True if the cell is empty (a CSV cell with nothing in it, or missing in Tablesaw's sense). */
    abstract boolean empty(int column, int row);

    /** The cell's text as read: what messages show and what class names and categories are made of. */
    abstract String text(int column, int row);

    /** Whether the column's cells are numbers already (a numeric Tablesaw column), rather than text to parse. */
    abstract boolean numericType(int column);

    /** The value of a cell of a {@link #numericType numeric} column. */
    abstract double value(int column, int row);

    /**
     * "row 17 (line 19 of iris.csv)", or "row 17" for a table in memory.
     *
     * @param index the row's index in the dataset being built (0-based)
     * @param row   the row's index in this table, for its line in the file
     */
    abstract String where(int index, int row);

    /** "file iris.csv", "iris.csv" (a stream) or "the table \"t\"": the source, for messages. */
    abstract String source();

    /** A cell's text for a message: quoted, and cut after 40 characters saying how long it is. */
    static String shown(String text) {
        return text.length() <= SHOWN ? "\"" + text + "\""
                : "\"" + text.substring(0, SHOWN) + "…\" (" + text.length() + " characters)";
    }

    /** A cell's text for a message, unquoted: cut after 40 characters saying how long it is. */
    static String cut(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "… (" + text.length() + " characters)";
    }

    /** Whether the text is a plain decimal number ({@link PlainNumber}: {@code 12}, {@code -0.5}, {@code 1e-3}; not {@code 1,5}, {@code NaN}). */
    static boolean isPlainNumber(String s) {
        return PlainNumber.is(s);
    }

    /** Whether the text is a word Java (or a spreadsheet) reads as a non-finite number: NaN, inf, Infinity, signed. */
    static boolean isNonFinite(String s) {
        String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        return t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity");
    }

    /** A Tablesaw table: columns by index (Tablesaw's own look-up by name ignores case, and is linear per call). */
    static final class OfTable extends Cells {

        private final Table table;
        private final List<Column<?>> columns;

        OfTable(Table table) {
            super(table.columnNames());
            this.table = table;
            this.columns = List.copyOf(table.columns());
        }

        @Override
        int rows() {
            return table.rowCount();
        }

        @Override
        boolean empty(int column, int row) {
            return columns.get(column).isMissing(row);
        }

        @Override
        String text(int column, int row) {
            return columns.get(column).getString(row);
        }

        @Override
        boolean numericType(int column) {
            return columns.get(column) instanceof NumericColumn<?>;
        }

        @Override
        double value(int column, int row) {
            return ((NumericColumn<?>) columns.get(column)).getDouble(row);
        }

        @Override
        String where(int index, int row) {
            return "row " + index;
        }

        @Override
        String source() {
            return "the table" + (table.name() == null || table.name().isEmpty() ? "" : " \"" + table.name() + "\"");
        }
    }

    /**
     * A parsed CSV file: every cell's text in one buffer, cell {@code k} (row-major) spanning
     * {@code starts[k] .. starts[k + 1]}, and the line each row starts on.
     */
    static final class OfCsv extends Cells {

        private final String name;
        private final int width;
        private final CharSequence content;
        private final int[] starts;
        private final int[] lines;
        private final int rows;

        /**
         * @param name   the file's name as messages show it ("iris.csv")
         * @param starts {@code rows · names.size() + 1} offsets into {@code content}
         * @param lines  the 1-based line each row starts on
         */
        OfCsv(String name, List<String> names, CharSequence content, int[] starts, int[] lines, int rows) {
            super(names);
            this.name = name;
            this.width = names.size();
            this.content = content;
            this.starts = starts;
            this.lines = lines;
            this.rows = rows;
        }

        @Override
        int rows() {
            return rows;
        }

        @Override
        boolean empty(int column, int row) {
            int k = row * width + column;
            return starts[k] == starts[k + 1];
        }

        @Override
        String text(int column, int row) {
            int k = row * width + column;
            return content.subSequence(starts[k], starts[k + 1]).toString();
        }

        @Override
        boolean numericType(int column) {
            return false;
        }

        @Override
        double value(int column, int row) {
            throw new IllegalStateException("a CSV cell is text");
        }

        /** The 1-based line of the file that this row starts on. */
        int line(int row) {
            return lines[row];
        }

        @Override
        String where(int index, int row) {
            return "row " + index + " (line " + lines[row] + " of " + name + ")";
        }

        @Override
        String source() {
            return name;
        }
    }
}
