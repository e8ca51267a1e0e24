package dev.nnj.core;

/** Adam (Kingma and Ba, 2015, "Adam: A Method for Stochastic Optimization"), with bias correction. */
record Adam(float learningRate, float beta1, float beta2, float epsilon) implements Optimizer {

    Adam {
        Checks.positiveFinite("adam", "learning rate", learningRate);
        Checks.positiveFinite("adam", "epsilon", epsilon);
        if (!(beta1 >= 0f && beta1 < 1f) || !(beta2 >= 0f && beta2 < 1f)) {
            throw new IllegalArgumentException("adam: beta1 and beta2 must be in [0, 1), got " + beta1 + " and " + beta2
                    + "; the usual values are 0.9 and 0.999.");
        }
    }

    @Override
    public String toString() {
        return "adam(" + learningRate + ")";
    }
}
