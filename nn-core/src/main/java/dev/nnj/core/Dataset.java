package dev.nnj.core;

import java.util.List;
import java.util.Objects;

/**
 * Training examples: feature rows and their target rows, plus the preprocessing fitted on them.
 *
 * <p>{@link #features()} are the rows as read, never rescaled; {@link #preprocessing()} is a
 * {@link Layer} holding the transform fitted on this dataset's own rows (standardisation,
 * min-max, or identity), with fixed parameters. Put it first in the model, so the trained
 * model takes raw rows:
 * <pre>{@code
 * Dataset data = Dataset.of(x, y);
 * Dataset.Split split = data.split(0.8, 42);
 * Sequential model = Sequential.of(split.train().preprocessing(), dense(4, 8), relu(), dense(8, 3), softmax());
 * model.train().on(split.train()).loss(crossEntropy()).optimizer(sgd(0.1f)).epochs(200).run();
 * }</pre>
 *
 * <p>nn-data's {@code TabularData} builds datasets from tables; {@link #of(float[][], float[][])}
 * wraps arrays already in memory.
 */
public interface Dataset {

    /** The feature rows as read: one example per row, all rows of equal width. Do not modify. */
    float[][] features();

    /** The target rows, aligned with {@link #features()}. Do not modify. */
    float[][] targets();

    /** The number of examples. */
    default int size() {
        return features().length;
    }

    /** The transform fitted on this dataset's rows, to put first in a model; identity when none was asked. */
    Layer preprocessing();

    /** Names of the feature columns, in order; generated ({@code x0, x1, ...}) when the source had none. */
    default List<String> featureNames() {
        return SimpleDataset.defaultNames("x", features()[0].length);
    }

    /**
     * What turns this dataset's raw rows (text cells as in its file) into feature rows, if it was
     * read from a table; a model trained on the dataset keeps it, so it predicts from raw rows.
     */
    default java.util.Optional<RowEncoder> encoder() {
        return java.util.Optional.empty();
    }

    /** Class names for a classification target, in target-column order; empty for regression. */
    default List<String> classNames() {
        return List.of();
    }

    /**
     * Splits the examples into a training part and a test part, shuffled with {@code seed}.
     * Each part's {@link #preprocessing()} is fitted on the training rows.
     *
     * @param trainFraction the share of examples for training, in (0, 1)
     * @throws IllegalArgumentException if the fraction is outside (0, 1) or leaves a part empty
     */
    default Split split(double trainFraction, long seed) {
        return SimpleDataset.randomSplit(this, trainFraction, seed);
    }

    /**
     * Wraps feature and target rows held in memory (no preprocessing). The arrays are checked
     * (equal row counts, rectangular, finite) and copied.
     *
     * @throws IllegalArgumentException naming the row and column of the first problem
     */
    static Dataset of(float[][] features, float[][] targets) {
        return SimpleDataset.of(features, targets);
    }

    /**
     * A training part and a test part of one dataset.
     *
     * @param train the rows to train on; its preprocessing is fitted on them
     * @param test  the held-out rows
     */
    record Split(Dataset train, Dataset test) {
        /** Checks that neither part is null. */
        public Split {
            Objects.requireNonNull(train, "train");
            Objects.requireNonNull(test, "test");
        }
    }
}
