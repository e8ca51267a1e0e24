package dev.nnj.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnj.core.spi.Kernels;
import dev.nnj.simdprobe.SelectionProbe;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Starts fresh JVMs, on the class path and on the module path, with and without
 * {@code --add-modules jdk.incubator.vector}: with it the simd kernels are chosen; without it
 * nnj runs on the scalar kernels and says so in exactly one stderr line that names the flag.
 */
class FallbackTest {

    private static final String FLAG = "--add-modules jdk.incubator.vector";

    private record Run(List<String> out, List<String> err) {
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static Run java(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xshare:auto");
        cmd.addAll(args);
        cmd.add(SelectionProbe.class.getName());
        Process p = new ProcessBuilder(cmd).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not finish: " + cmd);
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        List<String> err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
        assertEquals(0, p.exitValue(), "probe failed: " + cmd + "\nstdout " + out + "\nstderr " + err);
        return new Run(out, err);
    }

    private static List<String> classPath(boolean withVector) {
        List<String> a = new ArrayList<>();
        if (withVector) {
            a.addAll(Arrays.asList(FLAG.split(" ")));
        }
        a.add("-cp");
        a.add(System.getProperty("java.class.path"));
        return a;
    }

    private static List<String> modulePath(boolean withVector) throws Exception {
        List<String> a = new ArrayList<>();
        if (withVector) {
            a.addAll(Arrays.asList(FLAG.split(" ")));
        }
        a.add("--module-path");
        a.add(location(Kernels.class) + File.pathSeparator + location(SimdKernels.class));
        a.add("--add-modules");
        a.add("dev.nnj.simd");
        a.add("-cp");
        a.add(location(SelectionProbe.class));
        return a;
    }

    @Test
    void classPathWithTheFlagRunsSimd() throws Exception {
        Run r = java(classPath(true));
        assertEquals(List.of("simd 11.0"), r.out());
        assertEquals(List.of(), r.err());
    }

    @Test
    void classPathWithoutTheFlagFallsBackToScalarWithOneLineNamingTheFlag() throws Exception {
        Run r = java(classPath(false));
        assertEquals(List.of("scalar 11.0"), r.out());
        assertEquals(1, r.err().size(), "stderr: " + r.err());
        assertTrue(r.err().get(0).contains(FLAG), r.err().get(0));
    }

    @Test
    void modulePathWithTheFlagRunsSimd() throws Exception {
        Run r = java(modulePath(true));
        assertEquals(List.of("simd 11.0"), r.out());
        assertEquals(List.of(), r.err());
    }

    @Test
    void modulePathWithoutTheFlagFallsBackToScalarWithOneLineNamingTheFlag() throws Exception {
        Run r = java(modulePath(false));
        assertEquals(List.of("scalar 11.0"), r.out());
        assertEquals(1, r.err().size(), "stderr: " + r.err());
        assertTrue(r.err().get(0).contains(FLAG), r.err().get(0));
    }
}
