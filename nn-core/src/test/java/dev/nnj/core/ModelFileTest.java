package dev.nnj.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ModelFileTest {

    @TempDir
    Path dir;

    /** Every kind of layer nnj 0.1 had: what the format-1 golden file holds. */
    static Sequential formatOneLayers() {
        return Sequential.of(normalization(new float[] {10, -3}, new float[] {4, 0.5f}), dense(2, 5), sigmoid(),
                dense(5, 4), tanh(), dense(4, 4), relu(), dense(4, 3), leakyRelu(0.05f), identity(), dense(3, 3), softmax())
                .initialize(17);
    }

    /** One of each layer class, with non-default values in every tensor (batch norm's running statistics too). */
    static Sequential everyKindOfLayer() {
        Sequential model = Sequential.of(normalization(new float[] {10, -3}, new float[] {4, 0.5f}), dense(2, 5), sigmoid(),
                dense(5, 4), batchNorm(), tanh(), dense(4, 4), relu(), dropout(0.25f), dense(4, 3), leakyRelu(0.05f),
                identity(), dense(3, 3), softmax()).initialize(17);
        BatchNorm norm = (BatchNorm) model.layers().get(4);
        for (Tensor t : norm.tensors()) {
            for (int j = 0; j < t.value().cols(); j++) {
                t.value().set(0, j, 0.5f + 0.25f * j + (t.trainable() ? 0 : 0.125f));
            }
        }
        return model;
    }

    @Test
    void aSavedModelLoadsWithTheSameLayersAndPredictions() {
        Sequential model = everyKindOfLayer();
        Path file = dir.resolve("model.nnj");
        model.save(file);
        Sequential loaded = Sequential.load(file);
        assertEquals(model.toString(), loaded.toString());
        float[][] raw = {{12, -3.5f}, {7, -2}, {10, -3}};
        float[][] expected = model.predict(raw);
        float[][] actual = loaded.predict(raw);
        for (int r = 0; r < raw.length; r++) {
            assertArrayEquals(expected[r], actual[r], "row " + r);
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left beside the model");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aTruncatedOrDamagedFileIsRejectedNamingTheFile() throws IOException {
        Path file = dir.resolve("model.nnj");
        everyKindOfLayer().save(file);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.nnj");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class, () -> Sequential.load(cut));
        assertTrue(truncated.getMessage().contains("cut.nnj") && truncated.getMessage().contains("truncated or damaged"),
                truncated.getMessage());
        bytes[40] ^= 1;
        Path flipped = dir.resolve("flipped.nnj");
        Files.write(flipped, bytes);
        assertThrows(IllegalArgumentException.class, () -> Sequential.load(flipped));
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not a model at all");
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class, () -> Sequential.load(text));
        assertTrue(foreign.getMessage().contains("not an nnj model file"), foreign.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Sequential.load(dir.resolve("none.nnj")));
        assertTrue(missing.getMessage().contains("none.nnj"), missing.getMessage());
    }

    @Test
    void aFailedSaveKeepsTheOldFileAndSaysWhy() throws IOException {
        Path file = dir.resolve("model.nnj");
        Sequential first = everyKindOfLayer();
        first.save(file);
        byte[] before = Files.readAllBytes(file);
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> first.save(dir.resolve("missing-folder").resolve("model.nnj")));
        assertTrue(e.getMessage().contains("missing-folder") && e.getMessage().contains("does not exist"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aSavedFileHasTheSamePermissionsAsAnyNewFile() throws IOException {
        Path model = dir.resolve("model.nnj");
        everyKindOfLayer().save(model);
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(model));
        }
    }

    /**
     * A file written by format version 1 (test resource {@code model-format-1.nnj}: every kind of
     * layer, weights drawn with seed 17, saved on 2026-11-23) keeps loading: the same layers, the
     * same weights bit for bit (SplittableRandom's sequence is specified, so seed 17 gives them
     * anywhere), and the predictions recorded when it was saved.
     */
    @Test
    void formatVersion1KeepsLoading() throws Exception {
        Path file = Path.of(ModelFileTest.class.getResource("model-format-1.nnj").toURI());
        Sequential model = Sequential.load(file);
        Sequential original = formatOneLayers();
        assertEquals(original.toString(), model.toString());
        for (int i = 0; i < original.parameters().size(); i++) {
            float[][] expected = original.parameters().get(i).value().toArray();
            float[][] actual = model.parameters().get(i).value().toArray();
            for (int r = 0; r < expected.length; r++) {
                assertArrayEquals(expected[r], actual[r], original.parameters().get(i).name());
            }
        }
        float[][] p = model.predict(new float[][] {{12, -3.5f}, {7, -2}});
        assertArrayEquals(new float[] {0.3675476f, 0.37240592f, 0.26004645f}, p[0], 1e-6f);
        assertArrayEquals(new float[] {0.3289273f, 0.30269244f, 0.36838022f}, p[1], 1e-6f);
    }

    /** Every concrete layer class, found from the sealed hierarchy, so a new kind cannot be forgotten here. */
    static Set<Class<?>> concreteLayerClasses(Class<?> type) {
        Set<Class<?>> found = new HashSet<>();
        if (type.getPermittedSubclasses() == null) {
            found.add(type);
            return found;
        }
        for (Class<?> sub : type.getPermittedSubclasses()) {
            found.addAll(concreteLayerClasses(sub));
        }
        return found;
    }

    @Test
    void theRoundTripCoversEveryKindOfLayerAndEveryTensorBitForBit() {
        Sequential model = everyKindOfLayer();
        Set<Class<?>> covered = new HashSet<>();
        for (Layer layer : model.layers()) {
            covered.add(layer.getClass());
        }
        assertEquals(concreteLayerClasses(Operation.class), covered,
                "everyKindOfLayer() must hold one of each layer class, so the round trip covers it");
        Sequential loaded = ModelFile.decode(ModelFile.encode(model), "memory");
        for (int i = 0; i < model.layers().size(); i++) {
            List<Tensor> before = ((Operation) model.layers().get(i)).tensors();
            List<Tensor> after = ((Operation) loaded.layers().get(i)).tensors();
            assertEquals(before.size(), after.size(), "layer " + i);
            for (int t = 0; t < before.size(); t++) {
                assertArrayEquals(before.get(t).value().data(), after.get(t).value().data(), i + "." + before.get(t).name());
            }
            assertEquals(LayerCodec.encode((Operation) model.layers().get(i)), LayerCodec.encode((Operation) loaded.layers().get(i)));
        }
    }

    @Test
    void theFileIsSafetensorsWithPyTorchNamesAndLayout() {
        Sequential model = Sequential.of(dense(2, 3), relu(), dense(3, 1));
        byte[] bytes = ModelFile.encode(model);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + headerLength) % 8, "the data start 8-byte aligned");
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertTrue(header.contains("\"0.weight\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,24]}"), header);
        assertTrue(header.contains("\"2.bias\":{\"dtype\":\"F32\",\"shape\":[1]"), header);
        assertTrue(header.contains("\"format\":\"nnj\"") && header.contains("\"format_version\":\"2\""), header);
        // 0.weight is stored out x in: its second stored value is W[1][0], PyTorch's weight[0][1].
        float stored = ByteBuffer.wrap(bytes, (int) (8 + headerLength) + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertEquals(model.parameters().get(0).value().get(1, 0), stored);
    }

    static String metadata(String architecture, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(architecture.getBytes(StandardCharsets.UTF_8));
        crc.update(data);
        StringBuilder escaped = new StringBuilder();
        Json.string(escaped, architecture);
        return "\"__metadata__\":{\"format\":\"nnj\",\"format_version\":\"2\",\"architecture\":" + escaped
                + ",\"crc32\":\"" + String.format("%08x", crc.getValue()) + "\"}";
    }

    static byte[] file(String header, byte[] data) {
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + head.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(head.length).put(head).put(data).array();
    }

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    static void refused(Path file, String... fragments) {
        long before = allocatedBytes();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sequential.load(file));
        long allocated = allocatedBytes() - before;
        assertTrue(allocated < 4 << 20, allocated + " bytes allocated before refusing " + file.getFileName());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "missing '" + fragment + "' in: " + e.getMessage());
        }
    }

    /**
     * Tiny files with a valid checksum that declare huge layers or tensors are refused before
     * anything is allocated (measured with the thread's allocation counter), naming the file.
     */
    @Test
    void oversizedDeclarationsAreRefusedBeforeAllocating() throws IOException {
        String bigDense = "{\"layers\":[{\"kind\":\"dense\",\"version\":1,\"in\":20000,\"out\":20000}]}";
        byte[] small = new byte[8];
        Path mismatch = dir.resolve("mismatch.nnj");
        Files.write(mismatch, file("{" + metadata(bigDense, small) + ",\"0.weight\":{\"dtype\":\"F32\",\"shape\":[1,1],"
                + "\"data_offsets\":[0,4]},\"0.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", small));
        refused(mismatch, "tensor '0.weight' is F32 [1, 1]", "needs F32 [20000, 20000]");

        Path claims = dir.resolve("claims.nnj");
        Files.write(claims, file("{" + metadata(bigDense, small) + ",\"0.weight\":{\"dtype\":\"F32\",\"shape\":[20000,20000],"
                + "\"data_offsets\":[0,1600000000]},\"0.bias\":{\"dtype\":\"F32\",\"shape\":[20000],\"data_offsets\":[0,80000]}}", small));
        refused(claims, "truncated or damaged", "0.weight", "1600000000");

        Path header = dir.resolve("header.nnj");
        Files.write(header, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE).putLong(0).array());
        refused(header, "not an nnj model file");
        Path longHeader = dir.resolve("long-header.nnj");
        Files.write(longHeader, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(50_000_000).putLong(0).array());
        refused(longHeader, "truncated or damaged", "50000000");

        Path overflow = dir.resolve("overflow.nnj");
        Files.write(overflow, file("{" + metadata(bigDense, small) + ",\"0.weight\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],"
                + "\"data_offsets\":[0,8]}}", small));
        refused(overflow, "too large");

        String hugeLayer = "{\"layers\":[{\"kind\":\"dense\",\"version\":1,\"in\":50000,\"out\":50000}]}";
        Path tooMany = dir.resolve("too-many.nnj");
        Files.write(tooMany, file("{" + metadata(hugeLayer, new byte[0]) + "}", new byte[0]));
        refused(tooMany, "layer 0", "more than one layer can hold");
    }

    @Test
    void damagedHeadersAreRefusedNamingTheFileAndTheProblem() throws IOException {
        String xor = "{\"layers\":[{\"kind\":\"dense\",\"version\":1,\"in\":1,\"out\":1}]}";
        byte[] data = new byte[8];
        String tensors = ",\"0.weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},"
                + "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        Path ok = dir.resolve("ok.nnj");
        Files.write(ok, file("{" + metadata(xor, data) + tensors, data));
        assertEquals("Sequential[dense(1 -> 1)] (2 parameters)", Sequential.load(ok).toString());

        Path json = dir.resolve("json.nnj");
        Files.write(json, file("{" + metadata(xor, data) + tensors.replace("}}", "}"), data));
        refused(json, "header is damaged");
        Path gap = dir.resolve("gap.nnj");
        Files.write(gap, file("{" + metadata(xor, data) + tensors.replace("[4,8]", "[6,10]").replace("[0,4]", "[0,4]"), new byte[10]));
        refused(gap);
        Path overlap = dir.resolve("overlap.nnj");
        Files.write(overlap, file("{" + metadata(xor, data) + tensors.replace("[4,8]", "[0,4]"), data));
        refused(overlap, "without gaps or overlaps");
        Path dtype = dir.resolve("dtype.nnj");
        Files.write(dtype, file("{" + metadata(xor, data) + tensors.replace("\"F32\",\"shape\":[1,1]", "\"F16\",\"shape\":[1,1]"), data));
        refused(dtype, "F16", "F32");
        Path crc = dir.resolve("crc.nnj");
        byte[] other = {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0};
        Files.write(crc, file("{" + metadata(xor, data) + tensors, other));
        refused(crc, "CRC-32");
        Path config = dir.resolve("config.nnj");
        Files.write(config, file("{" + metadata(xor, data).replace("\"in\\\":1", "\"in\\\":2") + tensors, data));
        refused(config, "CRC-32");
        Path newer = dir.resolve("newer.nnj");
        Files.write(newer, file("{" + metadata(xor, data).replace("\"format_version\":\"2\"", "\"format_version\":\"3\"") + tensors, data));
        refused(newer, "format version 3", "newer nnj", "Upgrade nnj");
        Path newerLayer = dir.resolve("newer-layer.nnj");
        Files.write(newerLayer, file("{" + metadata(xor.replace("\"version\":1", "\"version\":2"), data) + tensors, data));
        refused(newerLayer, "layer 0 (dense) is stored in version 2", "upgrade nnj");
        Path unknown = dir.resolve("unknown.nnj");
        Files.write(unknown, file("{" + metadata(xor.replace("dense", "conv2d"), data) + tensors, data));
        refused(unknown, "layer 0 is of kind 'conv2d'");
        Path foreign = dir.resolve("foreign.safetensors");
        Files.write(foreign, file("{" + tensors.substring(1), data));
        refused(foreign, "without an nnj architecture", "loadWeights");
        Path extra = dir.resolve("extra.nnj");
        byte[] more = new byte[12];
        Files.write(extra, file("{" + metadata(xor, more) + tensors.replace("}}", "},\"9.x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}"), more));
        refused(extra, "tensor '9.x' belongs to no layer");
        Path nan = dir.resolve("nan.nnj");
        String norm = "{\"layers\":[{\"kind\":\"normalization\",\"version\":1,\"width\":1}]}";
        byte[] zeroSpread = new byte[8];
        Files.write(nan, file("{" + metadata(norm, zeroSpread) + ",\"0.center\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"0.spread\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", zeroSpread));
        refused(nan, "layer 0 is damaged", "spread");
    }

    /** Truncation at every offset and single-bit flips: each outcome is the model or an IllegalArgumentException naming the file. */
    @Test
    void everyTruncationAndManyBitFlipsEndInTheModelOrAClearRefusal() throws IOException {
        Sequential model = everyKindOfLayer();
        byte[] bytes = ModelFile.encode(model);
        float[][] raw = {{12, -3.5f}};
        float[] expected = model.predict(raw)[0];
        for (int cut = 0; cut < bytes.length; cut++) {
            byte[] part = Arrays.copyOf(bytes, cut);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.decode(part, "cut.nnj"),
                    "cut at " + cut);
            assertTrue(e.getMessage().contains("cut.nnj"), e.getMessage());
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        int loaded = 0;
        for (int trial = 0; trial < 2_000; trial++) {
            byte[] flipped = bytes.clone();
            int bit = r.nextInt(bytes.length * 8);
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            try {
                Sequential m = ModelFile.decode(flipped, "flip.nnj");
                // Only a flip in the header's padding or a JSON-equivalent spelling can load; then nothing changed.
                assertArrayEquals(expected, m.predict(raw)[0], "bit " + bit);
                loaded++;
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().contains("flip.nnj"), e.getMessage());
            }
        }
        assertTrue(loaded < 200, loaded + " flipped files loaded");
    }

    @Test
    void aFailedMoveRemovesTheTemporaryFile() throws IOException {
        Path target = Files.createDirectories(dir.resolve("occupied"));
        Files.writeString(target.resolve("keep.txt"), "a folder where the model should go");
        assertThrows(UncheckedIOException.class, () -> everyKindOfLayer().save(target));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("occupied"), files.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file is left beside the target");
        }
    }

    /**
     * docs/format.md's Python reader (kept verbatim in test resources; the docs must show the same
     * text) loads a saved model with numpy alone and reproduces nnj's predictions. Skipped where no
     * python3 with numpy is installed; CI installs python3-numpy.
     */
    @Test
    void pythonWithNumpyReadsTheFileAndReproducesAPrediction() throws Exception {
        Path script = Path.of(ModelFileTest.class.getResource("nnj_predict.py").toURI());
        String reader = Files.readString(script);
        Path docs = Path.of("..", "docs", "format.md");   // tests run in nn-core/
        assertTrue(Files.readString(docs).contains(reader.strip()), "docs/format.md shows nnj_predict.py as it is");
        String python = null;
        for (String candidate : new String[] {"python3", "/usr/bin/python3"}) {
            if (run(List.of(candidate, "-c", "import numpy")).startsWith("ok")) {
                python = candidate;
                break;
            }
        }
        assumeTrue(python != null, "no python3 with numpy here");
        Sequential model = everyKindOfLayer();
        Path file = dir.resolve("model.nnj");
        model.save(file);
        float[][] rows = {{12, -3.5f}, {7, -2}, {10, -3}};
        String output = run(List.of(python, script.toString(), file.toString(), "[[12, -3.5], [7, -2], [10, -3]]"));
        assertTrue(output.startsWith("ok"), output);
        Object parsed = Json.parse(output.substring(2).strip());
        float[][] expected = model.predict(rows);
        for (int r = 0; r < rows.length; r++) {
            List<?> row = (List<?>) ((List<?>) parsed).get(r);
            for (int c = 0; c < expected[r].length; c++) {
                assertEquals(expected[r][c], ((Json.Num) row.get(c)).floatValue(), 1e-6f, "row " + r + ", column " + c);
            }
        }
    }

    /** Runs a command; returns "ok" and its output, or "failed" and its output. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return "failed " + e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "failed: timed out";
        }
        return (p.exitValue() == 0 ? "ok" : "failed") + out;
    }
}
