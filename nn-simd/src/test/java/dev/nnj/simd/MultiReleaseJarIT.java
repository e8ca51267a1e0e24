package dev.nnj.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnj.core.spi.Kernels;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged nn-simd jar, as users get it, in fresh JVMs: on the JDK running the tests (25) and
 * on an older one (the JDK running Maven, or {@code -Dnnj.test.olderJdk=/path/to/jdk}), on the class
 * path and on the module path, with and without {@code --add-modules jdk.incubator.vector}.
 * Below 25 the jar's Java 17 layer must load (a Java 25 module descriptor would stop the JVM at
 * boot) and nnj must run on the scalar kernels with one line saying what to change.
 */
class MultiReleaseJarIT {

    private static final String FLAG = "--add-modules jdk.incubator.vector";
    private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    @TempDir
    static Path dir;
    private static Path probeClasses;

    private record Run(List<String> out, List<String> err) {
    }

    /** Compiles the probe for Java 17, so that every JVM here can run it. */
    @BeforeAll
    static void compileProbe() throws Exception {
        Path source = dir.resolve("src/probe/Probe.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, String.join("\n",
                "package probe;",
                "public class Probe {",
                "    public static void main(String[] args) {",
                "        try {",
                "            dev.nnj.core.spi.Kernels k = dev.nnj.core.spi.Kernels.active();",
                "            float[] c = new float[1];",
                "            k.gemm(false, false, 1, 1, 2, 1f, new float[] {1f, 2f}, 0, 2, new float[] {3f, 4f}, 0, 1, 0f, c, 0, 1);",
                "            System.out.println(k.name() + \" \" + c[0]);",
                "        } catch (RuntimeException e) {",
                "            System.out.println(e);",
                "        }",
                "    }",
                "}", ""));
        probeClasses = dir.resolve("classes");
        run(List.of(tool(System.getProperty("java.home"), "javac"), "--release", "17", "-cp", location(Kernels.class),
                "-d", probeClasses.toString(), source.toString()));
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String tool(String javaHome, String name) {
        return Path.of(javaHome, "bin", name).toString();
    }

    private static Path jar() {
        String location = System.getProperty("nnj.simd.jar");
        // Failsafe sets it, after `package`; a Surefire run picked by -Dtest=... has no jar to test.
        assumeTrue(location != null, "no packaged jar: run by maven-failsafe-plugin (mvn verify)");
        Path jar = Path.of(location);
        assertTrue(Files.isRegularFile(jar), "the packaged jar " + jar);
        return jar;
    }

    /** A JDK older than 25 to test with, or null (the test is then skipped, saying why). */
    private static String olderJdk() {
        String home = System.getProperty("nnj.test.olderJdk", "");
        if (home.isBlank() || !Files.isRegularFile(Path.of(tool(home, "java")))) {
            return null;
        }
        return feature(home) < 25 ? home : null;
    }

