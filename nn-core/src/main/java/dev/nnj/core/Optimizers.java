package dev.nnj.core;

/**
 * The optimizer factories, meant to be imported statically. Update rules and defaults are
 * PyTorch's, so runs compare number for number:
 * <pre>{@code
 * import static dev.nnj.core.Optimizers.*;
 * Optimizer plain = sgd(0.1f);
 * Optimizer heavy = sgd(0.01f, 0.9f);
 * Optimizer lookahead = nesterov(0.01f, 0.9f);
 * Optimizer adaptive = adam(0.001f);
 * Optimizer decoupled = adamW(0.001f, 0.01f);
 * Optimizer rms = rmsprop(0.001f);
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
        return new Sgd(learningRate, 0f, false);
    }

    /**
     * Gradient descent with momentum, as PyTorch: {@code v = momentum · v + g; w −= lr · v}.
     *
     * @throws IllegalArgumentException if lr is not positive and finite, or momentum is outside [0, 1)
     */
    public static Optimizer sgd(float learningRate, float momentum) {
        return new Sgd(learningRate, momentum, false);
    }

    /**
     * Nesterov momentum, as PyTorch's {@code SGD(nesterov=True)}: {@code v = momentum · v + g;
     * w −= lr · (g + momentum · v)}.
     *
     * @throws IllegalArgumentException if lr is not positive and finite, or momentum is outside (0, 1)
     */
    public static Optimizer nesterov(float learningRate, float momentum) {
        return new Sgd(learningRate, momentum, true);
    }

    /** Adam with the paper's (and PyTorch's) defaults: β1 0.9, β2 0.999, ε 1e-8. */
    public static Optimizer adam(float learningRate) {
        return new Adam(learningRate, 0.9f, 0.999f, 1e-8f, 0f);
    }

    /**
     * Adam with every setting given: {@code m = β1 m + (1−β1) g; v = β2 v + (1−β2) g²;
     * w −= lr · (m / (1−β1^t)) / (sqrt(v / (1−β2^t)) + ε)}.
     *
     * @throws IllegalArgumentException if lr or ε is not positive and finite, or a β is outside [0, 1)
     */
    public static Optimizer adam(float learningRate, float beta1, float beta2, float epsilon) {
        return new Adam(learningRate, beta1, beta2, epsilon, 0f);
    }

    /**
     * AdamW, as PyTorch: each step first decays every parameter, {@code w −= lr · weightDecay · w},
     * then takes Adam's step (β1 0.9, β2 0.999, ε 1e-8). Unlike L2 in the loss, the decay does not
     * pass through Adam's scaling. PyTorch's default decay is 0.01.
     *
     * @throws IllegalArgumentException if lr is not positive and finite, or the decay is negative
     */
    public static Optimizer adamW(float learningRate, float weightDecay) {
        return new Adam(learningRate, 0.9f, 0.999f, 1e-8f, weightDecay);
    }

    /**
     * AdamW with every setting given.
     *
     * @throws IllegalArgumentException if lr or ε is not positive and finite, a β is outside [0, 1), or the decay is negative
     */
    public static Optimizer adamW(float learningRate, float beta1, float beta2, float epsilon, float weightDecay) {
        return new Adam(learningRate, beta1, beta2, epsilon, weightDecay);
    }

    /**
     * RMSProp with PyTorch's defaults (α 0.99, ε 1e-8): {@code s = α s + (1−α) g²;
     * w −= lr · g / (sqrt(s) + ε)}.
     *
     * @throws IllegalArgumentException if lr is not positive and finite
     */
    public static Optimizer rmsprop(float learningRate) {
        return new RmsProp(learningRate, 0.99f, 1e-8f);
    }

    /**
     * RMSProp with every setting given.
     *
     * @throws IllegalArgumentException if lr or ε is not positive and finite, or α is outside [0, 1)
     */
    public static Optimizer rmsprop(float learningRate, float alpha, float epsilon) {
        return new RmsProp(learningRate, alpha, epsilon);
    }
}
