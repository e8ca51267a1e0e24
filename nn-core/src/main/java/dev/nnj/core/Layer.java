package dev.nnj.core;

/**
 * One step of a {@link Sequential} model: a dense layer, an activation, or a fixed
 * preprocessing transform. Layers are made by the factories in {@link Layers}:
 * <pre>{@code
 * import static dev.nnj.core.Layers.*;
 * Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
 * }</pre>
 * A layer holds its own parameters and buffers, so one layer object belongs to one model.
 * {@code toString()} names it the way the factory call reads, e.g. {@code dense(2 -> 3)}.
 */
public sealed interface Layer permits Operation {
}
