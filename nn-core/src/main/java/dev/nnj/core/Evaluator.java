package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.util.List;

/** Computes an {@link Evaluation}: the rows in chunks through an inference workspace, then the metrics. */
final class Evaluator {

    private static final int CHUNK = 1024;

    private Evaluator() {
    }

    static Evaluation evaluate(Sequential model, Sequential.Batch data, LossFunction loss, List<String> names) {
        return model.reading(() -> {
            Workspace ws = model.borrowWorkspace();
            try {
                return run(model, ws, data, loss, names);
            } finally {
                model.returnWorkspace(ws);
            }
        });
    }

    private static Evaluation run(Sequential model, Workspace ws, Sequential.Batch data, LossFunction loss, List<String> names) {
        Kernels k = ws.kernels;
        int n = data.rows();
        int xw = data.xWidth();
        int yw = data.yWidth();
        int chunk = Math.min(n, CHUNK);
        ws.reserve(chunk, xw);
        float[] x = new float[chunk * xw];
        float[] y = new float[chunk * yw];
        int[] predicted = new int[chunk];
        int[] actual = new int[chunk];
        boolean classes = loss.classification();
        int classCount = yw == 1 ? 2 : yw;
        int[][] confusion = classes ? new int[classCount][classCount] : null;
        double sum = 0;
        double normalizer = 0;
        double squared = 0;
        double absolute = 0;
        float[] columnSums = new float[yw];
        float[] columnSquares = new float[yw];
        float[] residualSquares = new float[yw];
        float[] scratch = new float[chunk * yw];
        for (int from = 0; from < n; from += chunk) {
            int rows = Math.min(chunk, n - from);
            System.arraycopy(data.x(), from * xw, x, 0, rows * xw);
            System.arraycopy(data.y(), from * yw, y, 0, rows * yw);
            ws.lossOnly(x, y, rows, loss);
            sum += ws.lastSum();
            normalizer += ws.lastNormalizer();
            float[] out = ws.lastOutput();
            if (classes) {
                if (yw == 1) {
                    float threshold = ws.lastThreshold();
                    for (int i = 0; i < rows; i++) {
                        confusion[y[i] > 0.5f ? 1 : 0][out[i] > threshold ? 1 : 0]++;
                    }
                } else {
                    k.argmaxRows(rows, yw, out, 0, predicted, 0);
                    k.argmaxRows(rows, yw, y, 0, actual, 0);
                    for (int i = 0; i < rows; i++) {
                        confusion[actual[i]][predicted[i]]++;
                    }
                }
            } else {
                squared += k.squaredError(rows * yw, out, 0, y, 0, null, 0, 0f);
                absolute += k.absoluteError(rows * yw, out, 0, y, 0);
                // Per-column sums for R²: Σ t, Σ t², Σ (p − t)².
                k.columnSums(rows, yw, y, 0, yw, 1f, columnSums, 0);
                k.multiply(rows * yw, y, 0, y, 0, scratch, 0);
                k.columnSums(rows, yw, scratch, 0, yw, 1f, columnSquares, 0);
                System.arraycopy(out, 0, scratch, 0, rows * yw);
                k.axpy(rows * yw, -1f, y, 0, scratch, 0);
                k.multiply(rows * yw, scratch, 0, scratch, 0, scratch, 0);
                k.columnSums(rows, yw, scratch, 0, yw, 1f, residualSquares, 0);
            }
        }
        float lossValue = (float) (sum / normalizer);
        if (classes) {
            List<String> classNames = names.size() == classCount ? names : Evaluation.numberedClasses(classCount);
            return new Evaluation(n, loss.toString(), lossValue, confusion, classNames, Float.NaN, Float.NaN, Float.NaN);
        }
        double r2 = 0;
        for (int j = 0; j < yw; j++) {
            double mean = columnSums[j] / n;
            double total = columnSquares[j] - n * mean * mean;
            r2 += total > 0 ? 1 - residualSquares[j] / total : 0;
        }
        return new Evaluation(n, loss.toString(), lossValue, null, List.of(), (float) (squared / ((double) n * yw)),
                (float) (absolute / ((double) n * yw)), (float) (r2 / yw));
    }
}
