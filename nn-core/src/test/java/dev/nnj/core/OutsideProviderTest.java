package dev.nnj.core;

import dev.nnj.core.spi.Kernels;
import dev.nnj.core.spi.ScalarKernels;
import org.junit.jupiter.api.Test;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Optimizers.sgd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The SPI grows without breaking providers: {@link ProviderOf01} implements exactly the abstract
 * methods {@link Kernels} had in nnj 0.1, as an outside provider written then would. It must keep
 * compiling (so nothing added later may be abstract) and must train as well as the reference,
 * with the methods added since running on their scalar defaults.
 */
class OutsideProviderTest {

    /** A provider written against nnj 0.1's Kernels: delegates each of its methods, knows no later one. */
    static final class ProviderOf01 implements Kernels {
        private final Kernels reference = new ScalarKernels();

        @Override
        public String name() {
            return "outside-0.1";
        }

        @Override
        public int priority() {
            return 1;
        }

        @Override
        public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
            reference.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }

        @Override
        public void addBias(int rows, int cols, float[] x, int xOff, int ldx, float[] bias, int biasOff) {
            reference.addBias(rows, cols, x, xOff, ldx, bias, biasOff);
        }

        @Override
        public void columnSums(int rows, int cols, float[] x, int xOff, int ldx, float beta, float[] out, int outOff) {
            reference.columnSums(rows, cols, x, xOff, ldx, beta, out, outOff);
        }

        @Override
        public void scaleColumns(int rows, int cols, float[] x, int xOff, int ldx, float[] scale, int scaleOff, float[] shift, int shiftOff, float[] y, int yOff, int ldy) {
            reference.scaleColumns(rows, cols, x, xOff, ldx, scale, scaleOff, shift, shiftOff, y, yOff, ldy);
        }

        @Override
        public void gatherRows(int[] index, int from, int to, int cols, float[] src, float[] dst, int dstOff) {
            reference.gatherRows(index, from, to, cols, src, dst, dstOff);
        }

        @Override
        public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
            reference.sigmoid(n, x, xOff, y, yOff);
        }

        @Override
        public void sigmoidBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
            reference.sigmoidBackward(n, y, yOff, dy, dyOff, dx, dxOff);
        }

        @Override
        public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
            reference.tanh(n, x, xOff, y, yOff);
        }

        @Override
        public void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
            reference.tanhBackward(n, y, yOff, dy, dyOff, dx, dxOff);
        }

        @Override
        public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
            reference.relu(n, x, xOff, y, yOff);
        }

        @Override
        public void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
            reference.reluBackward(n, x, xOff, dy, dyOff, dx, dxOff);
        }

        @Override
        public void leakyRelu(int n, float slope, float[] x, int xOff, float[] y, int yOff) {
            reference.leakyRelu(n, slope, x, xOff, y, yOff);
        }

        @Override
        public void leakyReluBackward(int n, float slope, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
            reference.leakyReluBackward(n, slope, x, xOff, dy, dyOff, dx, dxOff);
        }

        @Override
        public void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
            reference.softmaxRows(rows, cols, x, xOff, ldx, y, yOff, ldy);
        }

        @Override
        public void softmaxRowsBackward(int rows, int cols, float[] y, int yOff, int ldy, float[] dy, int dyOff, int lddy, float[] dx, int dxOff, int lddx) {
            reference.softmaxRowsBackward(rows, cols, y, yOff, ldy, dy, dyOff, lddy, dx, dxOff, lddx);
        }

        @Override
        public float squaredError(int n, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
            return reference.squaredError(n, p, pOff, t, tOff, grad, gradOff, gradScale);
        }

        @Override
        public float binaryCrossEntropy(int n, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
            return reference.binaryCrossEntropy(n, p, pOff, t, tOff, grad, gradOff, gradScale);
        }

        @Override
        public float sigmoidBinaryCrossEntropy(int n, float[] z, int zOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
            return reference.sigmoidBinaryCrossEntropy(n, z, zOff, t, tOff, grad, gradOff, gradScale);
        }

        @Override
        public float crossEntropy(int rows, int cols, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
            return reference.crossEntropy(rows, cols, p, pOff, t, tOff, grad, gradOff, gradScale);
        }

        @Override
        public float softmaxCrossEntropy(int rows, int cols, float[] z, int zOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
            return reference.softmaxCrossEntropy(rows, cols, z, zOff, t, tOff, grad, gradOff, gradScale);
        }

        @Override
        public void sgdUpdate(int n, float lr, float[] w, int wOff, float[] g, int gOff) {
            reference.sgdUpdate(n, lr, w, wOff, g, gOff);
        }

        @Override
        public void momentumUpdate(int n, float lr, float momentum, float[] w, int wOff, float[] g, int gOff, float[] v, int vOff) {
            reference.momentumUpdate(n, lr, momentum, w, wOff, g, gOff, v, vOff);
        }

        @Override
        public void adamUpdate(int n, float lr, float beta1, float beta2, float eps, float c1, float c2, float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff) {
            reference.adamUpdate(n, lr, beta1, beta2, eps, c1, c2, w, wOff, g, gOff, m, mOff, v, vOff);
        }

        @Override
        public int indexOfFirstOutside(int n, float[] x, int off, float lo, float hi) {
            return reference.indexOfFirstOutside(n, x, off, lo, hi);
        }
    }

    @Test
    void aProviderWrittenAgainst01TrainsExactlyAsTheReferenceAndGetsTheNewMethods() {
        float[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        float[][] y = {{0}, {1}, {1}, {0}};
        float[][] expected = null;
        for (Kernels kernels : new Kernels[] {new ScalarKernels(), new ProviderOf01()}) {
            Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid()).initialize(2);
            Sequential.Batch data = model.checkedBatch("test", x, y, binaryCrossEntropy());
            Trainer trainer = new Trainer(model, kernels, data, (LossFunction) binaryCrossEntropy(), sgd(0.5f), 2, true, 1);
            for (int epoch = 0; epoch < 500; epoch++) {
                trainer.epoch();
            }
            float[][] weights = model.parameters().get(0).value().toArray();
            if (expected == null) {
                expected = weights;
            } else {
                for (int r = 0; r < weights.length; r++) {
                    assertArrayEquals(expected[r], weights[r], "row " + r);
                }
            }
        }
        float[] out = new float[3];
        new ProviderOf01().multiply(3, new float[] {1, 2, 3}, 0, new float[] {4, 5, 6}, 0, out, 0);
        assertArrayEquals(new float[] {4, 10, 18}, out);
        float[] yy = {1, 1};
        new ProviderOf01().axpy(2, 2f, new float[] {1, 2}, 0, yy, 0);
        assertArrayEquals(new float[] {3, 5}, yy);
        assertEquals("outside-0.1", new ProviderOf01().name());
    }
}
