package dev.nnj.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * nn-simd's system properties: a bad value is an IllegalArgumentException that names the
 * property, the value and the accepted values, raised when the kernels are made (never an
 * ExceptionInInitializerError from a static initializer).
 */
class SettingsTest {

    private static void assertMessage(IllegalArgumentException e, String... fragments) {
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' missing from: " + e.getMessage());
        }
    }

    /** Runs {@code make} with the property set, then puts the property back. */
    private static <T> T with(String property, String value, Supplier<T> make) {
        String before = System.getProperty(property);
        System.setProperty(property, value);
        try {
            return make.get();
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }

    @Test
    void threadsAcceptsPositiveIntegersAndDefaultsToEveryProcessor() {
        assertEquals(3, Settings.threads(" 3 "));
        assertEquals(Runtime.getRuntime().availableProcessors(), Settings.threads(null));
        for (String bad : new String[] {"0", "-2", "two", "1.5"}) {
            assertMessage(assertThrows(IllegalArgumentException.class, () -> Settings.threads(bad)),
                    "-Dnnj.threads=" + bad, "positive integer");
        }
    }

    @Test
    void bitsAcceptsTheThreeWidths() {
        assertEquals(0, Settings.bits(""));
        assertEquals(256, Settings.bits("256"));
        assertEquals(128, Settings.bits("128"));
        for (String bad : new String[] {"64", "384", "wide", "1024"}) {
            assertMessage(assertThrows(IllegalArgumentException.class, () -> Settings.bits(bad)),
                    "-Dnnj.simd.bits=" + bad, "[128, 256, 512]");
        }
    }

    @Test
    void tileAcceptsRowsByColumns() {
        assertNull(Settings.tile(null));
        assertArrayEquals(new int[] {12, 32}, Settings.tile("12x32"));
        assertArrayEquals(new int[] {5, 16}, Settings.tile(" 5X16 "));
        for (String bad : new String[] {"12", "x32", "12x", "0x16", "axb"}) {
            assertMessage(assertThrows(IllegalArgumentException.class, () -> Settings.tile(bad)),
                    "-Dnnj.simd.tile=" + bad, "ROWSxCOLUMNS");
        }
    }

    @Test
    void aTileThisMachineDoesNotHaveNamesTheOnesItHas() {
        int[] options = TileChoice.heights(Lanes.REGISTERS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> with(Settings.TILE, "7x" + Gemm.NR, () -> new VectorKernels(1, 0, Settings.tile("7x" + Gemm.NR))));
        assertMessage(e, "-Dnnj.simd.tile=7x" + Gemm.NR, options[0] + "x" + Gemm.NR, options[options.length - 1] + "x" + Gemm.NR,
                Lanes.BITS + "-bit");
    }

    @Test
    void simdKernelsRejectsBadPropertiesWithTheirNames() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> with(Settings.BITS, "300", SimdKernels::new)),
                "-Dnnj.simd.bits=300", "[128, 256, 512]");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> with(Settings.THREADS, "zero", SimdKernels::new)),
                "-Dnnj.threads=zero");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> with(Settings.TILE, "big", SimdKernels::new)),
                "-Dnnj.simd.tile=big");
    }

    @Test
    void aWidthWiderThanTheMachineIsRefusedWithTheWidthsItHas() {
        if (Lanes.MACHINE_BITS >= 512) {
            return;   // every width exists here; the refusal is checked by asking VectorKernels directly below
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> with(Settings.BITS, "512", SimdKernels::new));
        assertMessage(e, "-Dnnj.simd.bits=512", "wider than this machine's vectors (" + Lanes.MACHINE_BITS + " bits)");
    }

    @Test
    void vectorKernelsRefusesAWidthAboveTheMachines() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VectorKernels(1, Lanes.MACHINE_BITS * 2, null));
        assertMessage(e, "-Dnnj.simd.bits=" + Lanes.MACHINE_BITS * 2, "wider than this machine's vectors", "or leave it unset");
    }
}
