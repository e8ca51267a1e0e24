package dev.nnj.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.nnj.core.Layers.batchNorm;
import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.dropout;
import static dev.nnj.core.Layers.identity;
import static dev.nnj.core.Layers.leakyRelu;
import static dev.nnj.core.Layers.normalization;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Layers.tanh;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code loadWeights}: PyTorch state_dicts in the safetensors layout, the round trip with torch, and refusals. */
class LoadWeightsTest {

    /** Float32 agreement with PyTorch, which sums products in its own order: |torch − nnj| ≤ 1e-6 + 1e-5 · |nnj|. */
    static final float ABSOLUTE = 1e-6f;
    static final float RELATIVE = 1e-5f;

    @TempDir
    Path dir;

    /** A safetensors file as {@code safetensors.torch.save_file} writes it: the given F32 tensors (and I64 where the value is a long[]). */
    static byte[] safetensors(Map<String, Object> tensors, Map<String, long[]> shapes) {
        StringBuilder header = new StringBuilder("{");
        List<byte[]> chunks = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, Object> e : tensors.entrySet()) {
            ByteBuffer b;
            String dtype;
            if (e.getValue() instanceof long[]) {
                long[] v = (long[]) e.getValue();
                b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
                b.asLongBuffer().put(v);
                dtype = "I64";
            } else {
                float[] v = (float[]) e.getValue();
                b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(v);
                dtype = "F32";
            }
            byte[] data = b.array();
            header.append(header.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":{\"dtype\":\"").append(dtype)
                    .append("\",\"shape\":").append(java.util.Arrays.toString(shapes.get(e.getKey())).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + data.length).append("]}");
            chunks.add(data);
            offset += data.length;
        }
        header.append('}');
        while (header.length() % 8 != 0) {
            header.append(' ');
        }
        byte[] head = header.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + head.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(head.length).put(head);
        for (byte[] c : chunks) {
            file.put(c);
        }
        return file.array();
    }

    /** The state_dict of nn.Sequential(Linear(2, 3), BatchNorm1d(3), ReLU(), Linear(3, 1)), with known values. */
    static Map<String, Object> torchStateDict() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("0.weight", new float[] {1, 2, 3, 4, 5, 6});   // out x in: row o holds the weights into output o
        t.put("0.bias", new float[] {0.5f, -0.5f, 0.25f});
        t.put("1.weight", new float[] {1, 2, 0.5f});
        t.put("1.bias", new float[] {0, 0.1f, -0.1f});
        t.put("1.running_mean", new float[] {1, 2, 3});
        t.put("1.running_var", new float[] {4, 1, 0.25f});
        t.put("1.num_batches_tracked", new long[] {20});
        t.put("3.weight", new float[] {1, -1, 2});
        t.put("3.bias", new float[] {0.75f});
        return t;
    }

    static Map<String, long[]> shapes() {
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("0.weight", new long[] {3, 2});
        s.put("0.bias", new long[] {3});
        for (String name : new String[] {"1.weight", "1.bias", "1.running_mean", "1.running_var"}) {
            s.put(name, new long[] {3});
        }
        s.put("1.num_batches_tracked", new long[] {});
        s.put("3.weight", new long[] {1, 3});
        s.put("3.bias", new long[] {1});
        return s;
    }

    static Sequential torchArchitecture() {
        return Sequential.of(dense(2, 3), batchNorm(), relu(), dense(3, 1));
    }

    @Test
    void aPyTorchStateDictFillsTheModelByPositionWithLinearWeightsOutByIn() throws IOException {
        Path file = dir.resolve("net.safetensors");
        Files.write(file, safetensors(torchStateDict(), shapes()));
        Sequential model = torchArchitecture();
        assertSame(model, model.loadWeights(file));
        // PyTorch's weight[o][i] is nnj's W[i][o].
        assertArrayEquals(new float[][] {{1, 3, 5}, {2, 4, 6}}, model.parameters().get(0).value().toArray());
        List<Tensor> norm = ((Operation) model.layers().get(1)).tensors();
        assertArrayEquals(new float[] {4, 1, 0.25f}, norm.get(3).value().data(), "running_var");
        // By hand, as PyTorch computes it in eval mode: x = (1, -1).
        float[] z = {1 * 1 + 2 * -1 + 0.5f, 3 * 1 + 4 * -1 - 0.5f, 5 * 1 + 6 * -1 + 0.25f};
        float[] mean = {1, 2, 3};
        float[] var = {4, 1, 0.25f};
        float[] gamma = {1, 2, 0.5f};
        float[] beta = {0, 0.1f, -0.1f};
        float[] w = {1, -1, 2};
        double out = 0.75;
        for (int j = 0; j < 3; j++) {
            double normalized = (z[j] - mean[j]) / Math.sqrt(var[j] + 1e-5) * gamma[j] + beta[j];
            out += w[j] * Math.max(0, normalized);
        }
        assertEquals(out, model.predict(new float[] {1, -1})[0], 1e-5);
    }

    @Test
    void aFileThatDoesNotFitIsRefusedNamingEveryMisfitAndChangesNothing() throws IOException {
        Map<String, Object> tensors = torchStateDict();
        Map<String, long[]> shapes = shapes();
        tensors.remove("3.bias");
        shapes.remove("3.bias");
        tensors.put("0.weight", new float[] {1, 2, 3, 4, 5, 6});
        shapes.put("0.weight", new long[] {2, 3});   // in x out: transposed
        tensors.put("4.weight", new float[] {1});
        shapes.put("4.weight", new long[] {1, 1});
        Path file = dir.resolve("misfit.safetensors");
        Files.write(file, safetensors(tensors, shapes));
        Sequential model = torchArchitecture();
        Sequential before = model.copy();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.loadWeights(file));
        String m = e.getMessage();
        assertTrue(m.startsWith("loadWeights ") && m.contains("misfit.safetensors"), m);
        assertTrue(m.contains("missing 3.bias (layer 3 dense(3 -> 1) needs F32 [1])"), m);
        assertTrue(m.contains("0.weight is F32 [2, 3], but layer 0 dense(2 -> 3) needs F32 [3, 2] (it looks transposed"), m);
        assertTrue(m.contains("unexpected 4.weight (F32 [1, 1])"), m);
        assertTrue(m.contains("the model was not changed"), m);
        assertSameValues(before, model);
        // A file of another model entirely (22 misfits): the first 12, and a count of the rest.
        Sequential wide = Sequential.of(dense(2, 4), relu(), dense(4, 4), relu(), dense(4, 4), relu(), dense(4, 4), relu(),
                dense(4, 4), relu(), dense(4, 4), relu(), dense(4, 4), relu(), dense(4, 1));
        String many = assertThrows(IllegalArgumentException.class, () -> wide.loadWeights(file)).getMessage();
        assertTrue(many.contains("; and 10 more."), many);
    }

    @Test
    void typesCountersAndValuesAreChecked() throws IOException {
        Sequential model = torchArchitecture();
        // num_batches_tracked is ignored only as PyTorch writes it: an I64 scalar of a batch norm layer.
        Map<String, Object> tensors = torchStateDict();
        Map<String, long[]> shapes = shapes();
        tensors.put("3.num_batches_tracked", new long[] {20});
        shapes.put("3.num_batches_tracked", new long[] {});
        Path counter = dir.resolve("counter.safetensors");
        Files.write(counter, safetensors(tensors, shapes));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.loadWeights(counter));
        assertTrue(e.getMessage().contains("unexpected 3.num_batches_tracked (I64 [])"), e.getMessage());
        // Double precision is refused with the fix.
        tensors = torchStateDict();
        shapes = shapes();
        tensors.put("0.bias", new long[] {1, 2, 3});
        Path wrongType = dir.resolve("double.safetensors");
        Files.write(wrongType, safetensors(tensors, shapes));
        e = assertThrows(IllegalArgumentException.class, () -> model.loadWeights(wrongType));
        assertTrue(e.getMessage().contains("0.bias is I64 [3], but layer 0 dense(2 -> 3) needs F32 [3]")
                && e.getMessage().contains("net.float()"), e.getMessage());
        // NaN is refused where it is, in PyTorch's indexing.
        tensors = torchStateDict();
        ((float[]) tensors.get("0.weight"))[3] = Float.NaN;
        Path nan = dir.resolve("nan.safetensors");
        Files.write(nan, safetensors(tensors, shapes()));
        e = assertThrows(IllegalArgumentException.class, () -> model.loadWeights(nan));
        assertTrue(e.getMessage().contains("tensor 0.weight holds NaN at [1, 1]"), e.getMessage());
        // A normalisation's spread of zero is refused as its layer would refuse it.
        Sequential normalized = Sequential.of(normalization(new float[] {0, 0}, new float[] {1, 1}), dense(2, 1));
        Map<String, Object> n = new LinkedHashMap<>();
        Map<String, long[]> ns = new LinkedHashMap<>();
        n.put("0.center", new float[] {1, 2});
        n.put("0.spread", new float[] {3, 0});
        n.put("1.weight", new float[] {1, 1});
        n.put("1.bias", new float[] {0});
        ns.put("0.center", new long[] {2});
        ns.put("0.spread", new long[] {2});
        ns.put("1.weight", new long[] {1, 2});
        ns.put("1.bias", new long[] {1});
        Path zero = dir.resolve("zero.safetensors");
        Files.write(zero, safetensors(n, ns));
        e = assertThrows(IllegalArgumentException.class, () -> normalized.loadWeights(zero));
        assertTrue(e.getMessage().contains("layer 0 normalization(2) cannot take these values") && e.getMessage().contains("column 1"),
                e.getMessage());
        Sequential unchanged = Sequential.of(normalization(new float[] {0, 0}, new float[] {1, 1}), dense(2, 1));
        assertSameValues(unchanged, normalized);
    }

    /** Every tensor of every layer equal, bit for bit. */
    static void assertSameValues(Sequential expected, Sequential actual) {
        for (int i = 0; i < expected.layers().size(); i++) {
            List<Tensor> a = ((Operation) expected.layers().get(i)).tensors();
            List<Tensor> b = ((Operation) actual.layers().get(i)).tensors();
            assertEquals(a.size(), b.size(), "layer " + i);
            for (int t = 0; t < a.size(); t++) {
                assertArrayEquals(a.get(t).value().data(), b.get(t).value().data(), i + "." + a.get(t).name());
            }
        }
    }

    @Test
    void missingDamagedAndForeignFilesAreRefusedNamingTheFile() throws IOException {
        Sequential model = torchArchitecture();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> model.loadWeights(dir.resolve("none.safetensors")));
        assertTrue(missing.getMessage().contains("none.safetensors"), missing.getMessage());
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not weights at all");
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class, () -> model.loadWeights(text));
        assertTrue(foreign.getMessage().startsWith("loadWeights ") && foreign.getMessage().contains("notes.txt")
                && foreign.getMessage().contains("not a safetensors file") && foreign.getMessage().contains("save_file"), foreign.getMessage());
        byte[] whole = safetensors(torchStateDict(), shapes());
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 4));
        IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class, () -> model.loadWeights(cut));
        assertTrue(truncated.getMessage().contains("cut.safetensors") && truncated.getMessage().contains("write the file again"),
                truncated.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.loadWeights(null));
        // A header that declares 1.6 GB of weights in a 100-byte file is refused before anything is allocated for them.
        Path huge = dir.resolve("huge.safetensors");
        Files.write(huge, ModelFileTest.file("{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[20000,20000],"
                + "\"data_offsets\":[0,1600000000]}}", new byte[8]));
        long before = ModelFileTest.allocatedBytes();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> model.loadWeights(huge));
        long allocated = ModelFileTest.allocatedBytes() - before;
        assertTrue(refused.getMessage().contains("huge.safetensors") && refused.getMessage().contains("truncated or damaged"),
                refused.getMessage());
        assertTrue(allocated < 4 << 20, allocated + " bytes allocated before refusing");
    }

    @Test
    void anNnjModelFileLoadsIntoAModelOfTheSameLayers() throws IOException {
        Sequential trained = ModelFileTest.everyKindOfLayer();
        Path file = dir.resolve("model.nnj");
        trained.save(file);
        Sequential fresh = Sequential.of(normalization(new float[] {0, 0}, new float[] {1, 1}), dense(2, 5), sigmoid(),
                dense(5, 4), batchNorm(), tanh(), dense(4, 4), relu(), dropout(0.25f), dense(4, 3), leakyRelu(0.05f),
                identity(), dense(3, 3), softmax());
        fresh.loadWeights(file);
        assertSameValues(trained, fresh);
        float[][] rows = {{12, -3.5f}, {7, -2}, {10, -3}};
        float[][] expected = trained.predict(rows);
        float[][] actual = fresh.predict(rows);
        for (int r = 0; r < rows.length; r++) {
            assertArrayEquals(expected[r], actual[r], "row " + r);
        }
        // An nnj file's checksum is checked too.
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 5] ^= 1;
        Path damaged = dir.resolve("damaged.nnj");
        Files.write(damaged, bytes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fresh.loadWeights(damaged));
        assertTrue(e.getMessage().startsWith("loadWeights ") && e.getMessage().contains("CRC-32"), e.getMessage());
        // A checkpoint holds the run's state beside the model: loadWeights takes the model's tensors.
        float[][][] d = TrainingFeaturesTest.blobs(30, 1);
        Sequential trainedByRun = TrainingFeaturesTest.classifier();
        Path checkpoint = dir.resolve("run.ckpt");
        trainedByRun.train().on(d[0], d[1]).loss(Losses.crossEntropy()).optimizer(Optimizers.adam(0.01f)).epochs(2).quiet()
                .checkpoint(checkpoint, 1).run();
        Sequential other = TrainingFeaturesTest.classifier().initialize(99);
        other.loadWeights(checkpoint);
        assertSameValues(trainedByRun, other);
    }

    static String python() throws Exception {
        for (String candidate : new String[] {"python3", "/usr/bin/python3"}) {
            if (ModelFileTest.run(List.of(candidate, "-c", "import torch, numpy")).startsWith("ok")) {
                return candidate;
            }
        }
        return null;
    }

    static Path script(String name) throws Exception {
        return Path.of(LoadWeightsTest.class.getResource(name).toURI());
    }

    /**
     * A torch nn.Sequential of every module nnj has a layer for, trained a few steps (so batch norm's
     * running statistics moved), saved in the safetensors layout, loads into the nnj model of the same
     * layers and predicts what torch predicts. The file is written by the numpy function docs/interop.md
     * shows (Debian has torch but no safetensors package). Skipped where no python3 with torch is installed.
     */
    @Test
    void aTrainedTorchModelLoadsIntoNnjAndPredictsTheSame() throws Exception {
        String roundTrip = Files.readString(script("torch_roundtrip.py"));
        String writer = roundTrip.substring(roundTrip.indexOf("def save_file"), roundTrip.indexOf("def torch_to_nnj")).strip();
        assertTrue(Files.readString(Path.of("..", "docs", "interop.md")).contains(writer),
                "docs/interop.md shows the numpy writer of torch_roundtrip.py as it is");
        String python = python();
        assumeTrue(python != null, "no python3 with torch and numpy here");
        Path file = dir.resolve("net.safetensors");
        String output = ModelFileTest.run(List.of(python, script("torch_roundtrip.py").toString(), "torch-to-nnj", file.toString()));
        assertTrue(output.startsWith("ok"), output);
        Map<?, ?> result = (Map<?, ?>) Json.parse(output.substring(2).strip());
        assertTrue(((List<?>) result.get("names")).contains("1.num_batches_tracked"), "the file holds what PyTorch adds");
        Sequential model = Sequential.of(dense(4, 16), batchNorm(), relu(), dropout(0.2f), dense(16, 8), tanh(), dense(8, 8),
                leakyRelu(0.1f), identity(), dense(8, 6), sigmoid(), dense(6, 3), softmax()).loadWeights(file);
        float[][] rows = matrix(result.get("rows"));
        assertClose(matrix(result.get("outputs")), model.predict(rows), "torch's outputs");
    }

    /**
     * An nnj model file of every layer kind loads into torch with docs/interop.md's {@code to_torch}
     * (nnj_torch.py, shown there verbatim) and predicts what nnj predicts.
     */
    @Test
    void anNnjModelLoadsIntoTorchAndPredictsTheSame() throws Exception {
        String helper = Files.readString(script("nnj_torch.py"));
        assertTrue(Files.readString(Path.of("..", "docs", "interop.md")).contains(helper.strip()),
                "docs/interop.md shows nnj_torch.py as it is");
        String python = python();
        assumeTrue(python != null, "no python3 with torch and numpy here");
        Sequential model = ModelFileTest.everyKindOfLayer();
        Path file = dir.resolve("model.nnj");
        model.save(file);
        float[][] rows = OnnxExportTest.uniform(30, 2, -30, 50, 4);
        StringBuilder json = new StringBuilder("[");
        for (float[] row : rows) {
            json.append(json.length() > 1 ? "," : "").append('[').append(row[0]).append(',').append(row[1]).append(']');
        }
        String output = ModelFileTest.run(List.of(python, script("torch_roundtrip.py").toString(), "nnj-to-torch", file.toString(),
                json.append(']').toString()));
        assertTrue(output.startsWith("ok"), output);
        assertClose(matrix(Json.parse(output.substring(2).strip())), model.predict(rows), "torch's outputs");
    }

    static float[][] matrix(Object json) {
        List<?> rows = (List<?>) json;
        float[][] m = new float[rows.size()][];
        for (int r = 0; r < m.length; r++) {
            List<?> row = (List<?>) rows.get(r);
            m[r] = new float[row.size()];
            for (int c = 0; c < m[r].length; c++) {
                m[r][c] = ((Json.Num) row.get(c)).floatValue();
            }
        }
        return m;
    }

    static void assertClose(float[][] theirs, float[][] ours, String what) {
        assertEquals(theirs.length, ours.length, what + ": rows");
        for (int r = 0; r < ours.length; r++) {
            assertEquals(theirs[r].length, ours[r].length, what + ": row " + r);
            for (int c = 0; c < ours[r].length; c++) {
                assertEquals(ours[r][c], theirs[r][c], ABSOLUTE + RELATIVE * Math.abs(ours[r][c]), what + ": row " + r + ", column " + c);
            }
        }
    }
}
