package dev.nnj.data;

import dev.nnj.core.Dataset;
import dev.nnj.core.Sequential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Helpers shared by the nn-data tests. */
final class TestFiles {

    /** The iris and digits files the project ships (in nn-examples' resources); tests run in nn-data/. */
    static final Path IRIS = Path.of("../nn-examples/src/main/resources/data/iris.csv");
    static final Path DIGITS = Path.of("../nn-examples/src/main/resources/data/digits.csv");

    private TestFiles() {
    }

    static Path write(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dataset's preprocessing applied to these rows, through a one-layer model. */
    static float[][] preprocess(Dataset data, float[][] rows) {
        return Sequential.of(data.preprocessing()).predict(rows);
    }

    static double mean(float[][] rows, int column) {
        double sum = 0;
        for (float[] row : rows) {
            sum += row[column];
        }
        return sum / rows.length;
    }

    static double std(float[][] rows, int column) {
        double mean = mean(rows, column);
        double sum = 0;
        for (float[] row : rows) {
            sum += (row[column] - mean) * (row[column] - mean);
        }
        return Math.sqrt(sum / rows.length);
    }

    /**
     * Bytes allocated so far by the current thread (HotSpot's counter in com.sun.management). Called
     * reflectively: the tests are patched into dev.nnj.data, which reads neither java.management nor
     * jdk.management, and reflection needs no readability.
     */
    static long allocatedBytes() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            return (long) Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes")
                    .invoke(bean);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no per-thread allocation counter in this JVM", e);
        }
    }

    /** Index of the largest value. */
    static int argmax(float[] row) {
        int best = 0;
        for (int j = 1; j < row.length; j++) {
            if (row[j] > row[best]) {
                best = j;
            }
        }
        return best;
    }
}
