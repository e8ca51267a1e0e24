package dev.nnj.data;

import dev.nnj.data.TabularData.MissingPolicy;
import dev.nnj.data.TabularData.Scaling;
import dev.nnj.data.TabularData.Target;
import tech.tablesaw.columns.Column;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Turns the cells of a table into feature rows and targets: {@link TabularData#build()}'s work. */
final class TableConversion {

    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private TableConversion() {
    }

    static TabularDataset convert(Cells cells, String label, List<String> featureColumns, Set<String> oneHot,
                                  Scaling scaling, MissingPolicy policy, Target target) {
        int n = cells.rows();
        Column<?> labelColumn = cells.column(label);
        List<Column<?>> columns = new ArrayList<>(featureColumns.size());
        for (String name : featureColumns) {
            columns.add(cells.column(name));
        }

        // 1. Missing cells: which rows to keep, or an error naming each column and its count.
        boolean[] dropRow = new boolean[n];
        List<String> problems = new ArrayList<>();
        int labelMissing = 0;
        int labelFirst = -1;
        for (int r = 0; r < n; r++) {
            if (cells.missing(labelColumn, r)) {
                dropRow[r] = true;
                if (labelMissing++ == 0) {
                    labelFirst = r;
                }
            }
        }
        for (Column<?> column : columns) {
            int count = 0;
            int first = -1;
            for (int r = 0; r < n; r++) {
                if (cells.missing(column, r)) {
                    if (count++ == 0) {
                        first = r;
                    }
                    if (policy == MissingPolicy.DROP) {
                        dropRow[r] = true;
                    }
                }
            }
            if (count > 0) {
                problems.add("column \"" + column.name() + "\" has " + count + " missing " + (count == 1 ? "cell" : "cells")
                        + " (the first at " + cells.where(first) + ")");
            }
        }
        if (labelMissing > 0 && policy != MissingPolicy.DROP) {
            throw new IllegalArgumentException("TabularData: the label column \"" + label + "\" has " + labelMissing
                    + " missing " + (labelMissing == 1 ? "cell" : "cells") + " (the first at " + cells.where(labelFirst)
                    + "); a row without a target cannot be used for training. Drop those rows with .dropMissing(), or fix"
                    + " the file.");
        }
        if (!problems.isEmpty() && policy == MissingPolicy.FAIL) {
            throw new IllegalArgumentException("TabularData: " + String.join("; ", problems) + ". Drop those rows with"
                    + " .dropMissing(), or fill each missing cell with its column's mean over the training rows with"
                    + " .fillMissingWithMean(). (An empty cell is missing" + (cells.missingTokensText().isEmpty() ? ""
                    : ", and so is " + cells.missingTokensText()) + ".)");
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
        kept = java.util.Arrays.copyOf(kept, m);

        // 2. Feature layout: one column per numeric feature, one per category for a one-hot feature.
        List<String> featureNames = new ArrayList<>();
        List<List<String>> categories = new ArrayList<>();
        List<Boolean> passThrough = new ArrayList<>();
        for (Column<?> column : columns) {
            if (oneHot.contains(column.name())) {
                TreeSet<String> values = new TreeSet<>(NATURAL);
                for (int r : kept) {
                    if (!cells.missing(column, r)) {
                        values.add(Cells.text(column, r));
                    }
                }
                List<String> list = List.copyOf(values);
                categories.add(list);
                for (String value : list) {
                    featureNames.add(column.name() + "=" + value);
                    passThrough.add(true);
                }
            } else {
                categories.add(null);
                featureNames.add(column.name());
                passThrough.add(false);
            }
        }
        int width = featureNames.size();
        if (width == 0) {
            throw new IllegalArgumentException("TabularData: the one-hot feature columns have no values, so there are no"
                    + " features; check the columns given to features(...) and oneHot(...).");
        }

        // 3. The rows, written once, straight into the layout the core takes.
        float[][] rows = new float[m][width];
        int offset = 0;
        for (int c = 0; c < columns.size(); c++) {
            Column<?> column = columns.get(c);
            List<String> cats = categories.get(c);
            if (cats == null) {
                requireSomeNumbers(cells, column, kept, featureColumns);
                for (int i = 0; i < m; i++) {
                    int r = kept[i];
                    rows[i][offset] = cells.missing(column, r) ? Float.NaN : cells.number(column, r, true);
                }
                offset++;
            } else {
                Map<String, Integer> index = new HashMap<>();
                for (int k = 0; k < cats.size(); k++) {
                    index.put(cats.get(k), k);
                }
                for (int i = 0; i < m; i++) {
                    int r = kept[i];
                    if (cells.missing(column, r)) {
                        for (int k = 0; k < cats.size(); k++) {
                            rows[i][offset + k] = Float.NaN;
                        }
                    } else {
                        rows[i][offset + index.get(Cells.text(column, r))] = 1f;
                    }
                }
                offset += cats.size();
            }
        }

        // 4. Targets.
        boolean classes = switch (target) {
            case CLASSES -> true;
            case REGRESSION -> false;
            case INFER -> !Cells.numericType(labelColumn) && textLabel(cells, labelColumn, kept);
        };
        boolean[] pass = new boolean[width];
        for (int j = 0; j < width; j++) {
            pass[j] = passThrough.get(j);
        }
        if (!classes) {
            float[][] targets = new float[m][1];
            for (int i = 0; i < m; i++) {
                targets[i][0] = regressionTarget(cells, labelColumn, kept[i]);
            }
            return TabularDataset.full(rows, targets, null, featureNames, List.of(), scaling, pass,
                    policy == MissingPolicy.FILL_MEAN);
        }
        TreeSet<String> names = new TreeSet<>(NATURAL);
        for (int r : kept) {
            names.add(Cells.text(labelColumn, r));
        }
        if (names.size() < 2) {
            throw new IllegalArgumentException("TabularData: the label column \"" + label + "\" has only one class (\""
                    + names.first() + "\") in its " + m + " rows" + (m < n ? " (after dropping rows with missing cells)" : "")
                    + "; a classifier needs at least two. Check the label column and the file, or, for a numeric target,"
                    + " use .regression().");
        }
        List<String> classNames = List.copyOf(names);
        Map<String, Integer> classIndex = new HashMap<>();
        for (int k = 0; k < classNames.size(); k++) {
            classIndex.put(classNames.get(k), k);
        }
        int k = classNames.size();
        int[] y = new int[m];
        float[][] targets = new float[m][k == 2 ? 1 : k];
        for (int i = 0; i < m; i++) {
            y[i] = classIndex.get(Cells.text(labelColumn, kept[i]));
            if (k == 2) {
                targets[i][0] = y[i];
            } else {
                targets[i][y[i]] = 1f;
            }
        }
        return TabularDataset.full(rows, targets, y, featureNames, classNames, scaling, pass, policy == MissingPolicy.FILL_MEAN);
    }

    /** A column with no number at all holds categories: say so, rather than blame its first cell. */
    private static void requireSomeNumbers(Cells cells, Column<?> column, int[] kept, List<String> featureColumns) {
        if (Cells.numericType(column)) {
            return;
        }
        int firstText = -1;
        for (int r : kept) {
            if (!cells.missing(column, r)) {
                if (Cells.looksNumeric(column, r)) {
                    return;
                }
                firstText = firstText < 0 ? r : firstText;
            }
        }
        if (firstText >= 0) {
            throw new IllegalArgumentException("TabularData: feature column \"" + column.name() + "\" holds text, not"
                    + " numbers (" + cells.where(firstText) + ": \"" + Cells.text(column, firstText) + "\"). One-hot"
                    + " encode it with .oneHot(\"" + column.name() + "\"), or leave it out with .features(...) naming the"
                    + " other columns.");
        }
    }

    /** For an inferred label: true if every cell is text, false if every cell is a number, an error if they mix. */
    private static boolean textLabel(Cells cells, Column<?> column, int[] kept) {
        int firstNumber = -1;
        int firstText = -1;
        for (int r : kept) {
            if (Cells.looksNumeric(column, r)) {
                firstNumber = firstNumber < 0 ? r : firstNumber;
            } else {
                firstText = firstText < 0 ? r : firstText;
            }
            if (firstNumber >= 0 && firstText >= 0) {
                throw new IllegalArgumentException("TabularData: the label column \"" + column.name() + "\" mixes numbers ("
                        + cells.where(firstNumber) + ": \"" + Cells.text(column, firstNumber) + "\") and text ("
                        + cells.where(firstText) + ": \"" + Cells.text(column, firstText) + "\"). For a regression target fix"
                        + " the text cells (or declare them missing with .missing(...)); for classes call .classification().");
            }
        }
        return firstText >= 0;
    }

    private static float regressionTarget(Cells cells, Column<?> column, int row) {
        if (!Cells.looksNumeric(column, row)) {
            throw new IllegalArgumentException("TabularData: the label column \"" + column.name() + "\", "
                    + cells.where(row) + ": \"" + Cells.text(column, row) + "\" is not a number, but .regression() needs a"
                    + " numeric label. Fix the cell (or declare it missing with .missing(...)), or drop .regression() to"
                    + " make classes of a text label.");
        }
        return cells.number(column, row, false);
    }

    /** Sorts numbers by value when both are plain numbers, everything else as text (numbers first). */
    static final Comparator<String> NATURAL = (a, b) -> {
        boolean na = PLAIN_NUMBER.matcher(a.strip()).matches();
        boolean nb = PLAIN_NUMBER.matcher(b.strip()).matches();
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
