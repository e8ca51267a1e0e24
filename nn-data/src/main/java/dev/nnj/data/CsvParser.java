package dev.nnj.data;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads comma-separated text into {@link Cells.OfCsv}: strict, exact about lines, and linear in the
 * size of the file.
 *
 * <p>The format is RFC 4180's with the usual allowances: the first non-blank line is the header;
 * lines end in {@code \n}, {@code \r\n} or {@code \r}; a cell in double quotes may hold commas, line
 * breaks and doubled quotes ({@code ""}); spaces and tabs around a cell are dropped (inside quotes they
 * stay); a blank line is skipped; a quote inside an unquoted cell is an ordinary character. Everything
 * else — a quote never closed, text after a closing quote, a row longer or shorter than the header, a
 * header cell without a name or a name used twice — is an {@link IllegalArgumentException} naming the
 * file, the line (1-based) and the row (0-based), and saying what to do.
 *
 * <p>Text is decoded strictly: as UTF-8 unless a charset is named (a UTF-8 byte-order mark is
 * skipped); a byte sequence that is not valid in the charset, or a NUL character (the mark of UTF-16
 * or binary data read as UTF-8), is refused with its byte offset and line.
 *
 * <p>Every cell is appended to one character buffer (Latin-1 text takes a byte per character) and
 * located by an {@code int} offset, so memory is about the size of the text plus 4 bytes a cell,
 * however many columns the file has.
 */
final class CsvParser {

    private static final int START = 0;          // before a cell: skipping spaces
    private static final int UNQUOTED = 1;       // inside an unquoted cell
    private static final int QUOTED = 2;         // inside quotes
    private static final int QUOTE_IN_QUOTED = 3; // a quote inside quotes: closing, or the first of ""
    private static final int AFTER_QUOTED = 4;   // after the closing quote: only spaces until , or end of line

    /** Passed to {@link #endRecord} for the last row when the file does not end with a line break. */
    private static final char END_OF_FILE = 0;

    private final String who;
    private final String name;

    private final StringBuilder content;
    private int[] starts = new int[1024];
    private int cells;                 // cells stored (data rows · columns), plus the header's while it is read
    private int[] lines = new int[256];
    private int rows;
    private List<String> header;

    private int state = START;
    private boolean afterCr;
    private int line = 1;              // the line being read
    private int recordLine = 1;        // the line the current row started on
    private int quoteLine;             // the line the current quoted cell opened on
    private int recordCells;           // cells finished in the current row
    private boolean cellQuoted;        // the current (or last finished) cell was quoted
    private int cellEnd;               // unquoted: content length after the last non-space character

    private final long inputLength;    // bytes to decode: about the characters to come, for sizing arrays once
    private long consumed;             // characters parsed so far
    private long headerEnd;            // characters up to the end of the header

    private CsvParser(String who, String name, int inputLength) {
        this.who = who;
        this.name = name;
        this.inputLength = inputLength;
        this.content = new StringBuilder(inputLength);
    }

