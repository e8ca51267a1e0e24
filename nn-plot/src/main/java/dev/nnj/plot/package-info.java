/**
 * Pictures of training, as PNG or SVG files: {@link dev.nnj.plot.Plots} makes them,
 * {@link dev.nnj.plot.Picture} saves them.
 * <pre>{@code
 * History history = model.train().on(x, y).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(10_000).run();
 * Plots.curves(history).save(Path.of("loss.png"));                        // loss (and accuracy) per epoch
 * Plots.decisionBoundary(model, x, y).save(Path.of("boundary.svg"));      // two inputs: the plane, coloured by prediction
 * }</pre>
 * Drawing never opens a window: the first use of {@link dev.nnj.plot.Plots} sets
 * {@code java.awt.headless=true} unless the program set {@code java.awt.headless} itself.
 */
package dev.nnj.plot;
