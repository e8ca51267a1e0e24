package dev.nnj.core;

/**
 * How parameters move against their gradients. An optimizer is an immutable setting: its state
 * (momentum, Adam's moments) lives in the training run (and in its checkpoints), never in the model. Made by {@link Optimizers}:
 * <pre>{@code
 * import static dev.nnj.core.Optimizers.*;
 * model.train().on(x, y).loss(mse()).optimizer(sgd(0.1f, 0.9f)).epochs(100).run();
 * }</pre>
 */
public sealed interface Optimizer permits Sgd, Adam, RmsProp {
}
