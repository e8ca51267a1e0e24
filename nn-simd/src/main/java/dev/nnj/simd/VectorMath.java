package dev.nnj.simd;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.NE;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, log, tanh, sigmoid and log1p on vectors, built only from operations whose result is
 * fixed by IEEE 754 (add, sub, mul, div, fma, min, max, compares, blends, exact integer and
 * bit operations). The interpreter, C1 and C2 therefore give the same bits, at every vector
 * width, so a seeded run is reproducible whenever the JIT compiles what. The Vector API's own
 * {@code EXP}, {@code LOG}, {@code TANH}, {@code LOG1P} are not used: compiled they call the
 * JDK's vector math library, interpreted they call {@code Math}, and the two differ in the last
 * bit for about 1% of inputs.
 *
 * <p>Polynomial coefficients are discrete minimax fits (linear programming on 3,000 Chebyshev
 * points, then each coefficient rounded to float with the others refitted). Largest error
 * measured against {@code StrictMath} in double precision, in units in the last place of the
 * correctly rounded float, over every third float of the range (7.5·10<sup>8</sup> values for
 * exp; {@code VectorMathTest} checks a million of them on every build and prints this table
 * from its {@code main}):
 * <ul>
 *   <li>{@link #exp} on [-110, 90]: 0.88 ulp (subnormal results included); 0 below -103.97,
 *       +∞ above 88.72, NaN for NaN;</li>
 *   <li>{@link #log} on every positive float, subnormals included: 0.94 ulp; -∞ at ±0, NaN
 *       below 0;</li>
 *   <li>{@link #tanh} on [-12, 12]: 1.36 ulp; ±1 beyond |x| = 9.02, -0 at -0;</li>
 *   <li>{@link #sigmoid} on [-110, 110]: 2.40 ulp;</li>
 *   <li>{@link #log1p} on [0, 1]: 1.32 ulp (the fused sigmoid cross-entropy uses its scalar twin; the
 *       vector form is the reference the twin is checked against).</li>
 * </ul>
 */
final class VectorMath {

    static final VectorSpecies<Float> S = Lanes.S;

    // exp: x = n·ln2 + r, |r| ≤ ln2/2; e^r = 1 + r + r²·(E2 + E3 r + E4 r² + E5 r³ + E6 r⁴).
    private static final float SHIFT = 0x1.8p23f;          // adding it rounds to an integer
    private static final float INV_LN2 = 0x1.715476p0f;
    private static final float LN2_HI = 0x1.62e4p-1f;      // few bits: n·LN2_HI is exact
    private static final float LN2_LO = 0x1.7f7d1cp-20f;
    private static final float E2 = 0x1.fffffcp-2f;
    private static final float E3 = 0x1.555492p-3f;
    private static final float E4 = 0x1.5558f2p-5f;
    private static final float E5 = 0x1.1239d4p-7f;
    private static final float E6 = 0x1.6a244cp-10f;
    /** e^x overflows above 88.72 and is below half the smallest subnormal under -103.97; clamping keeps n in range. */
    private static final float EXP_MIN = -104f;
    private static final float EXP_MAX = 89f;

    // log: x = 2^k·m, m in [2/3, 4/3), r = m − 1; log1p(r) = r + r²·(G0 + G1 r + … + G8 r⁸).
    private static final int TWO_THIRDS_BITS = 0x3f2aaaab;
    private static final float LN2 = 0x1.62e430p-1f;
    private static final float G0 = -0x1.000000p-1f;
    private static final float G1 = 0x1.555502p-2f;
    private static final float G2 = -0x1.fffe84p-3f;
    private static final float G3 = 0x1.99d1f4p-3f;
    private static final float G4 = -0x1.55a754p-3f;
    private static final float G5 = 0x1.1ebe68p-3f;
    private static final float G6 = -0x1.f25ddap-4f;
    private static final float G7 = 0x1.1ed144p-3f;
    private static final float G8 = -0x1.0931e4p-3f;

    // tanh: |x| < 0.625: x + x³·(T0 + T1 u + … + T4 u⁴), u = x²; above: 1 − 2/(e^(2|x|) + 1).
    private static final float TANH_SMALL = 0.625f;
    private static final float T0 = -0x1.555532p-2f;
    private static final float T1 = 0x1.110726p-3f;
    private static final float T2 = -0x1.b83c5ap-5f;
    private static final float T3 = 0x1.52269cp-6f;
    private static final float T4 = -0x1.75e1cep-8f;
    /** tanh(10) rounds to 1; clamping keeps e^(2|x|) finite. */
    private static final float TANH_CLAMP = 10f;

    private VectorMath() {
    }

    // Every Horner step is written out (p·r + c as p.fma(r, broadcast(c))) rather than put in a
    // helper: a vector passed to a method that C2 does not inline is boxed, and C2 stops inlining
    // small methods once a compilation grows large, which these functions make it.

    /** e^x. */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);       // NaN stays NaN
        FloatVector z = xc.fma(INV_LN2, SHIFT);
        FloatVector n = z.sub(SHIFT);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(E6, E5);
        p = p.fma(r, FloatVector.broadcast(S, E4));
        p = p.fma(r, FloatVector.broadcast(S, E3));
        p = p.fma(r, FloatVector.broadcast(S, E2));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        // 2^n as two exact powers of two (n in [-150, 128], each half in [-75, 64]), so that
        // results near overflow and in the subnormal range are rounded once, in the last product.
        IntVector ni = z.reinterpretAsInts().sub(Float.floatToRawIntBits(SHIFT));
        IntVector n1 = ni.lanewise(ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(LSHL, 23).reinterpretAsFloats();
        return p.mul(s1).mul(s2);
    }

    /** The natural logarithm: -∞ at ±0, NaN below 0 and for NaN, +∞ at +∞. */
    static FloatVector log(FloatVector x) {
        VectorMask<Float> tiny = x.compare(LT, 0x1p-126f);
        FloatVector xs = x.blend(x.mul(0x1p23f), tiny);     // subnormals to normals (k is corrected below)
        IntVector u = xs.reinterpretAsInts().sub(TWO_THIRDS_BITS);
        IntVector k = u.lanewise(ASHR, 23);
        FloatVector r = u.and(0x007fffff).add(TWO_THIRDS_BITS).reinterpretAsFloats().sub(1f);
        FloatVector kf = (FloatVector) k.convert(I2F, 0);
        kf = kf.blend(kf.sub(23f), tiny);
        FloatVector p = r.fma(G8, G7);
        p = p.fma(r, FloatVector.broadcast(S, G6));
        p = p.fma(r, FloatVector.broadcast(S, G5));
        p = p.fma(r, FloatVector.broadcast(S, G4));
        p = p.fma(r, FloatVector.broadcast(S, G3));
        p = p.fma(r, FloatVector.broadcast(S, G2));
        p = p.fma(r, FloatVector.broadcast(S, G1));
        p = p.fma(r, FloatVector.broadcast(S, G0));
        FloatVector y = r.mul(r).fma(p, r);
        y = kf.fma(FloatVector.broadcast(S, LN2), y);
        y = y.blend(Float.NEGATIVE_INFINITY, x.compare(EQ, 0f));
        y = y.blend(Float.POSITIVE_INFINITY, x.compare(EQ, Float.POSITIVE_INFINITY));
        return y.blend(Float.NaN, x.compare(LT, 0f).or(x.compare(NE, x)));
    }

    /** log(1 + v) for v ≥ 0 (the fused loss needs it on (0, 1]); corrects the rounding of 1 + v. */
    static FloatVector log1p(FloatVector v) {
        FloatVector u = v.add(1f);
        FloatVector lost = v.sub(u.sub(1f));                 // exactly what rounding 1 + v dropped
        return lost.div(u).add(log(u));
    }

    /** tanh(x); ±1 for |x| ≥ 9.02, -0 at -0, NaN for NaN. */
    static FloatVector tanh(FloatVector x) {
        FloatVector e = exp(x.abs().min(TANH_CLAMP).mul(2f));
        FloatVector a = x.abs();
        FloatVector u = x.mul(x);
        FloatVector q = u.fma(T4, T3);
        q = q.fma(u, FloatVector.broadcast(S, T2));
        q = q.fma(u, FloatVector.broadcast(S, T1));
        q = q.fma(u, FloatVector.broadcast(S, T0));
        FloatVector small = u.mul(q).fma(x, x).blend(x, x.compare(EQ, 0f));   // keeps the sign of ±0
        FloatVector large = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
        large = large.blend(large.neg(), x.compare(LT, 0f));
        return small.blend(large, a.compare(GE, TANH_SMALL));
    }

    /** 1 / (1 + e^-x) without overflow: e = e^-|x|, then 1/(1+e) for x ≥ 0 and e/(1+e) below. */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        FloatVector num = FloatVector.broadcast(S, 1f).blend(e, x.compare(LT, 0f));
        return num.div(e.add(1f));
    }

    // ---- the same functions on one float: the same operations in the same order, so each gives
    // the bits a vector lane would (VectorMathTest checks it). Kernels finish their last, partial
    // vector with these, which keeps one copy of each vector function per compilation.

    /** {@link #exp(FloatVector)} on one float. */
    static float exp(float x) {
        float xc = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float z = Math.fma(xc, INV_LN2, SHIFT);
        float n = z - SHIFT;
        float r = Math.fma(n, -LN2_HI, xc);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(r, E6, E5);
        p = Math.fma(p, r, E4);
        p = Math.fma(p, r, E3);
        p = Math.fma(p, r, E2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        int ni = Float.floatToRawIntBits(z) - Float.floatToRawIntBits(SHIFT);
        int n1 = ni >> 1;
        int n2 = ni - n1;
        return p * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((n2 + 127) << 23);
    }

    /** {@link #log(FloatVector)} on one float. */
    static float log(float x) {
        boolean tiny = x < 0x1p-126f;
        float xs = tiny ? x * 0x1p23f : x;
        int u = Float.floatToRawIntBits(xs) - TWO_THIRDS_BITS;
        float r = Float.intBitsToFloat((u & 0x007fffff) + TWO_THIRDS_BITS) - 1f;
        float kf = (float) (u >> 23);
        if (tiny) {
            kf = kf - 23f;
        }
        float p = Math.fma(r, G8, G7);
        p = Math.fma(p, r, G6);
        p = Math.fma(p, r, G5);
        p = Math.fma(p, r, G4);
        p = Math.fma(p, r, G3);
        p = Math.fma(p, r, G2);
        p = Math.fma(p, r, G1);
        p = Math.fma(p, r, G0);
        float y = Math.fma(kf, LN2, Math.fma(r * r, p, r));
        if (x == 0f) {
            return Float.NEGATIVE_INFINITY;
        }
        if (x == Float.POSITIVE_INFINITY) {
            return Float.POSITIVE_INFINITY;
        }
        return x < 0f || x != x ? Float.NaN : y;
    }

    /** {@link #log1p(FloatVector)} on one float. */
    static float log1p(float v) {
        float u = v + 1f;
        float lost = v - (u - 1f);
        return lost / u + log(u);
    }

    /** {@link #tanh(FloatVector)} on one float. */
    static float tanh(float x) {
        float e = exp(Math.min(Math.abs(x), TANH_CLAMP) * 2f);
        float a = Math.abs(x);
        float u = x * x;
        float q = Math.fma(u, T4, T3);
        q = Math.fma(q, u, T2);
        q = Math.fma(q, u, T1);
        q = Math.fma(q, u, T0);
        float small = x == 0f ? x : Math.fma(u * q, x, x);
        float large = 1f - 2f / (e + 1f);
        large = x < 0f ? -large : large;
        return a >= TANH_SMALL ? large : small;
    }

    /** {@link #sigmoid(FloatVector)} on one float. */
    static float sigmoid(float x) {
        float e = exp(-Math.abs(x));
        return (x < 0f ? e : 1f) / (e + 1f);
    }
}
