package dev.nnj.core;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static dev.nnj.core.Layers.batchNorm;
import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.dropout;
import static dev.nnj.core.Layers.normalization;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Layers.tanh;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Optimizers.sgd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Exported models run in ONNX Runtime (its Java artifact, test scope) and give what
 * {@code predict} gives, within float32 rounding: |onnx − nnj| ≤ {@link #ABSOLUTE} + {@link #RELATIVE} · m,
 * m being the largest |value| of nnj's output row. Rounding errors scale with the row's magnitude,
 * not with each value: a dense output near zero is the difference of larger products.
 */
class OnnxExportTest {

    /** For rows near zero; float32's spacing at 1 is 1.2e-7. */
    static final float ABSOLUTE = 1e-6f;
    /** Some float32 roundings: ONNX Runtime sums products in another order (and with FMA) and has its own exp and tanh. */
    static final float RELATIVE = 1e-5f;

    @TempDir
    Path dir;

    /** ONNX Runtime's outputs for the rows of {@code x}, after checking the graph's input and output. */
    static float[][] onnxRuntime(Path file, float[][] x) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString());
             OnnxTensor input = OnnxTensor.createTensor(env, x);
             OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
            assertEquals(Set.of(OnnxExport.INPUT), session.getInputNames());
            assertEquals(Set.of(OnnxExport.OUTPUT), session.getOutputNames());
            return (float[][]) result.get(OnnxExport.OUTPUT).orElseThrow().getValue();
        }
    }

    /** Compares ONNX Runtime with predict on the rows of x; returns the largest error as a share of the allowed one. */
    static float assertMatches(Sequential model, Path onnx, float[][] x, String what) throws OrtException {
        float[][] expected = model.predict(x);
        float[][] actual = onnxRuntime(onnx, x);
        assertEquals(expected.length, actual.length, what + ": rows");
        float worst = 0;
        for (int r = 0; r < x.length; r++) {
            assertEquals(expected[r].length, actual[r].length, what + ": row " + r + " width");
            float magnitude = 0;
            for (float v : expected[r]) {
                magnitude = Math.max(magnitude, Math.abs(v));
            }
            float allowed = ABSOLUTE + RELATIVE * magnitude;
            for (int c = 0; c < expected[r].length; c++) {
                float error = Math.abs(actual[r][c] - expected[r][c]);
                assertTrue(error <= allowed, what + ": row " + r + ", column " + c + ": ONNX Runtime gives " + actual[r][c]
                        + ", predict gives " + expected[r][c]);
                worst = Math.max(worst, error / allowed);
            }
        }
        return worst;
    }

    static float[][] uniform(int rows, int cols, float low, float high, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] x = new float[rows][cols];
        for (float[] row : x) {
            for (int c = 0; c < cols; c++) {
                row[c] = (float) (low + (high - low) * random.nextDouble());
            }
        }
        return x;
    }

    /** The model made of layers 0 to {@code last} of {@code model} (copies), so each layer's output can be compared. */
    static Sequential prefix(Sequential model, int last) {
        Layer[] layers = new Layer[last + 1];
        for (int i = 0; i <= last; i++) {
            layers[i] = ((Operation) model.layers().get(i)).copy();
        }
        return Sequential.withValues(layers);
    }

    @Test
    void everyKindOfLayerMatchesOnnxRuntimeAtItsOwnOutput() throws Exception {
        Sequential model = ModelFileTest.everyKindOfLayer();
        Set<Class<?>> covered = new HashSet<>();
        for (Layer layer : model.layers()) {
            covered.add(layer.getClass());
        }
        assertEquals(ModelFileTest.concreteLayerClasses(Operation.class), covered,
                "everyKindOfLayer() must hold one of each layer class, so every kind is exported here");
        // Around the normalisation's centre (10, -3) and far from it, so every activation sees both signs and saturation.
        float[][] x = uniform(257, 2, -30, 50, 1);
        x[0] = new float[] {10, -3};
        x[1] = new float[] {12, -3.5f};
        for (int last = 0; last < model.layers().size(); last++) {
            Sequential upTo = prefix(model, last);
            Path file = dir.resolve("upto" + last + ".onnx");
            upTo.exportOnnx(file);
            assertMatches(upTo, file, x, "layers 0 to " + last + " (ending in " + upTo.layers().get(last) + ")");
        }
    }

    @Test
    void theGraphHasNamedInputAndOutputWithASymbolicBatch() throws Exception {
        Path file = dir.resolve("model.onnx");
        ModelFileTest.everyKindOfLayer().exportOnnx(file);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString())) {
            TensorInfo input = (TensorInfo) session.getInputInfo().get("input").getInfo();
            TensorInfo output = (TensorInfo) session.getOutputInfo().get("output").getInfo();
            assertArrayEquals(new long[] {-1, 2}, input.getShape());
            assertArrayEquals(new long[] {-1, 3}, output.getShape());
            assertEquals("batch", input.getDimensionNames()[0]);
            assertEquals("batch", output.getDimensionNames()[0]);
            assertEquals("nnj", session.getMetadata().getProducerName());
        }
        // One row, and more rows than any chunk of predict.
        assertMatches(ModelFileTest.everyKindOfLayer(), file, uniform(1, 2, -5, 20, 2), "one row");
        assertMatches(ModelFileTest.everyKindOfLayer(), file, uniform(1500, 2, -5, 20, 3), "1500 rows");
    }

    @Test
    void batchNormAfterTrainingUsesItsRunningStatistics() throws Exception {
        float[][][] data = TrainingFeaturesTest.blobs(240, 5);
        Sequential model = Sequential.of(dense(4, 16), batchNorm(), relu(), dropout(0.3f), dense(16, 8), batchNorm(), tanh(),
                dense(8, 3), softmax()).initialize(3);
        model.train().on(data[0], data[1]).loss(crossEntropy()).optimizer(sgd(0.1f)).epochs(15).batchSize(16).seed(3).quiet().run();
        for (int position : new int[] {1, 5}) {
            List<Tensor> tensors = ((Operation) model.layers().get(position)).tensors();
            float[] mean = tensors.get(2).value().data();
            float[] var = tensors.get(3).value().data();
            for (int j = 0; j < mean.length; j++) {
                assertTrue(mean[j] != 0f && var[j] != 1f, "layer " + position + " feature " + j + " was trained");
            }
        }
        Path file = dir.resolve("batchnorm.onnx");
        model.exportOnnx(file);
        assertMatches(model, file, data[0], "training rows");
        assertMatches(model, file, uniform(100, 4, -10, 10, 6), "random rows");
    }

    /**
     * Iris-like flowers (Fisher's per-species means and standard deviations of the four
     * measurements, in centimetres) through a model that starts with their standardisation.
     */
    @Test
    void irisLikeRowsGoInRawThroughTheNormalizationLayer() throws Exception {
        double[][] means = {{5.006, 3.428, 1.462, 0.246}, {5.936, 2.770, 4.260, 1.326}, {6.588, 2.974, 5.552, 2.026}};
        double[][] sds = {{0.352, 0.379, 0.174, 0.105}, {0.516, 0.314, 0.470, 0.198}, {0.636, 0.322, 0.552, 0.275}};
        SplittableRandom random = new SplittableRandom(11);
        float[][] x = new float[150][4];
        float[][] y = new float[150][3];
        for (int r = 0; r < 150; r++) {
            int species = r / 50;
            y[r][species] = 1;
            for (int c = 0; c < 4; c++) {
                // One decimal, as the measurements were recorded; Box-Muller for the normal draw.
                double normal = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
                x[r][c] = Math.round(10 * Math.max(0.1, means[species][c] + sds[species][c] * normal)) / 10f;
            }
        }
        float[] center = new float[4];
        float[] spread = new float[4];
        for (int c = 0; c < 4; c++) {
            double sum = 0;
            double squares = 0;
            for (float[] row : x) {
                sum += row[c];
                squares += (double) row[c] * row[c];
            }
            center[c] = (float) (sum / 150);
            spread[c] = (float) Math.sqrt(squares / 150 - (sum / 150) * (sum / 150));
        }
        Sequential model = Sequential.of(normalization(center, spread), dense(4, 8), relu(), dense(8, 3), softmax()).initialize(42);
        model.train().on(x, y).loss(crossEntropy()).optimizer(sgd(0.1f)).epochs(100).batchSize(16).seed(42).quiet().run();
        Path file = dir.resolve("iris.onnx");
        model.exportOnnx(file);
        assertMatches(model, file, x, "iris-like rows");
        float[][] nnj = model.predict(x);
        float[][] onnx = onnxRuntime(file, x);
        int correct = 0;
        for (int r = 0; r < x.length; r++) {
            assertEquals(argmax(nnj[r]), argmax(onnx[r]), "row " + r + ": the same species");
            correct += y[r][argmax(nnj[r])] == 1 ? 1 : 0;
        }
        assertTrue(correct >= 135, correct + " of 150 flowers right: the model learned, so the comparison is of a real model");
    }

    /** A Fashion-MNIST-sized MLP: 784 pixels in [0, 1], 128 hidden, 10 classes, random weights. */
    @Test
    void aFashionMnistSizedMlpMatches() throws Exception {
        Sequential model = Sequential.of(dense(784, 128), relu(), dense(128, 10), softmax()).initialize(7);
        Path file = dir.resolve("fashion.onnx");
        model.exportOnnx(file);
        assertMatches(model, file, uniform(64, 784, 0, 1, 8), "random images");
        Sequential logits = prefix(model, 2);
        logits.exportOnnx(file);
        assertMatches(logits, file, uniform(64, 784, 0, 1, 9), "logits");
    }

    @Test
    void aModelOfActivationsTakesAnyWidth() throws Exception {
        Sequential model = Sequential.of(tanh(), softmax());
        Path file = dir.resolve("any.onnx");
        model.exportOnnx(file);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString())) {
            NodeInfo input = session.getInputInfo().get("input");
            assertArrayEquals(new long[] {-1, -1}, ((TensorInfo) input.getInfo()).getShape());
        }
        assertMatches(model, file, uniform(5, 3, -4, 4, 10), "3 columns");
        assertMatches(model, file, uniform(5, 7, -4, 4, 11), "7 columns");
    }

    @Test
    void exportIsWrittenLikeSave() throws IOException {
        Sequential model = ModelFileTest.everyKindOfLayer();
        Path file = dir.resolve("model.onnx");
        model.exportOnnx(file);
        byte[] before = Files.readAllBytes(file);
        model.exportOnnx(file);
        assertArrayEquals(before, Files.readAllBytes(file), "the same model gives the same bytes");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> model.exportOnnx(dir.resolve("missing-folder").resolve("model.onnx")));
        assertTrue(e.getMessage().startsWith("exportOnnx:") && e.getMessage().contains("missing-folder")
                && e.getMessage().contains("does not exist"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left beside the export");
        }
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> model.exportOnnx(null));
        assertTrue(none.getMessage().contains("exportOnnx") && none.getMessage().contains("path is null"), none.getMessage());
    }

    @Test
    void weightsBeyondOneProtobufMessageAreRefusedBeforeWriting() {
        OnnxExport.checkSize(OnnxExport.MAX_WEIGHT_BYTES);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExport.checkSize(OnnxExport.MAX_WEIGHT_BYTES + 1));
        assertTrue(e.getMessage().contains("2 GiB") && e.getMessage().contains("external-data"), e.getMessage());
    }

    /** The encoding examples of https://protobuf.dev/programming-guides/encoding/, byte for byte. */
    @Test
    void protobufFieldsAreEncodedAsTheSpecificationShows() {
        assertArrayEquals(bytes(0x08, 0x96, 0x01), new Protobuf().varint(1, 150).toByteArray());
        assertArrayEquals(bytes(0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67), new Protobuf().string(2, "testing").toByteArray());
        assertArrayEquals(bytes(0x1a, 0x03, 0x08, 0x96, 0x01), new Protobuf().message(3, new Protobuf().varint(1, 150)).toByteArray());
        // A negative int64 takes ten bytes; a float is four little-endian bytes after a wire-type-5 tag.
        assertArrayEquals(bytes(0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), new Protobuf().varint(1, -1).toByteArray());
        assertArrayEquals(bytes(0x15, 0x00, 0x00, 0x80, 0x3f), new Protobuf().float32(2, 1f).toByteArray());
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /**
     * The ONNX project's own checker (Debian's python3-onnx) accepts the export with full shape
     * inference and infers the output shape [batch, 3]. Skipped where no python3 with onnx is installed.
     */
    @Test
    void theOnnxCheckerAcceptsTheExport() throws Exception {
        String python = null;
        for (String candidate : new String[] {"python3", "/usr/bin/python3"}) {
            if (ModelFileTest.run(List.of(candidate, "-c", "import onnx")).startsWith("ok")) {
                python = candidate;
                break;
            }
        }
        assumeTrue(python != null, "no python3 with onnx here");
        Path file = dir.resolve("model.onnx");
        ModelFileTest.everyKindOfLayer().exportOnnx(file);
        String script = "import onnx, sys\n"
                + "m = onnx.load(sys.argv[1])\n"
                + "onnx.checker.check_model(m, full_check=True)\n"
                + "m = onnx.shape_inference.infer_shapes(m, strict_mode=True)\n"
                + "dims = lambda v: [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]\n"
                + "print(m.ir_version, m.opset_import[0].version, [(v.name, dims(v)) for v in m.graph.output],"
                + " sorted(n.op_type for n in m.graph.node))\n";
        String output = ModelFileTest.run(List.of(python, "-c", script, file.toString()));
        assertTrue(output.startsWith("ok"), output);
        assertTrue(output.contains("7 13 [('output', ['batch', 3])]"), output);
        for (String op : new String[] {"'Add'", "'BatchNormalization'", "'Gemm'", "'Identity'", "'LeakyRelu'", "'Mul'", "'Relu'",
                "'Sigmoid'", "'Softmax'", "'Tanh'"}) {
            assertTrue(output.contains(op), op + " in " + output);
        }
        assertFalse(output.contains("'Dropout'"), output);
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }
}
