package dev.nnj.spark;

/**
 * Reads Spark ML vectors (a VectorAssembler's output). Alone in its class so that only runs with a
 * vector column load Spark ML's classes, which a cluster always has but a program may not.
 */
final class MlVectors {

    private MlVectors() {
    }

    static float[] values(Object vector) {
        double[] d = ((org.apache.spark.ml.linalg.Vector) vector).toArray();
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
