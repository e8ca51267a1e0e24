package dev.nnj.core;

/**
 * What training minimises, as a mean over the batch. Made by the factories in {@link Losses}:
 * <pre>{@code
 * import static dev.nnj.core.Losses.*;
 * float loss = model.loss(x, y, binaryCrossEntropy());
 * }</pre>
 */
public sealed interface Loss permits LossFunction {
}
