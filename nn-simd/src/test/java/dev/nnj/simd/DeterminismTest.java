package dev.nnj.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnj.simdprobe.DeterminismProbe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A seed fixes the run: the same seeded networks trained again and again give the same weights,
 * bit for bit, whether the kernels run interpreted, compiled by C1 or compiled by C2, and
 * {@code predict} gives the same outputs on every call from a cold start. Each case runs
 * {@link DeterminismProbe} in fresh JVMs (from cold, so the JIT's transitions happen during the
 * runs). Before the kernels computed exp, log and tanh themselves, 12 runs in one JVM gave up to
 * three different sets of weights.
 */
class DeterminismTest {

    private static List<String> probe(List<String> jvmFlags, int runs, int predictions, int rows) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("--add-modules", "jdk.incubator.vector", "-Dnnj.kernels=simd"));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), DeterminismProbe.class.getName(),
                String.valueOf(runs), String.valueOf(predictions), String.valueOf(rows)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the probe did not finish: " + cmd);
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, p.exitValue(), "probe failed: " + cmd + "\n" + out);
        assertTrue(out.get(0).startsWith("kernels SimdKernels[VectorKernels["), "not on the simd kernels: " + out.get(0));
        return out.subList(1, out.size());
    }

    private static List<String> trained(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("train ")).toList();
    }

    private static String predicted(List<String> lines) {
        String p = lines.get(lines.size() - 1);
        assertTrue(p.startsWith("predict 1 "), "predict gave different outputs on the same input: " + p);
        return p;
    }

    @Test
    void twelveRunsInOneJvmFromColdGiveTheSameWeightsAndPredictions() throws Exception {
        List<String> lines = probe(List.of(), 12, 300, 512);
        List<String> runs = trained(lines);
        assertEquals(12, runs.size());
        assertEquals(1, runs.stream().distinct().count(), "weights differ between runs of the same seed: " + runs);
        predicted(lines);
    }

    @Test
    void interpretedC1AndC2GiveTheSameWeightsAndPredictions() throws Exception {
        List<String> c2 = probe(List.of(), 2, 20, 64);
        for (List<String> flags : List.of(List.of("-Xint"), List.of("-XX:TieredStopAtLevel=1"), List.of("-XX:-TieredCompilation"))) {
            List<String> other = probe(flags, 1, 3, 64);
            assertEquals(trained(c2).get(0), trained(other).get(0), "weights with " + flags + " vs the default JIT");
            assertEquals(trained(c2).get(1), trained(other).get(0), "weights of the second run vs " + flags);
            assertEquals(predicted(c2), predicted(other), "predictions with " + flags + " vs the default JIT");
        }
    }

    @Test
    void oneAndTwoThreadsGiveTheSameWeights() throws Exception {
        List<String> one = probe(List.of("-Dnnj.threads=1"), 1, 2, 256);
        List<String> two = probe(List.of("-Dnnj.threads=2"), 1, 2, 256);
        assertEquals(trained(one), trained(two), Arrays.asList(one, two).toString());
    }
}
