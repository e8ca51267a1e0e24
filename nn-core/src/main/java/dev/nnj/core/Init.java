package dev.nnj.core;

import java.util.random.RandomGenerator;

/**
 * The initialisation schemes behind {@link Initializers}. {@code a} and {@code b} are the scheme's
 * numbers where it has any (the constant; the bounds of a uniform range; the mean and standard
 * deviation of a normal one).
 */
record Init(Scheme scheme, float a, float b) implements Initializer {

    enum Scheme {
        AUTO("auto"), GLOROT_UNIFORM("glorotUniform"), GLOROT_NORMAL("glorotNormal"), HE_UNIFORM("heUniform"),
        HE_NORMAL("heNormal"), ZEROS("zeros"), CONSTANT("constant"), UNIFORM("uniform"), NORMAL("normal");

        final String label;

        Scheme(String label) {
            this.label = label;
        }

        static Scheme named(String label) {
            for (Scheme s : values()) {
                if (s.label.equals(label)) {
                    return s;
                }
            }
            return null;
        }
    }

    Init {
        if (!Float.isFinite(a) || !Float.isFinite(b)) {
            throw new IllegalArgumentException(scheme.label + ": the values must be finite, got " + a + " and " + b + ".");
        }
    }

    /**
     * Fills the weights of a dense layer with {@code in} inputs and {@code out} outputs; {@code next}
     * is the first layer after it that does not just keep the shape (or null), which decides
     * {@link Scheme#AUTO}: He uniform before relu and leakyRelu, Glorot uniform otherwise.
     */
    void fill(float[] w, int in, int out, RandomGenerator random, Operation next) {
        Scheme chosen = scheme;
        if (chosen == Scheme.AUTO) {
            boolean he = next instanceof Activation && !((Activation) next).prefersGlorot();
            chosen = he ? Scheme.HE_UNIFORM : Scheme.GLOROT_UNIFORM;
        }
        switch (chosen) {
            case GLOROT_UNIFORM -> uniform(w, random, Math.sqrt(6.0 / (in + out)));
            case HE_UNIFORM -> uniform(w, random, Math.sqrt(6.0 / in));
            case GLOROT_NORMAL -> normal(w, random, 0, Math.sqrt(2.0 / (in + out)));
            case HE_NORMAL -> normal(w, random, 0, Math.sqrt(2.0 / in));
            case ZEROS -> java.util.Arrays.fill(w, 0f);
            case CONSTANT -> java.util.Arrays.fill(w, a);
            case UNIFORM -> {
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) random.nextDouble(a, b);
                }
            }
            case NORMAL -> normal(w, random, a, b);
            case AUTO -> throw new AssertionError("resolved above");
        }
    }

    private static void uniform(float[] w, RandomGenerator random, double limit) {
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextDouble(-limit, limit);
        }
    }

    private static void normal(float[] w, RandomGenerator random, double mean, double deviation) {
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (mean + deviation * random.nextGaussian());
        }
    }

    void writeConfig(Json.ObjectWriter config) {
        config.put("init", scheme.label);
        if (scheme == Scheme.CONSTANT || scheme == Scheme.UNIFORM || scheme == Scheme.NORMAL) {
            config.put("initA", a);
        }
        if (scheme == Scheme.UNIFORM || scheme == Scheme.NORMAL) {
            config.put("initB", b);
        }
    }

    @Override
    public String toString() {
        switch (scheme) {
            case CONSTANT:
                return "constant(" + a + ")";
            case UNIFORM:
            case NORMAL:
                return scheme.label + "(" + a + ", " + b + ")";
            default:
                return scheme.label + "()";
        }
    }
}
