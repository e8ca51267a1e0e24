package dev.nnj.core;

/**
 * How parameters move against their gradients. An optimizer is an immutable setting: its state
 * (momentum, Adam's moments) lives in the training run (and in its checkpoints), never in the model. Made by {@link Optimizers}:
 * <pre>{@code
 * import static dev.nnj.core.Optimizers.*;
 * model.train().on(x, y).loss(mse()).optimizer(sgd(0.1f, 0.9f)).epochs(100).run();
 * }</pre>
 * Optimizers are records of their settings and {@link java.io.Serializable}, so that one travels
 * with a task to another JVM (nn-spark's executors) and arrives equal.
 */
public sealed interface Optimizer extends java.io.Serializable permits Sgd, Adam, RmsProp {
}
