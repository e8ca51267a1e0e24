package dev.nnj.core.spi;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("--add-modules jdk.incubator.vector"), warnings.get(0));
    }

    @Test
    void thePropertyForcesAChoiceAndRejectsUnknownOrUnavailableNames() {
        List<Kernels> providers = List.of(fake("simd", 100, null));
        assertEquals("scalar", KernelSelection.select(providers, "scalar", s -> { }).name());
        assertEquals("simd", KernelSelection.select(providers, " SIMD ", s -> { }).name());
        IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> KernelSelection.select(providers, "gpu", s -> { }));
        assertTrue(unknown.getMessage().contains("-Dnnj.kernels=gpu") && unknown.getMessage().contains("[simd, scalar]"),
                unknown.getMessage());
        IllegalStateException unavailable = assertThrows(IllegalStateException.class,
                () -> KernelSelection.select(List.of(fake("simd", 100, "module missing")), "simd", s -> { }));
        assertTrue(unavailable.getMessage().contains("module missing"), unavailable.getMessage());
    }

    @Test
    void withoutProvidersTheScalarReferenceRuns() {
        assertInstanceOf(ScalarKernels.class, KernelSelection.select(List.of(), null, s -> { }));
        assertEquals("scalar", Kernels.active().name(), "nn-core alone has no other provider");
    }
}