    /**
     * Parses the bytes of a CSV file.
     *
     * @param charset the file's charset, or null for strict UTF-8 (a byte-order mark is skipped)
     * @param name    the file's name for messages ("iris.csv")
     * @param who     the method for messages ("TabularData.csv")
     * @throws IllegalArgumentException for text that is not in the charset, an empty file, a header without
     *                                  data rows, or any of the faults described in the class comment
     */
    static Cells.OfCsv parse(byte[] bytes, Charset charset, String name, String who) {
        int start = 0;
        Charset cs = charset == null ? StandardCharsets.UTF_8 : charset;
        if (cs.equals(StandardCharsets.UTF_8)) {
            if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
                start = 3;
            } else if (charset == null && bytes.length >= 2 && ((bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff
                    || (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe)) {
                throw new IllegalArgumentException(who + ": file " + name + " is UTF-16 text (it starts with the UTF-16"
                        + " byte-order mark " + hex(bytes, 0, 2) + "), not UTF-8. Save it as UTF-8, or name its charset:"
                        + " TabularData.csv(path, StandardCharsets.UTF_16).");
            }
        }
        CsvParser parser = new CsvParser(who, name, bytes.length - start);
        parser.decode(bytes, start, cs, charset == null);
        return parser.finish();
    }

    private void decode(byte[] bytes, int start, Charset cs, boolean defaultCharset) {
        CharsetDecoder decoder = cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(1 << 13);
        boolean flushing = false;
        while (true) {
            CoderResult result = flushing ? decoder.flush(out) : decoder.decode(in, out, true);
            out.flip();
            feed(out.array(), out.limit(), bytes, in.position(), defaultCharset);
            out.clear();
            if (result.isError()) {
                throw notInCharset(bytes, in.position(), result.length(), cs, defaultCharset);
            }
            if (result.isUnderflow()) {
                if (flushing) {
                    return;
                }
                flushing = true;
            }
        }
    }

    private IllegalArgumentException notInCharset(byte[] bytes, int offset, int length, Charset cs, boolean defaultCharset) {
        String cell = content.length() > starts[cells] ? ", in the cell that starts "
                + Cells.shown(content.substring(starts[cells])) + "," : "";
        String fix = defaultCharset
                ? " Save the file as UTF-8, or name its charset, e.g. TabularData.csv(path, StandardCharsets.ISO_8859_1)"
                + " for Latin-1 or TabularData.csv(path, Charset.forName(\"windows-1252\")) for Windows' Western European."
                : " Check which charset the file is written in.";
        return new IllegalArgumentException(who + ": file " + name + " is not " + cs.name() + " text: at byte offset "
                + offset + " (line " + line + ")" + cell + (length == 1 ? " the byte " : " the bytes ") + hex(bytes, offset,
                length) + (length == 1 ? " is" : " are") + " not valid " + cs.name() + "." + fix);
    }

    private static String hex(byte[] bytes, int offset, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = offset; i < Math.min(bytes.length, offset + Math.max(1, length)); i++) {
            s.append(s.length() == 0 ? "" : " ").append(String.format("0x%02X", bytes[i] & 0xff));
        }
        return s.toString();
    }

    /** Parses decoded characters; {@code bytePosition} is where the decoder stands, for the NUL message. */
    private void feed(char[] chars, int n, byte[] bytes, int bytePosition, boolean defaultCharset) {
        for (int i = 0; i < n; i++) {
            char c = chars[i];
            consumed++;
            if (afterCr) {
                afterCr = false;
                if (c == '\n') {
                    if (state == QUOTED) {
                        content.append(c);
                    }
                    continue;
                }
            }
            if (c == 0) {
                throw nul(bytes, bytePosition, defaultCharset);
            }
            switch (state) {
                case START:
                    if (c == ' ' || c == '\t') {
                        break;
                    }
                    if (c == '"') {
                        state = QUOTED;
                        cellQuoted = true;
                        quoteLine = line;
                        break;
                    }
                    cellQuoted = false;
                    state = UNQUOTED;
                    cellEnd = content.length();
                    unquoted(c);
                    break;
                case UNQUOTED:
                    unquoted(c);
                    break;
                case QUOTED:
                    if (c == '"') {
                        state = QUOTE_IN_QUOTED;
                    } else {
                        content.append(c);
                        lineBreakInside(c);
                    }
                    break;
                case QUOTE_IN_QUOTED:
                    if (c == '"') {
                        content.append('"');
                        state = QUOTED;
                        break;
                    }
                    state = AFTER_QUOTED;
                    afterQuoted(c);
                    break;
                case AFTER_QUOTED:
                    afterQuoted(c);
                    break;
                default:
                    throw new IllegalStateException("state " + state);
            }
        }
    }

    private void unquoted(char c) {
        if (c == ',') {
            content.setLength(cellEnd);
            endCell(false);
        } else if (c == '\n' || c == '\r') {
            content.setLength(cellEnd);
            endCell(true);
            endRecord(c);
        } else {
            content.append(c);
            if (c != ' ' && c != '\t') {
                cellEnd = content.length();
            }
        }
    }

    private void afterQuoted(char c) {
        if (c == ',') {
            endCell(false);
        } else if (c == '\n' || c == '\r') {
            endCell(true);
            endRecord(c);
        } else if (c != ' ' && c != '\t') {
            String cell = content.substring(starts[cells]);
            throw new IllegalArgumentException(who + ": " + rowWords() + ": the quoted cell " + Cells.shown(cell)
                    + " in column " + columnWords(recordCells) + (quoteLine != line ? ", closed on line " + line + "," : "")
                    + " is followed by"
                    + " '" + c + "' before the next comma. Inside a quoted cell write a quote as two quotes (\"\"), or"
                    + " quote the whole cell.");
        }
    }

