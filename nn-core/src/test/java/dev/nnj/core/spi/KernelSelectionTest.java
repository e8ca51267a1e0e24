package dev.nnj.core.spi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelSelectionTest {

    /** A provider that delegates to the reference, with a chosen name, priority and availability. */
    static Kernels fake(String name, int priority, String unavailable) {
        return (Kernels) java.lang.reflect.Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> name;
                    case "priority" -> priority;
                    case "unavailableReason" -> Optional.ofNullable(unavailable);
                    case "toString" -> name;
                    default -> method.invoke(new ScalarKernels(), args);
                });
    }

    /** What ServiceLoader's iterator does: hands out the providers, or throws what loading one threw. */
    static Iterator<Kernels> loading(Object... providersOrFailures) {
        Iterator<Object> items = Arrays.asList(providersOrFailures).iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public Kernels next() {
                Object item = items.next();
                if (item instanceof Error) {
                    throw (Error) item;
                }
                return (Kernels) item;
            }
        };
    }

    /** The ServiceConfigurationError the JDK throws when a provider's constructor throws {@code cause}. */
    static ServiceConfigurationError couldNotBeInstantiated(Throwable cause) {
        return new ServiceConfigurationError("dev.nnj.core.spi.Kernels: Provider example.FastKernels could not be instantiated", cause);
    }

    @Test
    void theAvailableProviderWithTheHighestPriorityWins() {
        List<String> warnings = new ArrayList<>();
        Kernels chosen = KernelSelection.select(List.of(fake("fast", 10, null), fake("faster", 20, null)), null, warnings::add);
        assertEquals("faster", chosen.name());
        assertTrue(warnings.isEmpty());
    }

    @Test
    void anUnavailableProviderIsSkippedWithOneLineNamingTheFix() {
        List<String> warnings = new ArrayList<>();
        Kernels chosen = KernelSelection.select(List.of(fake("simd", 100, "add --add-modules jdk.incubator.vector")), null, warnings::add);
        assertInstanceOf(ScalarKernels.class, chosen);
        assertEquals(List.of("nnj: simd kernels unavailable, running on scalar: add --add-modules jdk.incubator.vector"), warnings);
    }

    @Test
    void thePropertyForcesAChoiceIgnoringCaseAndSpaces() {
        List<Kernels> providers = List.of(fake("simd", 100, null));
        assertEquals("scalar", KernelSelection.select(providers, "scalar", s -> { }).name());
        assertEquals("simd", KernelSelection.select(providers, " SIMD ", s -> { }).name());
    }

    @Test
    void aBadKernelsValueNamesThePropertyTheValueAndTheAcceptedValues() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KernelSelection.select(List.of(fake("simd", 100, null)), "gpu", s -> { }));
        assertTrue(e.getMessage().startsWith("-Dnnj.kernels=gpu names no kernels"), e.getMessage());
        assertTrue(e.getMessage().contains("Accepted values: simd, scalar;"), e.getMessage());
    }

    @Test
    void forcingSimdWithoutNnSimdSaysWhichArtifactProvidesIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KernelSelection.choose("simd", () -> loading(), s -> { }));
        assertTrue(e.getMessage().contains("-Dnnj.kernels=simd") && e.getMessage().contains("Accepted values: scalar;")
                && e.getMessage().contains("dev.nnj:nn-simd"), e.getMessage());
    }

    @Test
    void forcingAProviderThatCannotRunHereGivesItsReasonAndWhatCanRun() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KernelSelection.select(List.of(fake("simd", 100, "module jdk.incubator.vector is not resolved")), "simd", s -> { }));
        assertTrue(e.getMessage().contains("-Dnnj.kernels=simd cannot run in this JVM: module jdk.incubator.vector is not resolved"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Accepted values here: scalar;"), e.getMessage());
    }

    @Test
    void forcingScalarLoadsNoProviderAndPrintsNothing() {
        List<String> warnings = new ArrayList<>();
        Kernels chosen = KernelSelection.choose(" Scalar", () -> {
            throw new AssertionError("providers were loaded although nnj.kernels=scalar");
        }, warnings::add);
        assertInstanceOf(ScalarKernels.class, chosen);
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void aBlankKernelsValueMeansUnset() {
        assertEquals("fast", KernelSelection.choose(" ", () -> loading(fake("fast", 10, null)), s -> { }).name());
    }

    @Test
    void aProviderThatRefusesItsSettingsIsAnErrorNotAFallbackToScalar() {
        String refusal = "-Dnnj.threads=0 is not a thread count; accepted values: 1 to 4096";
        List<String> warnings = new ArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KernelSelection.choose(null,
                () -> loading(couldNotBeInstantiated(new IllegalArgumentException(refusal))), warnings::add));
        assertTrue(e.getMessage().contains(refusal), e.getMessage());
        assertTrue(e.getMessage().contains("example.FastKernels"), e.getMessage());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void aRefusalFromAProvidersClassInitialiserIsAnErrorToo() {
        String refusal = "-Dnnj.simd.tile=3x3 is not a tile; accepted values: 5x16, 4x16";
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KernelSelection.choose(null,
                () -> loading(couldNotBeInstantiated(new ExceptionInInitializerError(new IllegalArgumentException(refusal)))), s -> { }));
        assertTrue(e.getMessage().contains(refusal), e.getMessage());
    }

    @Test
    void aProviderThatCannotLoadInThisJvmIsSkippedWithOneLine() {
        List<String> warnings = new ArrayList<>();
        UnsupportedClassVersionError tooNew = new UnsupportedClassVersionError("example/FastKernels has been compiled by a more"
                + " recent version of the Java Runtime (class file version 69.0)");
        Kernels chosen = KernelSelection.choose(null,
                () -> loading(new ServiceConfigurationError("dev.nnj.core.spi.Kernels: Provider example.FastKernels not found", tooNew),
                        fake("fast", 10, null)), warnings::add);
        assertEquals("fast", chosen.name(), "the providers after the broken one are still found");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("class file version 69.0"), warnings.get(0));
    }

    @Test
    void aMalformedServiceFileStopsTheListingWithOneLine() {
        List<String> warnings = new ArrayList<>();
        Iterator<Kernels> broken = new Iterator<>() {
            @Override
            public boolean hasNext() {
                throw new ServiceConfigurationError("dev.nnj.core.spi.Kernels: META-INF/services/...:1: Illegal provider-class name: a b");
            }

            @Override
            public Kernels next() {
                throw new NoSuchElementException();
            }
        };
        assertInstanceOf(ScalarKernels.class, KernelSelection.choose(null, () -> broken, warnings::add));
        assertEquals(1, warnings.size(), warnings.toString());
    }

    @Test
    void aFailedChoiceIsReportedOnEveryUseAndNeverAsExceptionInInitializerError() {
        KernelSelection.Choice failed = KernelSelection.Choice.of(() -> KernelSelection.select(List.of(), "gpu", s -> { }));
        IllegalStateException first = assertThrows(IllegalStateException.class, failed::get);
        IllegalStateException second = assertThrows(IllegalStateException.class, failed::get);
        assertNotSame(first, second);
        assertEquals(first.getMessage(), second.getMessage());
        assertTrue(first.getMessage().contains("-Dnnj.kernels=gpu"), first.getMessage());

        Kernels fast = fake("fast", 10, null);
        KernelSelection.Choice chosen = KernelSelection.Choice.of(() -> fast);
        assertSame(fast, chosen.get());
    }

    @Test
    void withoutProvidersTheScalarReferenceRuns() {
        assertInstanceOf(ScalarKernels.class, KernelSelection.select(List.of(), null, s -> { }));
        assertEquals("scalar", Kernels.active().name(), "nn-core alone has no other provider");
    }

    // ---- the same in fresh JVMs, with the JDK's own ServiceLoader -------------------------------

    private record Run(int exit, List<String> out, List<String> err) {
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** Runs {@link KernelSelectionProbe} on the class path (nn-core's classes, its tests, {@code extra}). */
    private static Run probe(List<String> jvmArgs, Path extra) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xshare:auto");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(location(Kernels.class) + File.pathSeparator + location(KernelSelectionProbe.class)
                + (extra == null ? "" : File.pathSeparator + extra));
        cmd.add(KernelSelectionProbe.class.getName());
        Process p = new ProcessBuilder(cmd).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not finish: " + cmd);
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        List<String> err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        return new Run(p.exitValue(), out, err);
    }

    @Test
    void inAFreshJvmABadKernelsValueIsTheSameErrorOnEveryUse() throws Exception {
        Run r = probe(List.of("-Dnnj.kernels=gpu"), null);
        assertEquals(2, r.out().size(), "stdout " + r.out() + "\nstderr " + r.err());
        for (String line : r.out()) {
            assertTrue(line.startsWith("java.lang.IllegalStateException: -Dnnj.kernels=gpu names no kernels")
                    && line.contains("Accepted values: scalar;"), line);
        }
        assertEquals(List.of(), r.err());
    }

    @Test
    void inAFreshJvmAProviderRefusingItsSettingIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
        String refusal = "-Dnnj.test.setting=bad is not a setting; accepted values: good, better";
        compileRefusingProvider(dir, refusal);
        Run r = probe(List.of(), dir);
        assertEquals(2, r.out().size(), "stdout " + r.out() + "\nstderr " + r.err());
        for (String line : r.out()) {
            assertTrue(line.startsWith("java.lang.IllegalStateException: nnj: a kernel provider refused its settings: " + refusal)
                    && line.contains("refusing.RefusingKernels"), line);
        }
        assertEquals(List.of(), r.err(), "nothing printed: the error is the message");
    }

    @Test
    void inAFreshJvmScalarIsChosenSilentlyWhenForced(@TempDir Path dir) throws Exception {
        compileRefusingProvider(dir, "never instantiated");
        Run r = probe(List.of("-Dnnj.kernels=scalar"), dir);
        assertEquals(List.of("scalar", "scalar"), r.out(), "stderr " + r.err());
        assertEquals(List.of(), r.err());
    }

    /**
     * Writes, compiles and registers (META-INF/services) a provider whose constructor throws
     * IllegalArgumentException, the way a provider refuses a bad system property. Generated from
     * the interface, so that it keeps up with it.
     */
    private static void compileRefusingProvider(Path dir, String message) throws Exception {
        StringBuilder src = new StringBuilder("package refusing;\n\npublic final class RefusingKernels implements dev.nnj.core.spi.Kernels {\n")
                .append("    public RefusingKernels() {\n        throw new IllegalArgumentException(\"").append(message).append("\");\n    }\n");
        for (Method m : Kernels.class.getMethods()) {
            if (!Modifier.isAbstract(m.getModifiers())) {
                continue;
            }
            Class<?>[] types = m.getParameterTypes();
            String params = java.util.stream.IntStream.range(0, types.length)
                    .mapToObj(i -> types[i].getCanonicalName() + " p" + i).collect(Collectors.joining(", "));
            src.append("    public ").append(m.getReturnType().getCanonicalName()).append(' ').append(m.getName())
                    .append('(').append(params).append(") {\n        throw new UnsupportedOperationException();\n    }\n");
        }
        src.append("}\n");
        Path source = dir.resolve("src/refusing/RefusingKernels.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, src);
        Path classes = dir;
        // The JDK running the tests compiles it; --release is not needed, it only has to run here.
        Process javac = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-d", classes.toString(), "-cp", location(Kernels.class), source.toString())
                .redirectErrorStream(true).start();
        String log = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(javac.waitFor(60, TimeUnit.SECONDS) && javac.exitValue() == 0, "javac: " + log);
        Path services = classes.resolve("META-INF/services/" + Kernels.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, "refusing.RefusingKernels\n");
        assertFalse(log.contains("error"), log);
    }
}
