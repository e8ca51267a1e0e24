package dev.nnj.data;

import dev.nnj.data.TabularData.MissingPolicy;
import dev.nnj.data.TabularData.Settings;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the cells of a table into feature rows and targets: {@link TabularData#build()}'s work.
 * Rows in messages are indices into the dataset being built ({@code features()[i]}), with the
 * file's line where there is a file.
 */
final class TableConversion {

    private final Cells cells;
    private final Settings settings;

    TableConversion(Cells cells, Settings settings) {
        this.cells = cells;
        this.settings = settings;
    }

    /** True if the cell is empty, or text the user declared missing. */
    private boolean missing(int column, int row) {
        if (cells.empty(column, row)) {
            return true;
        }
        return !settings.missingTokens.isEmpty() && !cells.numericType(column)
                && settings.missingTokens.contains(cells.text(column, row));
    }

    TabularDataset convert(String label, List<String> featureColumns) {
        int n = cells.rows();
        int labelColumn = cells.columnIndex(label);
        int[] columns = new int[featureColumns.size()];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = cells.columnIndex(featureColumns.get(c));
        }
        MissingPolicy policy = settings.missingPolicy;

        // 1. Missing cells: which rows to keep, or an error naming each column and its count.
        boolean[] dropRow = new boolean[n];
        List<String> problems = new ArrayList<>();
        int labelMissing = 0;
        int labelFirst = -1;
        for (int r = 0; r < n; r++) {
            if (missing(labelColumn, r)) {
                dropRow[r] = true;
                if (labelMissing++ == 0) {
                    labelFirst = r;
                }
            }
        }
        for (int column : columns) {
            int count = 0;
            int first = -1;
            for (int r = 0; r < n; r++) {
                if (missing(column, r)) {
                    if (count++ == 0) {
                        first = r;
                    }
                    if (policy == MissingPolicy.DROP) {
                        dropRow[r] = true;
                    }
                }
            }
            if (count > 0) {
                problems.add("column \"" + name(column) + "\" has " + count + " missing " + (count == 1 ? "cell" : "cells")
                        + " (the first at " + cells.where(first, first) + ")");
            }
        }
        if (labelMissing > 0 && policy != MissingPolicy.DROP) {
            throw new IllegalArgumentException("TabularData: the label column \"" + label + "\" has " + labelMissing
                    + " missing " + (labelMissing == 1 ? "cell" : "cells") + " (the first at "
                    + cells.where(labelFirst, labelFirst) + "); a row without a target cannot be used for training. Drop"
                    + " those rows with .dropMissing(), or fix the file.");
        }
        if (!problems.isEmpty() && policy == MissingPolicy.FAIL) {
            throw new IllegalArgumentException("TabularData: " + String.join("; ", problems) + ". Drop those rows with"
                    + " .dropMissing(), or fill each missing cell with its column's mean over the training rows with"
                    + " .fillMissingWithMean(). (An empty cell is missing" + (settings.missingTokens.isEmpty() ? ""
                    : ", and so is " + String.join(", ", settings.missingTokens.stream().sorted().map(Cells::shown).toList()))
                    + ".)");
        }
        int[] kept = new int[n];
        int m = 0;
        for (int r = 0; r < n; r++) {
            if (!dropRow[r]) {
                kept[m++] = r;
            }
        }
        if (m == 0) {
            throw new IllegalArgumentException("TabularData: every row of " + cells.source() + " has a missing cell, so"
                    + " dropMissing() leaves no rows. Fill the features with .fillMissingWithMean() instead, or choose"
                    + " features(...) without the emptiest columns.");
        }
        kept = Arrays.copyOf(kept, m);

        // 2. Feature layout: one column per numeric feature, one per category for a one-hot feature.
        List<String> featureNames = new ArrayList<>();
        List<TabularDataset.Encoding> encodings = new ArrayList<>();
        for (int column : columns) {
            if (settings.oneHot.contains(name(column))) {
                Set<String> distinct = new HashSet<>();
                for (int r : kept) {
                    if (!missing(column, r)) {
                        distinct.add(cells.text(column, r));
                    }
                }
                if (distinct.size() > settings.maxCategories) {
                    throw new IllegalArgumentException("TabularData: the one-hot column \"" + name(column) + "\" of "
                            + cells.source() + " has "
                            + distinct.size() + " distinct values in " + m + " rows, more than the limit of "
                            + settings.maxCategories + " categories; one-hot encoded, they would take " + m + " × "
                            + distinct.size() + " floats (" + megabytes(m, distinct.size()) + "). Is it an identifier or"
                            + " a number? Leave it out with .features(...), or raise the limit with .maxCategories("
                            + distinct.size() + ").");
                }
                List<String> categories = new ArrayList<>(distinct);
                categories.sort(NATURAL);
                encodings.add(new TabularDataset.Encoding(name(column), List.copyOf(categories)));
                for (String value : categories) {
                    featureNames.add(name(column) + "=" + value);
                }
            } else {
                encodings.add(new TabularDataset.Encoding(name(column), null));
                featureNames.add(name(column));
            }
        }
        int width = featureNames.size();
        if (width == 0) {
            throw new IllegalArgumentException("TabularData: the one-hot feature columns of " + cells.source()
                    + " have no values, so there are no features; check the columns given to features(...) and oneHot(...).");
        }
        requireMemory(m, width, "features");

        // 3. The rows, written once, straight into the layout the core takes.
        float[][] rows = new float[m][width];
        boolean[] passThrough = new boolean[width];
        int offset = 0;
        for (int c = 0; c < columns.length; c++) {
            int column = columns[c];
            List<String> categories = encodings.get(c).categories();
            if (categories == null) {
                requireSomeNumbers(column, kept);
                for (int i = 0; i < m; i++) {
                    int r = kept[i];
                    rows[i][offset] = missing(column, r) ? Float.NaN : number(column, i, r, true);
                }
                offset++;
            } else {
                Map<String, Integer> index = new HashMap<>();
                for (int k = 0; k < categories.size(); k++) {
                    index.put(categories.get(k), k);
                    passThrough[offset + k] = true;
                }
                for (int i = 0; i < m; i++) {
                    int r = kept[i];
                    if (missing(column, r)) {
                        Arrays.fill(rows[i], offset, offset + categories.size(), Float.NaN);
                    } else {
                        rows[i][offset + index.get(cells.text(column, r))] = 1f;
                    }
                }
                offset += categories.size();
            }
        }

        // 4. Targets.
        boolean fill = policy == MissingPolicy.FILL_MEAN;
        boolean classes = switch (settings.target) {
            case CLASSES -> true;
            case REGRESSION -> false;
            case INFER -> !cells.numericType(labelColumn) && textLabel(labelColumn, kept);
        };
        if (!classes) {
            float[][] targets = new float[m][1];
            for (int i = 0; i < m; i++) {
                targets[i][0] = regressionTarget(labelColumn, i, kept[i]);
            }
            return TabularDataset.full(rows, targets, null, new TabularDataset.Schema(featureNames, List.of(),
                    settings.scaling, passThrough, fill, cells.source(), label, encodings, settings.missingTokens,
                    cells.columnNames(), settings.unseenAsZeros));
        }
        String[] classOf = new String[m];
        Map<String, String> canonical = new HashMap<>();
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < m; i++) {
            String text = cells.text(labelColumn, kept[i]);
            classOf[i] = canonical.computeIfAbsent(text, TableConversion::className);
            distinct.add(classOf[i]);
        }
        if (distinct.size() < 2) {
            throw new IllegalArgumentException("TabularData: the label column \"" + label + "\" of " + cells.source()
                    + " has only one class ("
                    + Cells.shown(classOf[0]) + ") in its " + m + " rows" + (m < n ? " (after dropping rows with missing"
                    + " cells)" : "") + "; a classifier needs at least two. Check the label column and the file, or, for a"
                    + " numeric target, use .regression().");
        }
        if (distinct.size() > settings.maxClasses) {
            throw new IllegalArgumentException("TabularData: the label column \"" + label + "\" of " + cells.source()
                    + " has " + distinct.size()
                    + " classes in " + m + " rows, more than the limit of " + settings.maxClasses + "; one-hot targets"
                    + " would take " + m + " × " + distinct.size() + " floats (" + megabytes(m, distinct.size()) + ")."
                    + (distinct.size() * 2 > m ? " Most rows have a value of their own: is it an identifier, or a"
                    + " continuous number (then .regression())?" : " Is it a continuous number (then .regression())?")
                    + " If you do have that many classes, raise the limit with .maxClasses(" + distinct.size() + ").");
        }
        List<String> classNames = new ArrayList<>(distinct);
        classNames.sort(NATURAL);
        Map<String, Integer> classIndex = new HashMap<>();
        for (int k = 0; k < classNames.size(); k++) {
            classIndex.put(classNames.get(k), k);
        }
        int k = classNames.size();
        requireMemory(m, k == 2 ? 1 : k, "targets");
        int[] y = new int[m];
        float[][] targets = new float[m][k == 2 ? 1 : k];
        for (int i = 0; i < m; i++) {
            y[i] = classIndex.get(classOf[i]);
            if (k == 2) {
                targets[i][0] = y[i];
            } else {
                targets[i][y[i]] = 1f;
            }
        }
        return TabularDataset.full(rows, targets, y, new TabularDataset.Schema(featureNames, classNames, settings.scaling,
                passThrough, fill, cells.source(), label, encodings, settings.missingTokens, cells.columnNames(),
                settings.unseenAsZeros));
    }

    private String name(int column) {
        return cells.columnNames().get(column);
    }

    /**
     * The cell as a float.
     *
     * @param index the row's index in the dataset, {@code row} its index in the table
     * @throws IllegalArgumentException if it is text, not finite, or outside float's range; the message names the
     *                                  column, row and line and says what to do
     */
    private float number(int column, int index, int row, boolean oneHotPossible) {
        double value;
        String shown;
        if (cells.numericType(column)) {
            value = cells.value(column, row);
            shown = cells.text(column, row);
        } else {
            shown = cells.text(column, row);
            String s = shown.strip();
            if (Cells.isNonFinite(s)) {
                throw notFinite(column, index, row, shown);
            }
            if (!Cells.isPlainNumber(s)) {
                throw new IllegalArgumentException("TabularData: column \"" + name(column) + "\", " + cells.where(index, row)
                        + ": " + Cells.shown(shown) + " is not a number. Fix or remove the row, or declare the text a"
                        + " missing cell with " + missingCall(shown) + " and then .dropMissing() or"
                        + " .fillMissingWithMean()" + (oneHotPossible ? ", or, if the column holds categories, one-hot"
                        + " encode it with .oneHot(\"" + name(column) + "\")." : "."));
            }
            value = Double.parseDouble(s);
        }
        float f = (float) value;
        if (!Float.isFinite(f)) {
            // Text that spells a number overflows (1e39, 1e400); only a numeric Tablesaw column holds NaN or infinity.
            throw Double.isFinite(value) || !cells.numericType(column)
                    ? new IllegalArgumentException("TabularData: column \"" + name(column) + "\", " + cells.where(index, row)
                    + ": " + Cells.cut(shown) + " is outside the float range (±3.4e38). Rescale the"
                    + " column before loading it.")
                    : notFinite(column, index, row, shown);
        }
        return f;
    }

    private IllegalArgumentException notFinite(int column, int index, int row, String shown) {
        return new IllegalArgumentException("TabularData: column \"" + name(column) + "\", " + cells.where(index, row) + ": "
                + Cells.shown(shown) + " is not a finite number; a network trains on finite values only. Fix the row, or"
                + " declare the text a missing cell with " + missingCall(shown) + " and then .dropMissing() or"
                + " .fillMissingWithMean().");
    }

    /** {@code .missing("n/a")} for a cell short enough to repeat, {@code .missing(...)} otherwise. */
    private static String missingCall(String text) {
        return text.equals(Cells.cut(text)) && !text.contains("\"") && !text.contains("\\") && !text.contains("\n")
                ? ".missing(\"" + text + "\")" : ".missing(...)";
    }

    /** A column with no number at all holds categories: say so, rather than blame its first cell. */
    private void requireSomeNumbers(int column, int[] kept) {
        if (cells.numericType(column)) {
            return;
        }
        int firstText = -1;
        for (int i = 0; i < kept.length; i++) {
            int r = kept[i];
            if (!missing(column, r)) {
                if (looksNumeric(column, r)) {
                    return;
                }
                firstText = firstText < 0 ? i : firstText;
            }
        }
        if (firstText >= 0) {
            throw new IllegalArgumentException("TabularData: feature column \"" + name(column) + "\" holds text, not"
                    + " numbers (" + cells.where(firstText, kept[firstText]) + ": "
                    + Cells.shown(cells.text(column, kept[firstText])) + "). One-hot encode it with .oneHot(\""
                    + name(column) + "\"), or leave it out with .features(...) naming the other columns.");
        }
    }

    /** Whether a (non-missing) cell holds a number: numeric columns always, text when it looks like one. */
    private boolean looksNumeric(int column, int row) {
        if (cells.numericType(column)) {
            return true;
        }
        String s = cells.text(column, row).strip();
        return Cells.isPlainNumber(s) || Cells.isNonFinite(s);
    }

    /** For an inferred label: true if every cell is text, false if every cell is a number, an error if they mix. */
    private boolean textLabel(int column, int[] kept) {
        int firstNumber = -1;
        int firstText = -1;
        for (int i = 0; i < kept.length; i++) {
            if (looksNumeric(column, kept[i])) {
                firstNumber = firstNumber < 0 ? i : firstNumber;
            } else {
                firstText = firstText < 0 ? i : firstText;
            }
            if (firstNumber >= 0 && firstText >= 0) {
                throw new IllegalArgumentException("TabularData: the label column \"" + name(column) + "\" mixes numbers ("
                        + cells.where(firstNumber, kept[firstNumber]) + ": " + Cells.shown(cells.text(column,
                        kept[firstNumber])) + ") and text (" + cells.where(firstText, kept[firstText]) + ": "
                        + Cells.shown(cells.text(column, kept[firstText])) + "). For a regression target fix the text"
                        + " cells (or declare them missing with .missing(...)); for classes call .classification().");
            }
        }
        return firstText >= 0;
    }

    private float regressionTarget(int column, int index, int row) {
        if (!looksNumeric(column, row)) {
            throw new IllegalArgumentException("TabularData: the label column \"" + name(column) + "\", "
                    + cells.where(index, row) + ": " + Cells.shown(cells.text(column, row)) + " is not a number, but"
                    + " .regression() needs a numeric label. Fix the cell (or declare it missing with .missing(...)), or"
                    + " drop .regression() to make classes of a text label.");
        }
        return number(column, index, row, false);
    }

    /**
     * The class a label cell names: a plain number in canonical form, so numerically equal labels
     * (compared as doubles) are one class ({@code 1}, {@code 1.0}, {@code 01}, {@code +1e0} → {@code 1};
     * {@code 0}, {@code -0} → {@code 0}; {@code 2.50} → {@code 2.5}); any other text as read.
     */
    static String className(String text) {
        String s = text.strip();
        if (!Cells.isPlainNumber(s)) {
            return text;
        }
        double value = Double.parseDouble(s);
        if (!Double.isFinite(value)) {
            return text;
        }
        if (value == 0) {
            return "0";   // and -0
        }
        BigDecimal d = BigDecimal.valueOf(value).stripTrailingZeros();
        int integerDigits = d.precision() - d.scale();
        boolean plainIsShort = d.scale() <= 20 && integerDigits <= 20;
        return plainIsShort ? d.toPlainString() : d.toString();
    }

    /** Refuses a table of rows × width floats that could not fit in this JVM's heap even if it were empty. */
    private void requireMemory(int rows, int width, String what) {
        double bytes = (double) rows * (16 + 8 * Math.ceil(width * 4.0 / 8) + 8);   // float[] rows and their references
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max) {
            throw new IllegalArgumentException("TabularData: the " + what + " of " + cells.source() + " would take " + rows
                    + " × " + width + " floats (" + (long) (bytes / (1 << 20)) + " MB), more than this JVM's whole heap ("
                    + max / (1 << 20) + " MB, set by -Xmx). Give the JVM more memory with -Xmx, or load fewer rows or"
                    + " columns.");
        }
    }

    private static String megabytes(long rows, long columns) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", rows * columns * 4 / 1e6);
    }

    /** Sorts numbers by value when both are plain numbers, everything else as text (numbers first). */
    static final Comparator<String> NATURAL = (a, b) -> {
        boolean na = Cells.isPlainNumber(a.strip());
        boolean nb = Cells.isPlainNumber(b.strip());
        if (na && nb) {
            int c = Double.compare(Double.parseDouble(a.strip()), Double.parseDouble(b.strip()));
            return c != 0 ? c : a.compareTo(b);
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return a.compareTo(b);
    };
}
