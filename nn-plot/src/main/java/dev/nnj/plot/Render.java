package dev.nnj.plot;

import dev.nnj.core.internal.AtomicWrite;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Turns a drawing into an image, PNG bytes or SVG bytes, and files. */
final class Render {

    /** The output a drawing is made for: SVG gets downsampled curves and a coarser map. */
    enum Format {
        PNG, SVG;

        static Format of(Path file, String where) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".png")) {
                return PNG;
            }
            if (name.endsWith(".svg")) {
                return SVG;
            }
            throw new IllegalArgumentException(where + ": cannot tell the format of " + file + " from its name; "
                    + "name the file .png or .svg, or call savePng or saveSvg.");
        }
    }

    /**
     * Where a drawing draws: the graphics (white already), its size, the format, and throwaway
     * graphics of the same kind for a layout pass (fonts measure the same way on both).
     */
    record Canvas(Graphics2D graphics, int width, int height, Format format, Supplier<Graphics2D> scratch) {
    }

    /** What a picture draws. */
    interface Drawing {
        void draw(Canvas canvas);
    }

    private Render() {
    }

    static BufferedImage image(Drawing drawing, int width, int height) {
        BufferedImage image = blank(width, height);
        Graphics2D g = image.createGraphics();
        try {
            prepare(g, width, height);
            drawing.draw(new Canvas(g, width, height, Format.PNG, () -> blank(width, height).createGraphics()));
        } finally {
            g.dispose();
        }
        return image;
    }

    static byte[] png(Drawing drawing, int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image(drawing, width, height), "png", out)) {
                throw new IllegalStateException("nn-plot: this JDK has no PNG writer (javax.imageio); use saveSvg.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    static byte[] svg(Drawing drawing, int width, int height) {
        VectorGraphics2D g = new VectorGraphics2D();
        prepare(g, width, height);
        drawing.draw(new Canvas(g, width, height, Format.SVG, VectorGraphics2D::new));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width, height)).writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("nn-plot: could not write the SVG document (" + e.getMessage() + ").", e);
        }
        // VectorGraphics2D writes coordinates with all 15 digits; a hundredth of a pixel is plenty and the
        // file shrinks by about half. (Embedded images are base64, which has no '.', so they are untouched.)
        String svg = out.toString(StandardCharsets.UTF_8);
        return EXCESS_DIGITS.matcher(svg).replaceAll("$1").getBytes(StandardCharsets.UTF_8);
    }

    private static final Pattern EXCESS_DIGITS = Pattern.compile("(\\d\\.\\d\\d)\\d+");

    static void save(Drawing drawing, int width, int height, Path file, Format format, String where) {
        if (file == null) {
            throw new IllegalArgumentException(where + ": the path is null; e.g. " + where + "(Path.of(\"picture."
                    + (format == null ? "png" : format.name().toLowerCase(Locale.ROOT)) + "\")).");
        }
        Format chosen = format != null ? format : Format.of(file, where);
        AtomicWrite.check(file, where);
        byte[] bytes = chosen == Format.PNG ? png(drawing, width, height) : svg(drawing, width, height);
        AtomicWrite.write(bytes, file, where);
    }

    private static BufferedImage blank(int width, int height) {
        return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    }

    private static void prepare(Graphics2D g, int width, int height) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
    }

    /** Checks a picture size: big enough for axes and a legend, small enough to fit in memory. */
    static void checkSize(int width, int height, int minWidth, int minHeight, String where) {
        if (width < minWidth || height < minHeight || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException(where + ": a size of " + width + " x " + height + " pixels does not fit;"
                    + " this picture needs at least " + minWidth + " x " + minHeight + " and at most "
                    + MAX_SIDE + " on a side, e.g. size(800, 600).");
        }
    }

    static final int MAX_SIDE = 10_000;
}
