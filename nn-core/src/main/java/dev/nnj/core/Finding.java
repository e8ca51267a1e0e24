package dev.nnj.core;

import java.util.Objects;

/**
 * Something that stops a network from learning, found by nnj's training diagnosis: what the user
 * sees, why it happens, the numbers that show it, and what to try. A run collects its findings in
 * {@link History#findings()} and prints each once (unless the run is {@code quiet()});
 * {@link Sequential#diagnose(Dataset, Loss)} returns them on demand.
 * <pre>{@code
 * History history = model.train().on(x, y).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(2_000).run();
 * for (Finding f : history.findings()) {
 *     System.out.println(f.kind() + " at layer " + f.layer());   // e.g. SATURATED at layer 1
 *     System.out.println(f.message());                          // symptom, evidence, cause and what to try
 * }
 * }</pre>
 * A healthy run has no findings: a cause is named only when its symptom is present (the loss sits
 * where always giving the same answer would put it, rises, or becomes NaN), or when the fault is
 * certain before training starts (identical units, targets the output cannot produce).
 *
 * @param kind     what kind of problem it is
 * @param layer    the position of the layer it concerns in the model, or -1 for the model or the data
 * @param symptom  what the user sees, in plain words, with the numbers (the loss and what it means)
 * @param evidence what nnj measured that shows the cause: the numbers, the layer, the step or epoch
 * @param cause    why that produces the symptom
 * @param advice   what to try, with concrete values where there are any
 */
public record Finding(Kind kind, int layer, String symptom, String evidence, String cause, String advice) {

    /** The kinds of problem nnj's diagnosis names. */
    public enum Kind {
        /** The loss, an output or a weight became NaN or infinite (names the layer and the step). */
        NON_FINITE,
        /** The loss rises or explodes because the learning rate is too high (suggests a lower one). */
        DIVERGING,
        /** The loss sits at the level of always giving the same answer (the mean, or one class) and nothing else explains it. */
        NOT_LEARNING,
        /** Sigmoid or tanh units pinned at their limits for almost every row, where their slope is nearly 0. */
        SATURATED,
        /** ReLU units that output 0 for every row and so get no gradient. */
        DEAD_RELU,
        /** Gradients shrink layer by layer until the first layers barely learn. */
        VANISHING_GRADIENT,
        /** Gradients grow layer by layer until the updates overflow or overshoot. */
        EXPLODING_GRADIENT,
        /** Units with identical weights (all-zero or all-equal starts), which stay identical forever. */
        SYMMETRIC_WEIGHTS,
        /** Input features far from unit scale, which push the first layer's units to their limits. */
        UNSCALED_INPUTS,
        /** The learning rate is so small the weights hardly move (suggests a larger one). */
        LEARNING_RATE_TOO_SMALL,
        /** The loss does not fit the model's output or the targets (BCE on labels 1 and 2, MSE on softmax, ...). */
        LOSS_MISMATCH,
        /** A model without hidden layers on data that no straight line (hyperplane) separates, such as XOR. */
        NOT_SEPARABLE,
        /** The validation loss rises while the training loss falls: the network memorises the training rows. */
        OVERFITTING
    }

    /** Checks that every part is given. */
    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(symptom, "symptom");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(advice, "advice");
        if (layer < -1) {
            throw new IllegalArgumentException("Finding: layer is a position from 0, or -1 for the model; got " + layer + ".");
        }
    }

    /**
     * The finding in words, as a run prints it:
     * <pre>
     * nnj diagnosis: DEAD_RELU (layer 1)
     *   symptom:  the loss stays at 1.0988, where always answering the class shares (1.0986) puts it
     *   evidence: 16 of 16 units of layer 1 relu output 0 for every one of the 60 rows checked ...
     *   cause:    a ReLU unit whose input is negative for every row passes no gradient ...
     *   try:      start the biases at 0 ...
     * </pre>
     */
    public String message() {
        return "nnj diagnosis: " + kind + (layer >= 0 ? " (layer " + layer + ")" : "") + System.lineSeparator()
                + "  symptom:  " + symptom + System.lineSeparator()
                + "  evidence: " + evidence + System.lineSeparator()
                + "  cause:    " + cause + System.lineSeparator()
                + "  try:      " + advice;
    }

    @Override
    public String toString() {
        return message();
    }
}
