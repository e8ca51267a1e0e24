package dev.nnj.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pictures example writes eight readable files into a folder it creates, and prints where. */
class PicturesTest {

    @TempDir
    Path dir;

    @Test
    void writesEachPictureAsPngAndSvgAndPrintsThePaths() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Path folder = dir.resolve("pictures");
        List<Path> files = Pictures.write(folder, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String printed = buffer.toString(StandardCharsets.UTF_8);

        assertEquals(List.of("xor-loss.png", "xor-loss.svg", "xor-boundary.png", "xor-boundary.svg",
                        "iris-curves.png", "iris-curves.svg", "iris-boundary.png", "iris-boundary.svg"),
                files.stream().map(f -> f.getFileName().toString()).toList());
        for (Path file : files) {
            assertTrue(printed.contains(file.toAbsolutePath().toString()), file + " not printed: " + printed);
            if (file.toString().endsWith(".png")) {
                BufferedImage image = ImageIO.read(file.toFile());
                assertNotNull(image, file + " is not an image");
            } else {
                assertTrue(Files.readString(file).contains("<svg"), file + " is not SVG");
            }
        }
        // Both runs are classifications, so both pictures have an accuracy panel beside the loss panel.
        assertEquals(ImageIO.read(folder.resolve("xor-loss.png").toFile()).getWidth(),
                ImageIO.read(folder.resolve("iris-curves.png").toFile()).getWidth());
        assertTrue(printed.contains("validation accuracy"), printed);
    }
}
