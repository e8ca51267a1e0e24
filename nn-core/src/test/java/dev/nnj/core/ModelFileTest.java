package dev.nnj.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.nnj.core.Layers.dense;
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

class ModelFileTest {

    @TempDir
    Path dir;

    static Sequential everyKindOfLayer() {
        return Sequential.of(normalization(new float[] {10, -3}, new float[] {4, 0.5f}), dense(2, 5), sigmoid(),
                dense(5, 4), tanh(), dense(4, 4), relu(), dense(4, 3), leakyRelu(0.05f), identity(), dense(3, 3), softmax())
                .initialize(17);
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
        Sequential original = everyKindOfLayer();
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
}
