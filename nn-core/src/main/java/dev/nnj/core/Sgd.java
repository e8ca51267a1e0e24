package dev.nnj.core;

/** Stochastic gradient descent, with momentum as in PyTorch when momentum > 0. */
record Sgd(float learningRate, float momentum) implements Optimizer {

    Sgd {
        Checks.positiveFinite("sgd", "learning rate", learningRate);
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new IllegalArgumentException("sgd: momentum must be in [0, 1), got " + momentum + "; 0.9 is usual.");
        }
    }

    @Override
    public String toString() {
        return momentum == 0f ? "sgd(" + learningRate + ")" : "sgd(" + learningRate + ", momentum " + momentum + ")";
    }
}