    /** A line break inside quotes is part of the cell, and still starts a new line of the file. */
    private void lineBreakInside(char c) {
        if (c == '\n') {
            line++;
        } else if (c == '\r') {
            line++;
            afterCr = true;
        }
    }

    /** Ends a cell at a comma, or at the end of a line ({@code endOfLine}) or of the file. */
    private void endCell(boolean endOfLine) {
        if (header != null && recordCells >= header.size()) {
            boolean trailingComma = endOfLine && recordCells == header.size() && content.length() == starts[cells];
            String fix = trailingComma ? " The line ends with a comma: remove it."
                    : recordLine != line ? " The row runs from line " + recordLine + " to line " + line + ": a quoted cell"
                    + " holds a line break — is a closing quote missing?"
                    : " Fix that line; a cell that contains a comma must be quoted (\"1,5\").";
            throw new IllegalArgumentException(who + ": " + rowWords() + " has more cells than the header's "
                    + header.size() + " columns (" + abbreviate(header) + ")." + fix);
        }
        recordCells++;
        cells++;
        if (cells == starts.length) {
            if (cells == Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(who + ": file " + name + " has more than " + (Integer.MAX_VALUE - 8)
                        + " cells, more than nnj holds in memory at once. Split it into smaller files.");
            }
            starts = Arrays.copyOf(starts, (int) Math.min(Integer.MAX_VALUE - 8, 2L * starts.length));
        }
        starts[cells] = content.length();
        state = START;
    }

    /** Ends a row at a line break ({@code \n} or {@code \r}) or at {@link #END_OF_FILE}. */
    private void endRecord(char lineBreak) {
        int first = cells - recordCells;
        boolean blank = recordCells == 1 && !cellQuoted && starts[first] == starts[first + 1];
        if (blank) {
            cells = first;
        } else if (header == null) {
            readHeader(first);
            headerEnd = consumed;
        } else {
            if (recordCells < header.size()) {
                throw shortRow();
            }
            if (rows == lines.length) {
                lines = Arrays.copyOf(lines, (int) Math.min(Integer.MAX_VALUE - 8, 2L * rows));
            }
            lines[rows++] = recordLine;
            if (rows == 1) {
                sizeForRowsLikeTheFirst();
            }
        }
        recordCells = 0;
        cellQuoted = false;
        if (lineBreak == '\n') {
            line++;
        } else if (lineBreak == '\r') {
            line++;
            afterCr = true;
        }
        recordLine = line;
        state = START;
    }

    /**
     * Sizes the cell and line arrays once for a file whose rows are as long as its first one (and 10%
     * more), instead of doubling them over and over; they still grow if the guess is short.
     */
    private void sizeForRowsLikeTheFirst() {
        long rowLength = Math.max(1, consumed - headerEnd);
        long expectedRows = 1 + (long) (1.1 * Math.max(0, inputLength - consumed) / rowLength);
        long expectedCells = Math.min(Integer.MAX_VALUE - 8, expectedRows * header.size() + 1);
        if (expectedCells > starts.length) {
            starts = Arrays.copyOf(starts, (int) expectedCells);
        }
        if (expectedRows > lines.length) {
            lines = Arrays.copyOf(lines, (int) Math.min(Integer.MAX_VALUE - 8, expectedRows));
        }
    }

    private IllegalArgumentException shortRow() {
        String lastCell = content.substring(starts[cells - 1], starts[cells]);
        String hint = recordLine != line
                ? " The row runs from line " + recordLine + " to line " + line + ": a quoted cell holds a line break —"
                + " is a closing quote missing?"
                : recordCells == 1 && lastCell.contains(";") ? " Is the file separated by ';'? nnj reads comma-separated"
                + " files." : recordCells == 1 && lastCell.contains("\t") ? " Is the file separated by tabs? nnj reads"
                + " comma-separated files." : " Fix that line (or give the missing cells as empty cells: 1,,3).";
        return new IllegalArgumentException(who + ": " + rowWords() + " has " + recordCells
                + (recordCells == 1 ? " cell" : " cells") + " but the header has " + header.size() + " columns ("
                + abbreviate(header) + ")." + hint);
    }

