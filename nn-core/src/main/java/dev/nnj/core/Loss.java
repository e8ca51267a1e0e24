package dev.nnj.core;

/**
 * What training minimises, as a mean over the batch. Made by the factories in {@link Losses}:
 * <pre>{@code
 * import static dev.nnj.core.Losses.*;
 * float loss = model.loss(x, y, binaryCrossEntropy());
 * }</pre>
 * A loss is an immutable setting and {@link java.io.Serializable}, so that it travels with a task
 * to another JVM (nn-spark's executors) as it is.
 */
public sealed interface Loss extends java.io.Serializable permits LossFunction {
}
