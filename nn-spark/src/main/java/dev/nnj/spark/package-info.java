/**
 * Data-parallel training of an nnj model on Apache Spark: {@link dev.nnj.spark.SparkTraining} trains
 * the same {@code Sequential}, with the same settings as {@code model.train()}, on a DataFrame or an
 * RDD, and returns a {@link dev.nnj.spark.SparkHistory}.
 * <pre>{@code
 * SparkHistory h = SparkTraining.of(model).on(frame, "features", "label")
 *         .loss(crossEntropy()).optimizer(adam(0.001f)).epochs(5).batchSize(256).run();
 * }</pre>
 * Spark is a provided dependency: the cluster (or spark-submit) supplies it.
 */
package dev.nnj.spark;