    private static int feature(String javaHome) {
        try {
            for (String line : Files.readAllLines(Path.of(javaHome, "release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not a JDK we can read
        }
        return Integer.MAX_VALUE;
    }

    private static Run run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not finish: " + cmd);
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        List<String> err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, p.exitValue(), "failed: " + cmd + "\nstdout " + out + "\nstderr " + err);
        return new Run(out, err);
    }

    private static Run probe(String javaHome, boolean modulePath, List<String> jvmArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tool(javaHome, "java"), "-Xshare:auto"));
        cmd.addAll(jvmArgs);
        String nnj = location(Kernels.class) + File.pathSeparator + jar();
        if (modulePath) {
            cmd.addAll(List.of("--module-path", nnj, "--add-modules", "dev.nnj.simd", "-cp", probeClasses.toString()));
        } else {
            cmd.addAll(List.of("-cp", nnj + File.pathSeparator + probeClasses));
        }
        cmd.add("probe.Probe");
        return run(cmd);
    }

    private static List<String> flag() {
        return Arrays.asList(FLAG.split(" "));
    }

    private static void assertScalarWithOneLine(Run r, String because, List<String> jdkLines) {
        assertEquals(List.of("scalar 11.0"), r.out(), "stderr " + r.err());
        assertEquals(jdkLines.size() + 1, r.err().size(), "stderr: " + r.err());
        assertEquals(jdkLines, r.err().subList(0, jdkLines.size()));
        String line = r.err().get(jdkLines.size());
        assertTrue(line.startsWith("nnj: simd kernels unavailable, running on scalar: ") && line.contains(because), line);
    }

    @Test
    void theBaseLayerIsJava17AndTheVectorKernelsAreInTheJava25Layer() throws Exception {
        try (JarFile jar = new JarFile(jar().toFile())) {
            Manifest manifest = jar.getManifest();
            assertEquals("true", manifest.getMainAttributes().getValue("Multi-Release"));
            assertEquals(61, major(jar, "module-info.class"));
            assertEquals(61, major(jar, "dev/nnj/simd/SimdKernels.class"));
            assertEquals(69, major(jar, "META-INF/versions/25/module-info.class"));
            assertEquals(69, major(jar, "META-INF/versions/25/dev/nnj/simd/SimdKernels.class"));
            assertEquals(69, major(jar, "META-INF/versions/25/dev/nnj/simd/VectorKernels.class"));
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("dev/") && !e.getName().endsWith("/")
                    && !e.getName().equals("dev/nnj/simd/SimdKernels.class")), "only the facade in the base layer");
        }
    }

    private static int major(JarFile jar, String entry) throws IOException {
        assertTrue(jar.getEntry(entry) != null, "entry " + entry);
        try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
            byte[] head = in.readNBytes(8);
            return ((head[6] & 0xff) << 8) | (head[7] & 0xff);
        }
    }

    @Test
    void onJava25WithTheFlagItRunsSimdOnBothPaths() throws Exception {
        String home = System.getProperty("java.home");
        for (boolean modulePath : new boolean[] {false, true}) {
            Run r = probe(home, modulePath, flag());
            assertEquals(List.of("simd 11.0"), r.out(), "module path " + modulePath + ", stderr " + r.err());
            assertEquals(List.of(INCUBATOR_WARNING), r.err(), "module path " + modulePath);
        }
    }

    @Test
    void onJava25WithoutTheFlagItSaysWhichFlagToAddOnBothPaths() throws Exception {
        String home = System.getProperty("java.home");
        for (boolean modulePath : new boolean[] {false, true}) {
            assertScalarWithOneLine(probe(home, modulePath, List.of()), "add " + FLAG, List.of());
        }
    }

    @Test
    void onJava25ABadThreadCountIsAnErrorNamingTheProperty() throws Exception {
        List<String> args = new ArrayList<>(flag());
        args.add("-Dnnj.threads=0");
        Run r = probe(System.getProperty("java.home"), false, args);
        assertEquals(1, r.out().size(), "stderr " + r.err());
        assertTrue(r.out().get(0).startsWith("java.lang.IllegalStateException: nnj: a kernel provider refused its settings: ")
                && r.out().get(0).contains("nnj.threads=0"), r.out().get(0));
    }

    @Test
    void onAnOlderJdkTheJava17LayerLoadsAndSaysJava25IsNeededOnBothPaths() throws Exception {
        String older = olderJdk();
        assumeTrue(older != null, "no JDK older than 25 to test with: run Maven on one, or set -Dnnj.test.olderJdk");
        String because = "nn-simd needs Java 25 or later and this JVM is Java " + feature(older);
        for (boolean modulePath : new boolean[] {false, true}) {
            assertScalarWithOneLine(probe(older, modulePath, List.of()), because, List.of());
            assertScalarWithOneLine(probe(older, modulePath, flag()), because, List.of(INCUBATOR_WARNING));
        }
    }
}
