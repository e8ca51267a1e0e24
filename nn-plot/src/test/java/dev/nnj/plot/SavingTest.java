package dev.nnj.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.GraphicsEnvironment;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static dev.nnj.plot.Fixtures.XOR;
import static dev.nnj.plot.Fixtures.XOR_HISTORY;
import static dev.nnj.plot.Fixtures.XOR_X;
import static dev.nnj.plot.Fixtures.XOR_Y;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SavingTest {

    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @TempDir
    Path dir;

    static boolean isPng(Path file) throws Exception {
        return Arrays.equals(PNG_SIGNATURE, Arrays.copyOf(Files.readAllBytes(file), 8));
    }

    static boolean isSvg(Path file) throws Exception {
        String start = new String(Arrays.copyOf(Files.readAllBytes(file), 400), StandardCharsets.UTF_8);
        return start.startsWith("<?xml") && start.contains("<svg");
    }

    @Test
    void theExtensionChoosesTheFormatAndTheMethodsForceOne() throws Exception {
        Picture picture = Plots.curves(XOR_HISTORY).size(600, 240);
        picture.save(dir.resolve("a.PNG"));
        picture.save(dir.resolve("b.Svg"));
        picture.savePng(dir.resolve("c.svg"));
        picture.saveSvg(dir.resolve("d"));

        assertTrue(isPng(dir.resolve("a.PNG")));
        assertTrue(isSvg(dir.resolve("b.Svg")));
        assertTrue(isPng(dir.resolve("c.svg")), "savePng writes PNG whatever the name");
        assertTrue(isSvg(dir.resolve("d")));
    }

    @Test
    void anUnknownExtensionIsRefusedSayingWhatWorks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.decisionBoundary(XOR, XOR_X, XOR_Y).save(dir.resolve("xor.jpg")));
        assertTrue(e.getMessage().contains("xor.jpg"), e.getMessage());
        assertTrue(e.getMessage().contains(".png or .svg"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("xor.jpg")));
    }

    @Test
    void aMissingFolderIsNamedAndNothingIsLeftBehind() throws Exception {
        Path file = dir.resolve("no-such-folder").resolve("loss.png");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Plots.curves(XOR_HISTORY).save(file));
        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("create it first"), e.getMessage());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void aFolderIsNotAFileName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.curves(XOR_HISTORY).savePng(dir));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
    }

    @Test
    void savingAgainReplacesTheFileWholeAndLeavesNoTemporaryFiles() throws Exception {
        Path file = dir.resolve("boundary.png");
        Files.writeString(file, "an older picture");
        Picture picture = Plots.decisionBoundary(XOR, XOR_X, XOR_Y).size(400, 320);
        picture.save(file);
        picture.save(file);

        assertTrue(isPng(file));
        // Drawing is deterministic: the same picture made and saved again is the same file, byte for byte.
        Plots.decisionBoundary(XOR, XOR_X, XOR_Y).size(400, 320).save(dir.resolve("again.png"));
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(dir.resolve("again.png")));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("again.png", "boundary.png"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void usingPlotsMakesJavaAwtHeadlessUnlessTheProgramChose() {
        Plots.curves(XOR_HISTORY); // loads Plots
        // The build does not set it (see nn-plot/pom.xml): Plots did.
        assertEquals("true", System.getProperty("java.awt.headless"));
        assertTrue(GraphicsEnvironment.isHeadless());
    }
}
