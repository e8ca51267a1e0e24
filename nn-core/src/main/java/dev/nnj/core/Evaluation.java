package dev.nnj.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How well a model does on a dataset: its loss and, for classification, accuracy, the confusion
 * matrix and per-class precision, recall and F1 (with the dataset's class names); for regression,
 * MSE, MAE and R². {@code toString()} is a readable report.
 * <pre>{@code
 * Evaluation e = model.evaluate(split.test());
 * System.out.println(e);                     // loss, accuracy, the confusion matrix, per-class scores
 * int[][] counts = e.confusionMatrix();      // rows: true class, columns: predicted class
 * }</pre>
 */
public final class Evaluation {

    private final int rows;
    private final String loss;
    private final float lossValue;
    private final int[][] confusion;
    private final List<String> classNames;
    private final float mse;
    private final float mae;
    private final float r2;

    Evaluation(int rows, String loss, float lossValue, int[][] confusion, List<String> classNames, float mse, float mae, float r2) {
        this.rows = rows;
        this.loss = loss;
        this.lossValue = lossValue;
        this.confusion = confusion;
        this.classNames = classNames;
        this.mse = mse;
        this.mae = mae;
        this.r2 = r2;
    }

    /** The number of rows evaluated. */
    public int size() {
        return rows;
    }

    /** The mean loss over the rows (in inference mode: no dropout, batch norm's running statistics). */
    public float loss() {
        return lossValue;
    }

    /** True for a classification model (a sigmoid or softmax ending with a classification loss). */
    public boolean isClassification() {
        return confusion != null;
    }

    /** The share of rows classified right, or NaN for regression. */
    public float accuracy() {
        if (confusion == null) {
            return Float.NaN;
        }
        int right = 0;
        for (int k = 0; k < confusion.length; k++) {
            right += confusion[k][k];
        }
        return (float) right / rows;
    }

    /**
     * Counts of rows by true class (row) and predicted class (column); a copy.
     *
     * @throws IllegalStateException for regression
     */
    public int[][] confusionMatrix() {
        requireClassification("confusionMatrix");
        int[][] copy = new int[confusion.length][];
        for (int k = 0; k < confusion.length; k++) {
            copy[k] = confusion[k].clone();
        }
        return copy;
    }

    /** The class names, in class order (from the dataset, or "0", "1", ...); empty for regression. */
    public List<String> classNames() {
        return classNames;
    }

    /** Of the rows predicted as class {@code k}, the share that are k (NaN if none were predicted as k). */
    public float precision(int k) {
        requireClassification("precision");
        int predicted = 0;
        for (int[] row : confusion) {
            predicted += row[checkedClass(k)];
        }
        return predicted == 0 ? Float.NaN : (float) confusion[k][k] / predicted;
    }

    /** Of the rows of class {@code k}, the share predicted as k (NaN if there are none). */
    public float recall(int k) {
        requireClassification("recall");
        int actual = 0;
        for (int count : confusion[checkedClass(k)]) {
            actual += count;
        }
        return actual == 0 ? Float.NaN : (float) confusion[k][k] / actual;
    }

    /** The harmonic mean of precision and recall for class {@code k} (0 when both are 0, NaN when either is). */
    public float f1(int k) {
        float p = precision(k);
        float r = recall(k);
        if (Float.isNaN(p) || Float.isNaN(r)) {
            return Float.NaN;
        }
        return p + r == 0 ? 0f : 2 * p * r / (p + r);
    }

    /** Mean squared error over every output (regression), or NaN for classification. */
    public float mse() {
        return mse;
    }

    /** Mean absolute error over every output (regression), or NaN for classification. */
    public float mae() {
        return mae;
    }

    /** The coefficient of determination R², averaged over the outputs (regression), or NaN. */
    public float r2() {
        return r2;
    }

    private void requireClassification(String what) {
        if (confusion == null) {
            throw new IllegalStateException(what + ": the model does regression; see mse(), mae() and r2().");
        }
    }

    private int checkedClass(int k) {
        if (k < 0 || k >= confusion.length) {
            throw new IllegalArgumentException("class " + k + " is outside 0.." + (confusion.length - 1) + ".");
        }
        return k;
    }

    /** The report: the loss and the metrics, and for classification the confusion matrix and per-class scores. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (confusion == null) {
            s.append(String.format(Locale.ROOT, "Evaluation on %d rows: %s %.6f, mse %.6f, mae %.6f, r² %.4f%n", rows, loss,
                    lossValue, mse, mae, r2));
            return s.toString();
        }
        s.append(String.format(Locale.ROOT, "Evaluation on %d rows: %s %.6f, accuracy %.4f%n", rows, loss, lossValue, accuracy()));
        int width = 9;
        for (String name : classNames) {
            width = Math.max(width, name.length() + 2);
        }
        s.append("confusion matrix (rows: true class, columns: predicted)\n");
        s.append(" ".repeat(width));
        for (String name : classNames) {
            s.append(String.format(Locale.ROOT, "%" + width + "s", name));
        }
        s.append('\n');
        for (int k = 0; k < confusion.length; k++) {
            s.append(String.format(Locale.ROOT, "%-" + width + "s", classNames.get(k)));
            for (int count : confusion[k]) {
                s.append(String.format(Locale.ROOT, "%" + width + "d", count));
            }
            s.append('\n');
        }
        s.append(String.format(Locale.ROOT, "%-" + width + "s%10s%10s%10s%10s%n", "class", "precision", "recall", "f1", "rows"));
        for (int k = 0; k < confusion.length; k++) {
            int support = 0;
            for (int count : confusion[k]) {
                support += count;
            }
            s.append(String.format(Locale.ROOT, "%-" + width + "s%10.4f%10.4f%10.4f%10d%n", classNames.get(k), precision(k),
                    recall(k), f1(k), support));
        }
        return s.toString();
    }

    static List<String> numberedClasses(int count) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            names.add(String.valueOf(k));
        }
        return List.copyOf(names);
    }
}
