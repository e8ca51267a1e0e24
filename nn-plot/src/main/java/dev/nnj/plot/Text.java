package dev.nnj.plot;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;

/**
 * Text drawn as filled glyph outlines, as XChart draws its own: the SVG then looks the same on
 * every machine, whatever fonts the viewer has.
 */
final class Text {

    static final String FAMILY = Font.SANS_SERIF;

    private Text() {
    }

    static Font font(int style, float size) {
        return new Font(FAMILY, style, 1).deriveFont(size);
    }

    /** Draws {@code text} with its baseline at {@code y}, horizontally centred on {@code x}. */
    static void centred(Graphics2D g, String text, Font font, double x, double y) {
        TextLayout layout = new TextLayout(text, font, g.getFontRenderContext());
        g.fill(layout.getOutline(AffineTransform.getTranslateInstance(x - layout.getAdvance() / 2, y)));
    }

    /** Draws {@code text} with its baseline at {@code y}, starting at {@code x}. */
    static void left(Graphics2D g, String text, Font font, double x, double y) {
        TextLayout layout = new TextLayout(text, font, g.getFontRenderContext());
        g.fill(layout.getOutline(AffineTransform.getTranslateInstance(x, y)));
    }

    /** Draws {@code text} reading upwards, centred vertically on {@code y}, its baseline at {@code x}. */
    static void upwards(Graphics2D g, String text, Font font, double x, double y) {
        TextLayout layout = new TextLayout(text, font, g.getFontRenderContext());
        AffineTransform at = AffineTransform.getTranslateInstance(x, y + layout.getAdvance() / 2);
        at.rotate(-Math.PI / 2);
        Shape outline = layout.getOutline(at);
        g.fill(outline);
    }

    /**
     * The largest font of {@code style} between {@code min} and {@code max} points in which
     * {@code text} fits {@code width}; {@code min} if none does.
     */
    static Font fitting(Graphics2D g, String text, int style, float max, float min, double width) {
        for (float size = max; size > min; size -= 0.5f) {
            Font font = font(style, size);
            if (new TextLayout(text, font, g.getFontRenderContext()).getAdvance() <= width) {
                return font;
            }
        }
        return font(style, min);
    }
}
