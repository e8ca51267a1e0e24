/**
 * nnj's public API: build a {@link dev.nnj.core.Sequential} from {@link dev.nnj.core.Layers},
 * train it with the {@link dev.nnj.core.Training} DSL using {@link dev.nnj.core.Losses} and
 * {@link dev.nnj.core.Optimizers}, and check its gradients with {@link dev.nnj.core.GradientCheck}.
 * <pre>{@code
 * import static dev.nnj.core.Layers.*;
 * import static dev.nnj.core.Losses.*;
 * import static dev.nnj.core.Optimizers.*;
 *
 * Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
 * model.train().on(x, y).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(10_000).batchSize(4).run();
 * float[][] p = model.predict(x);
 * }</pre>
 * Every type here other than the ones named in the package summary is an implementation detail.
 */
package dev.nnj.core;
