package dev.nnj.core;

/**
 * How the learning rate changes from epoch to epoch during a run; the optimizer's rate is the
 * starting point. Made by {@link Schedules}; the rate of each epoch is recorded in the
 * {@link History}:
 * <pre>{@code
 * import static dev.nnj.core.Schedules.*;
 * model.train().on(train).validation(test).loss(crossEntropy()).optimizer(adam(0.001f))
 *         .schedule(cosine(20, 2)).epochs(20).run();
 * }</pre>
 */
public sealed interface Schedule permits RateSchedule {
}
