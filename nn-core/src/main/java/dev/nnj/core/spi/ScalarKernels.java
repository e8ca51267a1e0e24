package dev.nnj.core.spi;

/**
 * The scalar reference implementation of {@link Kernels}: plain loops, written to be read and
 * trusted. Every other implementation is tested against this one, and it is what nnj runs on
 * when no faster implementation is available.
 *
 * <pre>{@code
 * Kernels reference = new ScalarKernels();
 * reference.sigmoid(n, x, 0, y, 0);
 * }</pre>
 */
public final class ScalarKernels implements Kernels {

    /**
     * Log terms of the probability-space losses are clamped here, as PyTorch does, so a
     * probability of exactly 0 costs 100, not infinity. Part of the SPI's semantics: every
     * implementation uses this value.
     */
    public static final float LOG_CLAMP = -100f;
    /** Smallest denominator in probability-space gradients (PyTorch's BCE epsilon); part of the SPI's semantics. */
    public static final float EPSILON = 1e-12f;

    /** Creates the reference kernels; they hold no state. */
    public ScalarKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] = 0f;
                }
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
            for (int p = 0; p < k; p++) {
                float aip = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bOff + j * ldb + p];
                    }
                } else {
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bp + j];
                    }
                }
            }
        }
    }

    @Override
    public void addBias(int rows, int cols, float[] x, int xOff, int ldx, float[] bias, int biasOff) {
        for (int i = 0; i < rows; i++) {
            int xi = xOff + i * ldx;
            for (int j = 0; j < cols; j++) {
                x[xi + j] += bias[biasOff + j];
            }
        }
    }

    @Override
    public void columnSums(int rows, int cols, float[] x, int xOff, int ldx, float beta, float[] out, int outOff) {
        for (int j = 0; j < cols; j++) {
            out[outOff + j] = beta == 0f ? 0f : beta * out[outOff + j];
        }
        for (int i = 0; i < rows; i++) {
            int xi = xOff + i * ldx;
            for (int j = 0; j < cols; j++) {
                out[outOff + j] += x[xi + j];
            }
        }
    }

    @Override
    public void scaleColumns(int rows, int cols, float[] x, int xOff, int ldx, float[] scale, int scaleOff,
                             float[] shift, int shiftOff, float[] y, int yOff, int ldy) {
        for (int i = 0; i < rows; i++) {
            int xi = xOff + i * ldx;
            int yi = yOff + i * ldy;
            for (int j = 0; j < cols; j++) {
                float s = x[xi + j] * scale[scaleOff + j];
                y[yi + j] = shift == null ? s : s + shift[shiftOff + j];
            }
        }
    }

    @Override
    public void gatherRows(int[] index, int from, int to, int cols, float[] src, float[] dst, int dstOff) {
        for (int r = from; r < to; r++) {
            System.arraycopy(src, index[r] * cols, dst, dstOff + (r - from) * cols, cols);
        }
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = sigmoid(x[xOff + i]);
        }
    }

    static float sigmoid(float x) {
        // Two branches so that exp never overflows: e^-x for x >= 0, e^x otherwise.
        if (x >= 0f) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    @Override
    public void sigmoidBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            float s = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * s * (1f - s);
        }
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) Math.tanh(x[xOff + i]);
        }
    }

    @Override
    public void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            float t = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1f - t * t);
        }
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0f ? v : 0f;
        }
    }

    @Override
    public void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = x[xOff + i] > 0f ? dy[dyOff + i] : 0f;
        }
    }

    @Override
    public void leakyRelu(int n, float slope, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0f ? v : slope * v;
        }
    }

    @Override
    public void leakyReluBackward(int n, float slope, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            float d = dy[dyOff + i];
            dx[dxOff + i] = x[xOff + i] > 0f ? d : slope * d;
        }
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        for (int i = 0; i < rows; i++) {
            int xi = xOff + i * ldx;
            int yi = yOff + i * ldy;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[xi + j]);
            }
            float sum = 0f;
            for (int j = 0; j < cols; j++) {
                float e = (float) Math.exp(x[xi + j] - max);
                y[yi + j] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int j = 0; j < cols; j++) {
                y[yi + j] *= inv;
            }
        }
    }

    @Override
    public void softmaxRowsBackward(int rows, int cols, float[] y, int yOff, int ldy,
                                    float[] dy, int dyOff, int lddy, float[] dx, int dxOff, int lddx) {
        for (int i = 0; i < rows; i++) {
            int yi = yOff + i * ldy;
            int di = dyOff + i * lddy;
            int xi = dxOff + i * lddx;
            float dot = 0f;
            for (int j = 0; j < cols; j++) {
                dot += dy[di + j] * y[yi + j];
            }
            for (int j = 0; j < cols; j++) {
                dx[xi + j] = y[yi + j] * (dy[di + j] - dot);
            }
        }
    }

    @Override
    public float squaredError(int n, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float d = p[pOff + i] - t[tOff + i];
            sum += d * d;
            if (grad != null) {
                grad[gradOff + i] = gradScale * 2f * d;
            }
        }
        return sum;
    }

    @Override
    public float binaryCrossEntropy(int n, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float pi = p[pOff + i];
            float ti = t[tOff + i];
            float logP = Math.max((float) Math.log(pi), LOG_CLAMP);
            float log1mP = Math.max((float) Math.log(1f - pi), LOG_CLAMP);
            sum -= ti * logP + (1f - ti) * log1mP;
            if (grad != null) {
                grad[gradOff + i] = gradScale * (pi - ti) / Math.max(pi * (1f - pi), EPSILON);
            }
        }
        return sum;
    }

    @Override
    public float sigmoidBinaryCrossEntropy(int n, float[] z, int zOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float zi = z[zOff + i];
            float ti = t[tOff + i];
            sum += Math.max(zi, 0f) - zi * ti + (float) Math.log1p(Math.exp(-Math.abs(zi)));
            if (grad != null) {
                grad[gradOff + i] = gradScale * (sigmoid(zi) - ti);
            }
        }
        return sum;
    }

    @Override
    public float crossEntropy(int rows, int cols, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        return crossEntropy(rows, cols, p, pOff, t, tOff, null, grad, gradOff, gradScale);
    }

    @Override
    public float softmaxCrossEntropy(int rows, int cols, float[] z, int zOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale) {
        return softmaxCrossEntropy(rows, cols, z, zOff, t, tOff, null, grad, gradOff, gradScale);
    }

    @Override
    public void sgdUpdate(int n, float lr, float[] w, int wOff, float[] g, int gOff) {
        for (int i = 0; i < n; i++) {
            w[wOff + i] -= lr * g[gOff + i];
        }
    }

    @Override
    public void momentumUpdate(int n, float lr, float momentum, float[] w, int wOff, float[] g, int gOff, float[] v, int vOff) {
        for (int i = 0; i < n; i++) {
            float vi = momentum * v[vOff + i] + g[gOff + i];
            v[vOff + i] = vi;
            w[wOff + i] -= lr * vi;
        }
    }

    @Override
    public void adamUpdate(int n, float lr, float beta1, float beta2, float eps, float c1, float c2,
                           float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff) {
        for (int i = 0; i < n; i++) {
            float gi = g[gOff + i];
            float mi = beta1 * m[mOff + i] + (1f - beta1) * gi;
            float vi = beta2 * v[vOff + i] + (1f - beta2) * gi * gi;
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            w[wOff + i] -= lr * (mi / c1) / ((float) Math.sqrt(vi / c2) + eps);
        }
    }

    @Override
    public int indexOfFirstOutside(int n, float[] x, int off, float lo, float hi) {
        for (int i = 0; i < n; i++) {
            float v = x[off + i];
            // Written as a negation so that NaN (for which every comparison is false) counts as outside.
            if (!(v >= lo && v <= hi)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void multiply(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void nesterovUpdate(int n, float lr, float momentum, float[] w, int wOff, float[] g, int gOff, float[] v, int vOff) {
        for (int i = 0; i < n; i++) {
            float gi = g[gOff + i];
            float vi = momentum * v[vOff + i] + gi;
            v[vOff + i] = vi;
            w[wOff + i] -= lr * (gi + momentum * vi);
        }
    }

    @Override
    public void rmspropUpdate(int n, float lr, float alpha, float eps, float[] w, int wOff, float[] g, int gOff,
                              float[] s, int sOff) {
        for (int i = 0; i < n; i++) {
            float gi = g[gOff + i];
            float si = alpha * s[sOff + i] + (1f - alpha) * gi * gi;
            s[sOff + i] = si;
            w[wOff + i] -= lr * gi / ((float) Math.sqrt(si) + eps);
        }
    }

    @Override
    public void dropoutMask(int n, float rate, long seed, float[] mask, int maskOff) {
        long threshold = Math.round(rate * (double) (1 << 24));
        float kept = 1f / (1f - rate);
        for (int i = 0; i < n; i++) {
            long z = seed + (i + 1L) * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            mask[maskOff + i] = (z >>> 40) >= threshold ? kept : 0f;
        }
    }

    @Override
    public void batchNormForward(int rows, int cols, float[] x, int xOff, float[] gamma, float[] beta, float eps,
                                 float[] mean, float[] var, float[] invStd, float[] xhat, int xhatOff, float[] y, int yOff) {
        for (int j = 0; j < cols; j++) {
            float sum = 0f;
            for (int i = 0; i < rows; i++) {
                sum += x[xOff + i * cols + j];
            }
            float m = sum / rows;
            float squares = 0f;
            for (int i = 0; i < rows; i++) {
                float d = x[xOff + i * cols + j] - m;
                squares += d * d;
            }
            float v = squares / rows;
            float inv = 1f / (float) Math.sqrt(v + eps);
            mean[j] = m;
            var[j] = v;
            invStd[j] = inv;
            for (int i = 0; i < rows; i++) {
                float h = (x[xOff + i * cols + j] - m) * inv;
                xhat[xhatOff + i * cols + j] = h;
                y[yOff + i * cols + j] = h * gamma[j] + beta[j];
            }
        }
    }

    @Override
    public void batchNormInference(int rows, int cols, float[] x, int xOff, float[] gamma, float[] beta, float eps,
                                   float[] runningMean, float[] runningVar, float[] y, int yOff) {
        for (int j = 0; j < cols; j++) {
            float inv = 1f / (float) Math.sqrt(runningVar[j] + eps);
            for (int i = 0; i < rows; i++) {
                y[yOff + i * cols + j] = (x[xOff + i * cols + j] - runningMean[j]) * inv * gamma[j] + beta[j];
            }
        }
    }

    @Override
    public void batchNormBackward(int rows, int cols, float[] dy, int dyOff, float[] xhat, int xhatOff, float[] gamma,
                                  float[] invStd, float[] dGamma, float[] dBeta, float[] dx, int dxOff) {
        for (int j = 0; j < cols; j++) {
            float sumDy = 0f;
            float sumDyXhat = 0f;
            for (int i = 0; i < rows; i++) {
                float d = dy[dyOff + i * cols + j];
                sumDy += d;
                sumDyXhat += d * xhat[xhatOff + i * cols + j];
            }
            dGamma[j] = sumDyXhat;
            dBeta[j] = sumDy;
            float k = gamma[j] * invStd[j] / rows;
            for (int i = 0; i < rows; i++) {
                int at = i * cols + j;
                dx[dxOff + at] = k * (rows * dy[dyOff + at] - sumDy - xhat[xhatOff + at] * sumDyXhat);
            }
        }
    }

    @Override
    public void movingAverage(int n, float momentum, float scale, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (1f - momentum) * y[yOff + i] + momentum * scale * x[xOff + i];
        }
    }

    @Override
    public int countCorrect(int rows, int cols, float[] p, int pOff, float[] t, int tOff, float threshold) {
        int correct = 0;
        for (int i = 0; i < rows; i++) {
            if (cols == 1) {
                correct += (p[pOff + i] > threshold) == (t[tOff + i] > 0.5f) ? 1 : 0;
            } else {
                correct += argmax(p, pOff + i * cols, cols) == argmax(t, tOff + i * cols, cols) ? 1 : 0;
            }
        }
        return correct;
    }

    private static int argmax(float[] x, int off, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (x[off + j] > x[off + best]) {
                best = j;
            }
        }
        return best;
    }

    @Override
    public void argmaxRows(int rows, int cols, float[] x, int xOff, int[] out, int outOff) {
        for (int i = 0; i < rows; i++) {
            out[outOff + i] = argmax(x, xOff + i * cols, cols);
        }
    }

    @Override
    public float absoluteError(int n, float[] p, int pOff, float[] t, int tOff) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(p[pOff + i] - t[tOff + i]);
        }
        return sum;
    }

    @Override
    public float weightedCrossEntropy(int rows, int cols, float[] p, int pOff, float[] t, int tOff, float[] weights,
                                      float[] grad, int gradOff, float gradScale) {
        return crossEntropy(rows, cols, p, pOff, t, tOff, weights, grad, gradOff, gradScale);
    }

    /** Cross-entropy on probabilities; {@code weights} null means every class weighs 1 (and is then not multiplied in). */
    private static float crossEntropy(int rows, int cols, float[] p, int pOff, float[] t, int tOff, float[] weights,
                                      float[] grad, int gradOff, float gradScale) {
        float sum = 0f;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int k = i * cols + j;
                float wt = weights == null ? t[tOff + k] : weights[j] * t[tOff + k];
                float pi = p[pOff + k];
                if (wt != 0f) {
                    sum -= wt * Math.max((float) Math.log(pi), LOG_CLAMP);
                }
                if (grad != null) {
                    grad[gradOff + k] = -gradScale * wt / Math.max(pi, EPSILON);
                }
            }
        }
        return sum;
    }

    @Override
    public float weightedSoftmaxCrossEntropy(int rows, int cols, float[] z, int zOff, float[] t, int tOff, float[] weights,
                                             float[] grad, int gradOff, float gradScale) {
        return softmaxCrossEntropy(rows, cols, z, zOff, t, tOff, weights, grad, gradOff, gradScale);
    }

    /** Softmax then cross-entropy on the logits; {@code weights} null means every class weighs 1 (not multiplied in). */
    private static float softmaxCrossEntropy(int rows, int cols, float[] z, int zOff, float[] t, int tOff, float[] weights,
                                             float[] grad, int gradOff, float gradScale) {
        float sum = 0f;
        for (int i = 0; i < rows; i++) {
            int zi = zOff + i * cols;
            int ti = tOff + i * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, z[zi + j]);
            }
            float expSum = 0f;
            for (int j = 0; j < cols; j++) {
                expSum += (float) Math.exp(z[zi + j] - max);
            }
            float logSumExp = max + (float) Math.log(expSum);
            float targetSum = 0f;
            float targetDotZ = 0f;
            for (int j = 0; j < cols; j++) {
                float wt = weights == null ? t[ti + j] : weights[j] * t[ti + j];
                targetSum += wt;
                targetDotZ += wt * z[zi + j];
            }
            sum += targetSum * logSumExp - targetDotZ;
            if (grad != null) {
                int gi = gradOff + i * cols;
                for (int j = 0; j < cols; j++) {
                    float softmax = (float) Math.exp(z[zi + j] - logSumExp);
                    float wt = weights == null ? t[ti + j] : weights[j] * t[ti + j];
                    grad[gi + j] = gradScale * (softmax * targetSum - wt);
                }
            }
        }
        return sum;
    }

    @Override
    public float weightedTargetSum(int rows, int cols, float[] t, int tOff, float[] weights) {
        float sum = 0f;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                sum += weights[j] * t[tOff + i * cols + j];
            }
        }
        return sum;
    }

    @Override
    public float sumOfSquares(int n, float[] x, int xOff) {
        // Four running sums, so the additions do not wait on each other (the diagnosis sums whole weight matrices).
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            float a = x[xOff + i];
            float b = x[xOff + i + 1];
            float c = x[xOff + i + 2];
            float d = x[xOff + i + 3];
            s0 += a * a;
            s1 += b * b;
            s2 += c * c;
            s3 += d * d;
        }
        for (; i < n; i++) {
            float v = x[xOff + i];
            s0 += v * v;
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void columnCountsAbove(int rows, int cols, float[] x, int xOff, float center, float threshold,
                                  int[] counts, int countsOff) {
        for (int i = 0; i < rows; i++) {
            int xi = xOff + i * cols;
            for (int j = 0; j < cols; j++) {
                if (Math.abs(x[xi + j] - center) > threshold) {
                    counts[countsOff + j]++;
                }
            }
        }
    }
}
