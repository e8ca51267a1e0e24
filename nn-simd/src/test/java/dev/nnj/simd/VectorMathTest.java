package dev.nnj.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorMath} against {@code StrictMath} in double precision: the largest error over
 * about a million floats spread evenly (by bit pattern) over each function's range, in units in
 * the last place of the correctly rounded float result, must stay within a bound just above the
 * figure its Javadoc states; special values must come out exactly.
 *
 * <p>The Javadoc's figures come from the same walk over every third float:
 * {@code java --add-modules jdk.incubator.vector -cp <test class path> dev.nnj.simd.VectorMathTest 3}
 * (about three minutes).
 */
class VectorMathTest {

    /** Errors in ulps of the float nearest the exact value (subnormal results: ulps of Float.MIN_VALUE). */
    static double ulps(float got, double exact) {
        if (Double.isNaN(exact)) {
            return Float.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
        }
        float rounded = (float) exact;
        if (Float.isInfinite(rounded) || Float.isNaN(got) || Float.isInfinite(got)) {
            return got == rounded ? 0 : Double.POSITIVE_INFINITY;
        }
        double ulp = Math.abs(exact) < 0x1p-126 ? Float.MIN_VALUE : Math.ulp(Math.abs(rounded));
        return Math.abs(got - exact) / ulp;
    }

    /** Ordered bit patterns, so that a walk covers negative and positive floats alike. */
    private static long ordered(float f) {
        int b = Float.floatToRawIntBits(f);
        return b >= 0 ? b : -(long) (b & 0x7fffffff);
    }

    private static float fromOrdered(long o) {
        return o >= 0 ? Float.intBitsToFloat((int) o) : -Float.intBitsToFloat((int) -o);
    }

    /** The largest error over every {@code step}-th float in [lo, hi], and where. */
    static double[] maxError(UnaryOperator<FloatVector> f, DoubleUnaryOperator exact, float lo, float hi, long step) {
        int lanes = VectorMath.S.length();
        float[] x = new float[lanes];
        float[] y = new float[lanes];
        double worst = 0;
        float worstAt = Float.NaN;
        int filled = 0;
        for (long o = ordered(lo); o <= ordered(hi); o += step) {
            x[filled++] = fromOrdered(o);
            if (filled == lanes || o + step > ordered(hi)) {
                f.apply(FloatVector.fromArray(VectorMath.S, x, 0)).intoArray(y, 0);
                for (int i = 0; i < filled; i++) {
                    double e = ulps(y[i], exact.applyAsDouble(x[i]));
                    if (e > worst) {
                        worst = e;
                        worstAt = x[i];
                    }
                }
                filled = 0;
            }
        }
        return new double[] {worst, worstAt};
    }

    private static long stepFor(float lo, float hi, long samples) {
        return Math.max(1, (ordered(hi) - ordered(lo)) / samples);
    }

    private static void assertWithin(String name, UnaryOperator<FloatVector> f, DoubleUnaryOperator exact, float lo,
                                     float hi, double bound) {
        double[] e = maxError(f, exact, lo, hi, stepFor(lo, hi, 1 << 20));
        assertTrue(e[0] <= bound, name + ": " + e[0] + " ulp at x = " + (float) e[1] + ", more than the documented " + bound);
    }

    static double sigmoidExact(double x) {
        return x >= 0 ? 1 / (1 + StrictMath.exp(-x)) : StrictMath.exp(x) / (1 + StrictMath.exp(x));
    }

    private static float one(UnaryOperator<FloatVector> f, float x) {
        return f.apply(FloatVector.broadcast(VectorMath.S, x)).lane(0);
    }

    @Test
    void expIsWithinOneUlp() {
        assertWithin("exp", VectorMath::exp, StrictMath::exp, -110f, 90f, 1.0);
        assertEquals(1f, one(VectorMath::exp, 0f));
        assertEquals(1f, one(VectorMath::exp, -0f));
        assertEquals(1f, one(VectorMath::exp, 1e-40f));
        assertEquals(Float.POSITIVE_INFINITY, one(VectorMath::exp, 88.73f));
        assertEquals(Float.POSITIVE_INFINITY, one(VectorMath::exp, Float.POSITIVE_INFINITY));
        assertEquals(0f, one(VectorMath::exp, -104f));
        assertEquals(0f, one(VectorMath::exp, Float.NEGATIVE_INFINITY));
        assertEquals(Float.MIN_VALUE, one(VectorMath::exp, -103.9f));
        assertTrue(Float.isNaN(one(VectorMath::exp, Float.NaN)));
    }

