package dev.nnj.core;

/** Stochastic gradient descent, with momentum (and Nesterov's variant) as in PyTorch when momentum > 0. */
record Sgd(float learningRate, float momentum, boolean nesterov) implements Optimizer {

    Sgd {
        Checks.positiveFinite(nesterov ? "nesterov" : "sgd", "learning rate", learningRate);
        if (!(momentum >= 0f && momentum < 1f) || nesterov && momentum == 0f) {
            throw new IllegalArgumentException((nesterov ? "nesterov" : "sgd") + ": momentum must be in "
                    + (nesterov ? "(0, 1)" : "[0, 1)") + ", got " + momentum + "; 0.9 is usual.");
        }
    }

    @Override
    public String toString() {
        if (nesterov) {
            return "nesterov(" + learningRate + ", " + momentum + ")";
        }
        return momentum == 0f ? "sgd(" + learningRate + ")" : "sgd(" + learningRate + ", momentum " + momentum + ")";
    }
}
