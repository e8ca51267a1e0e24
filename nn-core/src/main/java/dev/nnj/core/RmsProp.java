package dev.nnj.core;

/** RMSProp (Hinton's lecture 6e, as PyTorch implements it: not centred, no momentum). */
record RmsProp(float learningRate, float alpha, float epsilon) implements Optimizer {

    RmsProp {
        Checks.positiveFinite("rmsprop", "learning rate", learningRate);
        Checks.positiveFinite("rmsprop", "epsilon", epsilon);
        if (!(alpha >= 0f && alpha < 1f)) {
            throw new IllegalArgumentException("rmsprop: alpha must be in [0, 1), got " + alpha + "; PyTorch's default is 0.99.");
        }
    }

    @Override
    public String toString() {
        return "rmsprop(" + learningRate + ")";
    }
}
