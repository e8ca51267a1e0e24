package dev.nnj.core;

/**
 * The optimizer factories, meant to be imported statically:
 * <pre>{@code
 * import static dev.nnj.core.Optimizers.*;
 * Optimizer plain = sgd(0.1f);
 * Optimizer heavy = sgd(0.01f, 0.9f);
 * Optimizer adaptive = adam(0.001f);
 * }</pre>
 */
public final class Optimizers {

    private Optimizers() {
    }

    /**
     * Gradient descent {@code w −= lr · g}.
     *
     * @throws IllegalArgumentException if lr is not positive and finite
     */
    public static Optimizer sgd(float learningRate) {
        return new Sgd(learningRate, 0f);
    }

    /**
     * Gradient descent with momentum, as PyTorch: {@code v = momentum · v + g; w −= lr · v}.
     *
     * @throws IllegalArgumentException if lr is not positive and finite, or momentum is outside [0, 1)
     */
    public static Optimizer sgd(float learningRate, float momentum) {
        return new Sgd(learningRate, momentum);
    }

    /** Adam with the paper's defaults: β1 0.9, β2 0.999, ε 1e-8. */
    public static Optimizer adam(float learningRate) {
        return new Adam(learningRate, 0.9f, 0.999f, 1e-8f);
    }

    /**
     * Adam with every setting given.
     *
     * @throws IllegalArgumentException if lr or ε is not positive and finite, or a β is outside [0, 1)
     */
    public static Optimizer adam(float learningRate, float beta1, float beta2, float epsilon) {
        return new Adam(learningRate, beta1, beta2, epsilon);
    }
}
