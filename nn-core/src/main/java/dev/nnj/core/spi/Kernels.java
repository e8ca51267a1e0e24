package dev.nnj.core.spi;

import java.util.Optional;

/**
 * The numeric kernels every computation in nnj goes through: the only place with loops over
 * matrix data. Layers, losses and optimizers call these; implementations compete on speed and
 * must agree with {@link ScalarKernels}, the readable reference.
 *
 * <p>Conventions, shared by every method:
 * <ul>
 *   <li>float32; matrices are row-major {@code float[]} with an offset and a row stride
 *       ({@code ld}, "leading dimension", at least the number of columns).</li>
 *   <li>Element-wise methods take a length {@code n} and arrays with offsets; input and output
 *       may be the same array at the same offset (in place) unless a method says otherwise.</li>
 *   <li>Nothing is allocated and nothing is validated: callers check shapes once, up front.
 *       Out-of-range indices may throw {@link ArrayIndexOutOfBoundsException}.</li>
 * </ul>
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}; the available one with the
 * highest {@link #priority()} wins unless the system property {@code nnj.kernels} names one.
 * Application code rarely calls kernels directly:
 * <pre>{@code
 * Kernels k = Kernels.active();
 * k.gemm(false, false, m, n, kDim, 1f, a, 0, kDim, b, 0, n, 0f, c, 0, n);   // C = A·B
 * }</pre>
 */
public interface Kernels {

    /**
     * The kernels this process runs on, chosen once on first use: the implementation named by
     * {@code -Dnnj.kernels=...} if set, else the available provider with the highest priority,
     * else {@link ScalarKernels}. An unavailable provider is reported in one line on stderr.
     */
    static Kernels active() {
        return KernelSelection.active();
    }

    /** A short lowercase name, used by {@code -Dnnj.kernels=name}: {@code "scalar"}, {@code "simd"}. */
    String name();

    /** Higher wins when several implementations are available. The scalar reference is 0. */
    int priority();

    /**
     * Why this implementation cannot run in this JVM (for example a module that is not
     * resolved, and the flag that fixes it), or empty when it can.
     */
    default Optional<String> unavailableReason() {
        return Optional.empty();
    }

    // ---- matrix products -------------------------------------------------------------------

    /**
     * General matrix multiply with BLAS semantics, row-major:
     * {@code C = alpha · op(A) · op(B) + beta · C}, where {@code op(X)} is {@code X} or
     * {@code Xᵀ}. {@code op(A)} is m x k, {@code op(B)} is k x n, {@code C} is m x n.
     * Stored A is m x k (lda ≥ k) when not transposed and k x m (lda ≥ m) when transposed;
     * likewise B. When {@code beta == 0}, C is not read (NaN in C does not propagate).
     * C must not overlap A or B.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float alpha, float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /** Adds the row vector {@code bias[biasOff .. biasOff+cols)} to every row of X (rows x cols). */
    void addBias(int rows, int cols, float[] x, int xOff, int ldx, float[] bias, int biasOff);

    /**
     * Column sums of X (rows x cols): {@code out[j] = beta · out[j] + Σ_i x[i][j]}.
     * With {@code beta == 0} out is not read.
     */
    void columnSums(int rows, int cols, float[] x, int xOff, int ldx, float beta, float[] out, int outOff);

    /**
     * Per-column affine map: {@code y[i][j] = x[i][j] · scale[j] + shift[j]} (shift may be null,
     * meaning zero). Used by the normalisation layer; y may alias x.
     */
    void scaleColumns(int rows, int cols, float[] x, int xOff, int ldx, float[] scale, int scaleOff,
                      float[] shift, int shiftOff, float[] y, int yOff, int ldy);

    /** Copies rows {@code index[from .. to)} of src (each cols wide, stride cols) to consecutive rows of dst. */
    void gatherRows(int[] index, int from, int to, int cols, float[] src, float[] dst, int dstOff);

    // ---- activations: forward y = f(x), backward dx = dy · f'(.) ---------------------------

