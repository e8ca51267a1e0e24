package dev.nnj.examples;

import dev.nnj.core.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InteropTest {

    @TempDir
    Path dir;

    @Test
    void writesBothFilesAndTheCommandsThatUseThem() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Sequential model = Interop.run(dir.resolve("out"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        Path nnj = dir.resolve("out").resolve("iris.nnj");
        Path onnx = dir.resolve("out").resolve("iris.onnx");
        float[][] rows = {{5.1f, 3.5f, 1.4f, 0.2f}, {6.7f, 3.0f, 5.2f, 2.3f}};
        float[][] expected = model.predict(rows);
        float[][] loaded = Sequential.load(nnj).predict(rows);
        for (int r = 0; r < rows.length; r++) {
            assertArrayEquals(expected[r], loaded[r], "row " + r);
        }
        byte[] head = Files.readAllBytes(onnx);
        assertEquals(0x08, head[0], "an ONNX ModelProto starts with ir_version");
        assertEquals(7, head[1]);
        assertTrue(out.contains("test accuracy") && out.contains(onnx.toAbsolutePath().toString())
                && out.contains("onnxruntime") && out.contains("to_torch"), out);
    }
}