    @Test
    void logIsWithinOneUlp() {
        assertWithin("log", VectorMath::log, StrictMath::log, Float.MIN_VALUE, Float.MAX_VALUE, 1.0);
        assertEquals(0f, one(VectorMath::log, 1f));
        assertEquals(Float.NEGATIVE_INFINITY, one(VectorMath::log, 0f));
        assertEquals(Float.NEGATIVE_INFINITY, one(VectorMath::log, -0f));
        assertEquals(Float.POSITIVE_INFINITY, one(VectorMath::log, Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(one(VectorMath::log, -1f)));
        assertTrue(Float.isNaN(one(VectorMath::log, Float.NEGATIVE_INFINITY)));
        assertTrue(Float.isNaN(one(VectorMath::log, Float.NaN)));
        assertEquals((float) StrictMath.log(Float.MIN_VALUE), one(VectorMath::log, Float.MIN_VALUE));
    }

    @Test
    void tanhIsWithinOneAndAHalfUlps() {
        assertWithin("tanh", VectorMath::tanh, StrictMath::tanh, -12f, 12f, 1.5);
        assertEquals(1f, one(VectorMath::tanh, 9.1f));
        assertEquals(-1f, one(VectorMath::tanh, Float.NEGATIVE_INFINITY));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(one(VectorMath::tanh, -0f)));
        assertEquals(1e-30f, one(VectorMath::tanh, 1e-30f));
        assertEquals(-1e-40f, one(VectorMath::tanh, -1e-40f));
        assertTrue(Float.isNaN(one(VectorMath::tanh, Float.NaN)));
    }

    @Test
    void sigmoidIsWithinTwoAndAHalfUlps() {
        assertWithin("sigmoid", VectorMath::sigmoid, VectorMathTest::sigmoidExact, -110f, 110f, 2.5);
        assertEquals(0.5f, one(VectorMath::sigmoid, 0f));
        assertEquals(1f, one(VectorMath::sigmoid, Float.POSITIVE_INFINITY));
        assertEquals(0f, one(VectorMath::sigmoid, Float.NEGATIVE_INFINITY));
        assertEquals(1f, one(VectorMath::sigmoid, 1e4f));
    }

    @Test
    void log1pIsWithinOneAndAHalfUlpsOnZeroToOne() {
        assertWithin("log1p", VectorMath::log1p, StrictMath::log1p, 0f, 1f, 1.5);
        assertEquals(1e-30f, one(VectorMath::log1p, 1e-30f));
        assertEquals(0f, one(VectorMath::log1p, 0f));
    }

    @Test
    void scalarTwinsGiveTheBitsOfAVectorLane() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(17);
        int lanes = VectorMath.S.length();
        float[] x = new float[lanes];
        float[] y = new float[lanes];
        float[] special = {0f, -0f, 1e-40f, -1e-40f, Float.MIN_VALUE, 1f, -1f, 0.625f, -0.625f, 9.02f, 88.72f, -103.97f, 104f,
            -110f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        String[] names = {"exp", "log", "log1p", "tanh", "sigmoid"};
        java.util.List<UnaryOperator<FloatVector>> vector = java.util.List.of(VectorMath::exp, VectorMath::log,
                VectorMath::log1p, VectorMath::tanh, VectorMath::sigmoid);
        java.util.List<java.util.function.DoubleUnaryOperator> scalar = java.util.List.of(v -> VectorMath.exp((float) v),
                v -> VectorMath.log((float) v), v -> VectorMath.log1p((float) v), v -> VectorMath.tanh((float) v),
                v -> VectorMath.sigmoid((float) v));
        for (int round = 0; round < 20_000; round++) {
            for (int i = 0; i < lanes; i++) {
                int pick = rnd.nextInt(4);
                x[i] = pick == 0 ? special[rnd.nextInt(special.length)]
                        : pick == 1 ? Float.intBitsToFloat(rnd.nextInt())
                        : (float) (rnd.nextDouble() * 40 - 20);
            }
            for (int f = 0; f < names.length; f++) {
                vector.get(f).apply(FloatVector.fromArray(VectorMath.S, x, 0)).intoArray(y, 0);
                for (int i = 0; i < lanes; i++) {
                    float twin = (float) scalar.get(f).applyAsDouble(x[i]);
                    assertEquals(Float.floatToIntBits(y[i]), Float.floatToIntBits(twin),
                            names[f] + "(" + x[i] + "): lane " + y[i] + ", scalar twin " + twin);
                }
            }
        }
    }

    /** Prints the largest errors over every {@code args[0]}-th float (default 3), for the Javadoc of VectorMath. */
    public static void main(String[] args) {
        long step = args.length > 0 ? Long.parseLong(args[0]) : 3;
        System.out.println(Lanes.describe() + ", every " + step + "th float:");
        report("exp", maxError(VectorMath::exp, StrictMath::exp, -110f, 90f, step));
        report("log", maxError(VectorMath::log, StrictMath::log, Float.MIN_VALUE, Float.MAX_VALUE, step));
        report("tanh", maxError(VectorMath::tanh, StrictMath::tanh, -12f, 12f, step));
        report("sigmoid", maxError(VectorMath::sigmoid, VectorMathTest::sigmoidExact, -110f, 110f, step));
        report("log1p", maxError(VectorMath::log1p, StrictMath::log1p, 0f, 1f, step));
    }

    private static void report(String name, double[] e) {
        System.out.printf("%-8s max %.3f ulp at x = %s%n", name, e[0], Float.toString((float) e[1]));
    }
}