    /** {@code y = 1 / (1 + e^-x)}, computed without overflow for any finite x. */
    void sigmoid(int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code dx = dy · y · (1 − y)}, from the forward output y. */
    void sigmoidBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff);

    /** {@code y = tanh(x)}. */
    void tanh(int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code dx = dy · (1 − y²)}, from the forward output y. */
    void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff);

    /** {@code y = max(x, 0)}. */
    void relu(int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code dx = x > 0 ? dy : 0}, from the forward input x (the subgradient at 0 is 0, as in PyTorch). */
    void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff);

    /** {@code y = x > 0 ? x : slope · x}. */
    void leakyRelu(int n, float slope, float[] x, int xOff, float[] y, int yOff);

    /** {@code dx = x > 0 ? dy : slope · dy}, from the forward input x. */
    void leakyReluBackward(int n, float slope, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff);

    /** Row-wise softmax, max-shifted so it stays finite: {@code y[i][j] = e^(x_ij − max_i) / Σ_j e^(x_ij − max_i)}. */
    void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy);

    /**
     * Softmax backward, row-wise: {@code dx[i][j] = y[i][j] · (dy[i][j] − Σ_k dy[i][k] · y[i][k])}.
     * dx may alias dy.
     */
    void softmaxRowsBackward(int rows, int cols, float[] y, int yOff, int ldy,
                             float[] dy, int dyOff, int lddy, float[] dx, int dxOff, int lddx);

    // ---- losses: each returns the SUM of the per-element terms (the caller divides) ----------
    // and, when grad is non-null, writes grad = gradScale · d(sum)/d(input).

    /** {@code Σ (p − t)²}; grad {@code = gradScale · 2 (p − t)}. */
    float squaredError(int n, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale);

    /**
     * Binary cross-entropy on probabilities, {@code Σ −[t·log p + (1−t)·log(1−p)]} with each log
     * clamped at −100 as PyTorch does; grad {@code = gradScale · (p − t) / max(p(1 − p), 1e-12)}.
     */
    float binaryCrossEntropy(int n, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale);

    /**
     * Sigmoid followed by binary cross-entropy, fused on the pre-activation z:
     * {@code Σ max(z,0) − z·t + log(1 + e^−|z|)}; grad {@code = gradScale · (σ(z) − t)}.
     * Finite for every finite z.
     */
    float sigmoidBinaryCrossEntropy(int n, float[] z, int zOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale);

    /**
     * Cross-entropy on probabilities, rows x cols contiguous: {@code Σ_ij −t_ij · log p_ij}
     * (log clamped at −100); grad {@code = −gradScale · t / max(p, 1e-12)}.
     */
    float crossEntropy(int rows, int cols, float[] p, int pOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale);

    /**
     * Softmax followed by cross-entropy, fused on the logits z (rows x cols contiguous), by
     * log-sum-exp: {@code Σ_i [ (Σ_j t_ij) · logΣexp(z_i) − Σ_j t_ij z_ij ]};
     * grad {@code = gradScale · (softmax(z) · Σ_j t_ij − t)}.
     */
    float softmaxCrossEntropy(int rows, int cols, float[] z, int zOff, float[] t, int tOff, float[] grad, int gradOff, float gradScale);

    // ---- optimizer updates (parameters w, gradients g, state arrays owned by the optimizer) ----

    /** Plain gradient descent: {@code w −= lr · g}. */
    void sgdUpdate(int n, float lr, float[] w, int wOff, float[] g, int gOff);

    /** Momentum as PyTorch: {@code v = momentum · v + g; w −= lr · v}. */
    void momentumUpdate(int n, float lr, float momentum, float[] w, int wOff, float[] g, int gOff, float[] v, int vOff);

    /**
     * Adam (Kingma &amp; Ba 2015): {@code m = β1 m + (1−β1) g; v = β2 v + (1−β2) g²;
     * w −= lr · (m / c1) / (sqrt(v / c2) + eps)} with the bias corrections
     * {@code c1 = 1 − β1^t} and {@code c2 = 1 − β2^t} passed in by the caller.
     */
    void adamUpdate(int n, float lr, float beta1, float beta2, float eps, float c1, float c2,
                    float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff);

    // ---- checks --------------------------------------------------------------------------

    /**
     * Index (relative to off) of the first element that is NaN or outside {@code [lo, hi]}, or −1.
     * With {@code lo = -Float.MAX_VALUE, hi = Float.MAX_VALUE} this finds the first non-finite value.
     */
    int indexOfFirstOutside(int n, float[] x, int off, float lo, float hi);

    // ---- added after 0.1 ---------------------------------------------------------------------
    // Methods added after the first release have default bodies that run the scalar reference, so
    // a provider written against an earlier version keeps compiling and running; a provider
    // overrides them where a profile says it pays.

    /** Element-wise product {@code out = a · b}; out may alias a or b. */
    default void multiply(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        Reference.KERNELS.multiply(n, a, aOff, b, bOff, out, outOff);
    }

    /** {@code y = y + alpha · x} (BLAS axpy). */
    default void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        Reference.KERNELS.axpy(n, alpha, x, xOff, y, yOff);
    }

    /** Nesterov momentum as PyTorch (dampening 0): {@code v = momentum · v + g; w −= lr · (g + momentum · v)}. */
    default void nesterovUpdate(int n, float lr, float momentum, float[] w, int wOff, float[] g, int gOff, float[] v, int vOff) {
        Reference.KERNELS.nesterovUpdate(n, lr, momentum, w, wOff, g, gOff, v, vOff);
    }

    /**
     * RMSProp as PyTorch (not centred, no momentum): {@code s = alpha · s + (1 − alpha) · g²;
     * w −= lr · g / (sqrt(s) + eps)}.
     */
    default void rmspropUpdate(int n, float lr, float alpha, float eps, float[] w, int wOff, float[] g, int gOff,
                               float[] s, int sOff) {
        Reference.KERNELS.rmspropUpdate(n, lr, alpha, eps, w, wOff, g, gOff, s, sOff);
    }

    /**
     * An inverted-dropout mask: element i is dropped (0) with probability {@code rate} and kept
     * as {@code 1 / (1 − rate)} (that float quotient) otherwise. The draw is a pure function of
     * {@code (seed, i)}, so every implementation gives the same mask: with
     * {@code z = seed + (i + 1) · 0x9E3779B97F4A7C15} put through SplitMix64's finaliser
     * ({@code z ^= z >>> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >>> 27; z *= 0x94D049BB133111EB; z ^= z >>> 31}),
     * element i is kept when {@code (z >>> 40) >= round(rate · 2^24)}.
     */
    default void dropoutMask(int n, float rate, long seed, float[] mask, int maskOff) {
        Reference.KERNELS.dropoutMask(n, rate, seed, mask, maskOff);
    }

    /**
     * Batch normalisation in training mode over rows x cols (row stride cols): per column j the
     * batch mean and biased variance, {@code invStd_j = 1 / sqrt(var_j + eps)},
     * {@code xhat = (x − mean) · invStd}, {@code y = xhat · gamma + beta}. Writes {@code mean},
     * {@code var}, {@code invStd} (each cols long, from index 0), {@code xhat} and {@code y}.
     */
    default void batchNormForward(int rows, int cols, float[] x, int xOff, float[] gamma, float[] beta, float eps,
                                  float[] mean, float[] var, float[] invStd, float[] xhat, int xhatOff, float[] y, int yOff) {
        Reference.KERNELS.batchNormForward(rows, cols, x, xOff, gamma, beta, eps, mean, var, invStd, xhat, xhatOff, y, yOff);
    }

    /** Batch normalisation in inference mode: {@code y = (x − runningMean) / sqrt(runningVar + eps) · gamma + beta}. */
    default void batchNormInference(int rows, int cols, float[] x, int xOff, float[] gamma, float[] beta, float eps,
                                    float[] runningMean, float[] runningVar, float[] y, int yOff) {
        Reference.KERNELS.batchNormInference(rows, cols, x, xOff, gamma, beta, eps, runningMean, runningVar, y, yOff);
    }

    /**
     * Batch normalisation backward (training mode): {@code dGamma_j = Σ_i dy·xhat},
     * {@code dBeta_j = Σ_i dy}, {@code dx = gamma · invStd / rows · (rows · dy − dBeta − xhat · dGamma)}.
     * dx may alias dy.
     */
    default void batchNormBackward(int rows, int cols, float[] dy, int dyOff, float[] xhat, int xhatOff, float[] gamma,
                                   float[] invStd, float[] dGamma, float[] dBeta, float[] dx, int dxOff) {
        Reference.KERNELS.batchNormBackward(rows, cols, dy, dyOff, xhat, xhatOff, gamma, invStd, dGamma, dBeta, dx, dxOff);
    }

    /** A running average: {@code y = (1 − momentum) · y + momentum · scale · x}. */
    default void movingAverage(int n, float momentum, float scale, float[] x, int xOff, float[] y, int yOff) {
        Reference.KERNELS.movingAverage(n, momentum, scale, x, xOff, y, yOff);
    }

    /**
     * The rows classified right: with two or more columns, the row's largest p is in the column of
     * its largest t (the first, on ties); with one column, {@code p > threshold} agrees with
     * {@code t > 0.5}. (A threshold of 0 reads a sigmoid's input as its output would be read at 0.5.)
     */
    default int countCorrect(int rows, int cols, float[] p, int pOff, float[] t, int tOff, float threshold) {
        return Reference.KERNELS.countCorrect(rows, cols, p, pOff, t, tOff, threshold);
    }

    /** For each row of x (rows x cols, stride cols), the column of its largest value (the first, on ties). */
    default void argmaxRows(int rows, int cols, float[] x, int xOff, int[] out, int outOff) {
        Reference.KERNELS.argmaxRows(rows, cols, x, xOff, out, outOff);
    }

    /** {@code Σ |p − t|}. */
    default float absoluteError(int n, float[] p, int pOff, float[] t, int tOff) {
        return Reference.KERNELS.absoluteError(n, p, pOff, t, tOff);
    }

    /**
     * Class-weighted cross-entropy on probabilities, rows x cols contiguous:
     * {@code Σ_ij −w_j · t_ij · log p_ij} (log clamped at {@link ScalarKernels#LOG_CLAMP});
     * grad {@code = −gradScale · w_j · t_ij / max(p_ij, EPSILON)}.
     */
    default float weightedCrossEntropy(int rows, int cols, float[] p, int pOff, float[] t, int tOff, float[] weights,
                                       float[] grad, int gradOff, float gradScale) {
        return Reference.KERNELS.weightedCrossEntropy(rows, cols, p, pOff, t, tOff, weights, grad, gradOff, gradScale);
    }

    /**
     * Softmax then class-weighted cross-entropy, fused on the logits z:
     * {@code Σ_i Σ_j w_j · t_ij · (logΣexp(z_i) − z_ij)}; grad
     * {@code = gradScale · (softmax(z_i) · Σ_j w_j t_ij − w ∘ t_i)}.
     */
    default float weightedSoftmaxCrossEntropy(int rows, int cols, float[] z, int zOff, float[] t, int tOff, float[] weights,
                                              float[] grad, int gradOff, float gradScale) {
        return Reference.KERNELS.weightedSoftmaxCrossEntropy(rows, cols, z, zOff, t, tOff, weights, grad, gradOff, gradScale);
    }

    /** {@code Σ_i Σ_j weights_j · t_ij} over rows x cols contiguous (the total class weight of one-hot rows). */
    default float weightedTargetSum(int rows, int cols, float[] t, int tOff, float[] weights) {
        return Reference.KERNELS.weightedTargetSum(rows, cols, t, tOff, weights);
    }

    // ---- training diagnosis (sampled every few steps, so the scalar defaults are fast enough) ----

    /** {@code Σ x²} over n elements: NaN if an element is NaN, infinite if one is infinite or the sum overflows. */
    default float sumOfSquares(int n, float[] x, int xOff) {
        return Reference.KERNELS.sumOfSquares(n, x, xOff);
    }

    /**
     * Per-column counts over rows x cols (row stride cols): adds to {@code counts[countsOff + j]} the
     * number of rows i with {@code |x[i][j] − center| > threshold} (NaN never counts), so calls
     * accumulate. With center 0 and threshold 0 on a relu's output it counts the rows where each
     * unit fired; with center 0.5 and threshold 0.4933 on a sigmoid's output, the rows where its
     * input was beyond ±5.
     */
    default void columnCountsAbove(int rows, int cols, float[] x, int xOff, float center, float threshold,
                                   int[] counts, int countsOff) {
        Reference.KERNELS.columnCountsAbove(rows, cols, x, xOff, center, threshold, counts, countsOff);
    }
}
