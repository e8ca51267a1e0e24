package dev.nnj.core;

/**
 * The weight initialiser factories for {@code Layers.dense(in, out, initializer)}, meant to be
 * imported statically. Without one, a dense layer uses {@link #auto()}.
 * <pre>{@code
 * import static dev.nnj.core.Initializers.*;
 * Sequential model = Sequential.of(dense(784, 128, heNormal()), relu(), dense(128, 10, glorotUniform()), softmax());
 * Sequential broken = Sequential.of(dense(2, 3, constant(0.5f)), sigmoid(), dense(3, 1), sigmoid());   // all units alike
 * }</pre>
 * Uniform schemes draw from [−limit, limit); "fan in" is the layer's inputs, "fan out" its outputs.
 * Every draw comes from the model's seed ({@code Sequential.initialize(seed)}).
 */
public final class Initializers {

    private Initializers() {
    }

    /**
     * The default: He uniform when the next activation (looking past identity and normalisation)
     * is relu or leakyRelu, Glorot uniform otherwise (sigmoid, tanh, softmax, or none).
     */
    public static Initializer auto() {
        return new Init(Init.Scheme.AUTO, 0f, 0f);
    }

    /** Glorot (Xavier) uniform, limit {@code sqrt(6 / (fanIn + fanOut))}: suits sigmoid and tanh. */
    public static Initializer glorotUniform() {
        return new Init(Init.Scheme.GLOROT_UNIFORM, 0f, 0f);
    }

    /** Glorot (Xavier) normal, standard deviation {@code sqrt(2 / (fanIn + fanOut))}. */
    public static Initializer glorotNormal() {
        return new Init(Init.Scheme.GLOROT_NORMAL, 0f, 0f);
    }

    /** He (Kaiming) uniform, limit {@code sqrt(6 / fanIn)}: suits relu. */
    public static Initializer heUniform() {
        return new Init(Init.Scheme.HE_UNIFORM, 0f, 0f);
    }

    /** He (Kaiming) normal, standard deviation {@code sqrt(2 / fanIn)}, as PyTorch's {@code kaiming_normal_}. */
    public static Initializer heNormal() {
        return new Init(Init.Scheme.HE_NORMAL, 0f, 0f);
    }

    /** Every weight 0. Every unit of the layer then computes the same thing and learns the same thing: for experiments only. */
    public static Initializer zeros() {
        return new Init(Init.Scheme.ZEROS, 0f, 0f);
    }

    /**
     * Every weight {@code value}; like {@link #zeros()}, the units stay identical.
     *
     * @throws IllegalArgumentException if value is not finite
     */
    public static Initializer constant(float value) {
        return new Init(Init.Scheme.CONSTANT, value, 0f);
    }

    /**
     * Uniform in [low, high).
     *
     * @throws IllegalArgumentException if a bound is not finite or low is not below high
     */
    public static Initializer uniform(float low, float high) {
        if (!(low < high)) {
            throw new IllegalArgumentException("uniform(" + low + ", " + high + "): low must be below high, e.g. uniform(-0.1f, 0.1f).");
        }
        return new Init(Init.Scheme.UNIFORM, low, high);
    }

    /**
     * Normal with the given mean and standard deviation.
     *
     * @throws IllegalArgumentException if a value is not finite or the deviation is negative
     */
    public static Initializer normal(float mean, float deviation) {
        if (!(deviation >= 0f)) {
            throw new IllegalArgumentException("normal(" + mean + ", " + deviation + "): the standard deviation must be at least 0.");
        }
        return new Init(Init.Scheme.NORMAL, mean, deviation);
    }
}
