package dev.nnj.core;

/**
 * Adam (Kingma and Ba, 2015, "Adam: A Method for Stochastic Optimization"), with bias correction;
 * with {@code weightDecay > 0} it is AdamW (Loshchilov and Hutter, 2019, "Decoupled Weight Decay
 * Regularization"): every step first shrinks each parameter by {@code lr · weightDecay · w}.
 */
record Adam(float learningRate, float beta1, float beta2, float epsilon, float weightDecay) implements Optimizer {

    Adam {
        String name = weightDecay > 0f ? "adamW" : "adam";
        Checks.positiveFinite(name, "learning rate", learningRate);
        Checks.positiveFinite(name, "epsilon", epsilon);
        if (!(beta1 >= 0f && beta1 < 1f) || !(beta2 >= 0f && beta2 < 1f)) {
            throw new IllegalArgumentException(name + ": beta1 and beta2 must be in [0, 1), got " + beta1 + " and " + beta2
                    + "; the usual values are 0.9 and 0.999.");
        }
        if (!(weightDecay >= 0f) || !Float.isFinite(weightDecay)) {
            throw new IllegalArgumentException("adamW: weight decay must be at least 0 and finite, got " + weightDecay
                    + "; 0.01 is PyTorch's default.");
        }
    }

    @Override
    public String toString() {
        return weightDecay > 0f ? "adamW(" + learningRate + ", weight decay " + weightDecay + ")" : "adam(" + learningRate + ")";
    }
}
