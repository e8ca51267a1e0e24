package dev.nnj.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnj.simdprobe.TrainingProbe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A full training run (784-128-10, batch 64, SGD, 4 epochs) on the scalar and on the simd
 * kernels, each in its own JVM ({@code -Dnnj.kernels=...}), ends at the same loss within 1e-3
 * relative, and epoch by epoch within the same bound. The simd run also uses two threads.
 */
class TrainingEquivalenceTest {

    private static float[] run(String kernels, String threads) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Dnnj.kernels=" + kernels, "-Dnnj.threads=" + threads,
                "-cp", System.getProperty("java.class.path"), TrainingProbe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "training run did not finish: " + cmd);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), "training run failed: " + cmd + "\n" + out);
        String[] parts = out.split(" ");
        assertEquals(kernels, parts[0], "kernels in use: " + out);
        float[] losses = new float[parts.length - 1];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = Float.parseFloat(parts[i + 1]);
        }
        return losses;
    }

    @Test
    void simdAndScalarTrainingEndAtTheSameLoss() throws Exception {
        float[] scalar = run("scalar", "1");
        float[] simd = run("simd", "2");
        assertEquals(scalar.length, simd.length);
        assertTrue(scalar[scalar.length - 1] < scalar[0], "the network did not learn: " + java.util.Arrays.toString(scalar));
        for (int e = 0; e < scalar.length; e++) {
            assertEquals(scalar[e], simd[e], 1e-3f * Math.abs(scalar[e]) + 1e-6f,
                    "epoch " + (e + 1) + " loss, scalar " + java.util.Arrays.toString(scalar) + " simd "
                            + java.util.Arrays.toString(simd));
        }
    }
}