    private void readHeader(int first) {
        List<String> names = new ArrayList<>(recordCells);
        Map<String, Integer> seen = new HashMap<>();
        for (int k = 0; k < recordCells; k++) {
            String columnName = content.substring(starts[first + k], starts[first + k + 1]);
            if (columnName.isEmpty()) {
                String where = recordCells == 1 ? "" : k == recordCells - 1 ? ", the last one: the header line ends with a"
                        + " comma. Remove the comma at the end of the header (and of each row) or name the column"
                        : k == 0 ? ", the first one (pandas writes its index so: save with to_csv(..., index=False))"
                        + ". Name the column, or remove it" : " (between " + Cells.shown(names.get(k - 1)) + " and "
                        + Cells.shown(content.substring(starts[first + k + 1], starts[first + k + 2])) + "). Name the column";
                throw new IllegalArgumentException(who + ": file " + name + ": column " + k + " of the header (line "
                        + recordLine + ") has no name" + where + ". Every column needs a name.");
            }
            Integer before = seen.putIfAbsent(columnName, k);
            if (before != null) {
                throw new IllegalArgumentException(who + ": file " + name + " names the column " + Cells.shown(columnName)
                        + " twice in its header (line " + recordLine + "): columns " + before + " and " + k + ". Give"
                        + " every column its own name.");
            }
            names.add(columnName);
        }
        header = names;
        cells = first;
        content.setLength(starts[first]);
    }

    private Cells.OfCsv finish() {
        if (state == QUOTED) {
            throw new IllegalArgumentException(who + ": " + rowWords() + ": the quote that opens column "
                    + columnWords(recordCells) + " on line " + quoteLine + " is never closed: the file ends inside it"
                    + (line > quoteLine ? ", " + (line - quoteLine) + (line - quoteLine == 1 ? " line" : " lines") + " later"
                    : "") + ". Add the closing quote; inside a quoted cell write a quote as two quotes (\"\").");
        }
        // The last line need not end with a line break; a comma at its very end leaves one more, empty cell.
        if (state != START || recordCells > 0) {
            if (state == UNQUOTED) {
                content.setLength(cellEnd);
            }
            endCell(true);
            endRecord(END_OF_FILE);
        }
        if (header == null) {
            throw new IllegalArgumentException(who + ": file " + name + " is empty; expected a header line with the column"
                    + " names, then one line per example.");
        }
        if (rows == 0) {
            throw new IllegalArgumentException(who + ": file " + name + " has a header (columns " + abbreviate(header)
                    + ") but no data rows; add one line per example.");
        }
        content.trimToSize();
        // Trim only a large surplus: a copy costs as much as it saves when the guess was close.
        int[] cellStarts = starts.length > 1.25 * (cells + 1) ? Arrays.copyOf(starts, cells + 1) : starts;
        int[] rowLines = lines.length > 1.25 * rows ? Arrays.copyOf(lines, rows) : lines;
        return new Cells.OfCsv(name, header, content, cellStarts, rowLines, rows);
    }

    private IllegalArgumentException nul(byte[] bytes, int bytePosition, boolean defaultCharset) {
        String at = "";
        if (defaultCharset) {
            for (int i = 0; i < bytePosition && i < bytes.length; i++) {
                if (bytes[i] == 0) {
                    at = " at byte offset " + i;
                    break;
                }
            }
        }
        return new IllegalArgumentException(who + ": file " + name + " holds a NUL character" + at + " (line " + line
                + "), which text never holds: it is UTF-16 text or binary data, not CSV " + (defaultCharset ? "in UTF-8"
                : "in the charset given") + ". Save it as UTF-8 CSV, or name its charset, e.g."
                + " TabularData.csv(path, StandardCharsets.UTF_16).");
    }

    /** "row 3 (line 5 of iris.csv)" for the row being read, or "the header (line 1 of iris.csv)". */
    private String rowWords() {
        return (header == null ? "the header" : "row " + rows) + " (line " + recordLine + " of " + name + ")";
    }

    /** "2 (\"petal_width\")" when the header names it, else "2". */
    private String columnWords(int column) {
        return header != null && column < header.size() ? column + " (" + Cells.shown(header.get(column)) + ")"
                : String.valueOf(column);
    }

    /** The column names for a message, shortened to the first three and the last when there are many. */
    static String abbreviate(List<String> names) {
        if (names.size() <= 8) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, 3)) + ", ... (" + names.size() + " columns), " + names.get(names.size() - 1);
    }
}
