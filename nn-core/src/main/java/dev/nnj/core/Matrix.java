package dev.nnj.core;

import java.util.Arrays;

/**
 * A dense float32 matrix, row-major, as the model stores its parameters. Reading and writing
 * elements goes straight to the model's storage.
 * <pre>{@code
 * Matrix w = model.parameters().get(0).value();
 * w.set(0, 1, 0.5f);
 * float[][] copy = w.toArray();
 * Matrix m = Matrix.of(new float[][] {{1, 2}, {3, 4}});
 * }</pre>
 */
public final class Matrix {

    private final int rows;
    private final int cols;
    private final float[] data;

    Matrix(int rows, int cols, float[] data) {
        if (rows < 0 || cols < 0 || data.length < (long) rows * cols) {
            throw new IllegalArgumentException("Matrix: " + rows + "x" + cols + " does not fit " + data.length + " values.");
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    static Matrix zeros(int rows, int cols) {
        return new Matrix(rows, cols, new float[rows * cols]);
    }

    /**
     * Copies rectangular rows into a new matrix.
     *
     * @throws IllegalArgumentException if the array is empty or ragged (naming the row)
     */
    public static Matrix of(float[][] values) {
        int cols = Checks.width("Matrix.of", "values", values);
        float[] data = new float[values.length * cols];
        for (int r = 0; r < values.length; r++) {
            System.arraycopy(values[r], 0, data, r * cols, cols);
        }
        return new Matrix(values.length, cols, data);
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /** Number of columns. */
    public int cols() {
        return cols;
    }

    /** The element at (row, col). */
    public float get(int row, int col) {
        return data[index(row, col)];
    }

    /** Sets the element at (row, col). */
    public void set(int row, int col, float value) {
        data[index(row, col)] = value;
    }

    /** A copy as an array of rows. */
    public float[][] toArray() {
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(data, r * cols, r * cols + cols);
        }
        return out;
    }

    /** The backing row-major storage (not a copy). */
    float[] data() {
        return data;
    }

    private int index(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException("Matrix: (" + row + ", " + col + ") is outside " + rows + "x" + cols + ".");
        }
        return row * cols + col;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Matrix " + rows + "x" + cols + " [");
        for (int r = 0; r < rows; r++) {
            s.append(r == 0 ? "[" : ", [");
            for (int c = 0; c < cols; c++) {
                s.append(c == 0 ? "" : ", ").append(data[r * cols + c]);
            }
            s.append(']');
        }
        return s.append(']').toString();
    }
}
