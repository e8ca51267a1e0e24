package dev.nnj.plot;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * A picture made by {@link Plots}, ready to be saved as PNG or SVG. Pictures are immutable: the
 * setters return a new picture.
 * <pre>{@code
 * Picture picture = Plots.curves(history).title("XOR, 2-3-1, sgd(0.1)").size(800, 500);
 * picture.save(Path.of("loss.png"));   // or loss.svg: the format follows the extension
 * picture.saveSvg(Path.of("figures/loss-curve"));
 * }</pre>
 * Saving writes a temporary file beside the target and moves it into place, so a failed save
 * leaves any earlier file whole. The folder must exist.
 */
public sealed interface Picture permits Curves, DecisionBoundary {

    /** This picture with {@code title} at its top instead of the default one. */
    Picture title(String title);

    /** This picture at {@code width} x {@code height} pixels (PNG) or points (SVG). */
    Picture size(int width, int height);

    /** The picture's width in pixels. */
    int width();

    /** The picture's height in pixels. */
    int height();

    /** The picture drawn into an image (RGB), e.g. to show it in a window or to compose it with others. */
    BufferedImage image();

    /**
     * Saves the picture as PNG or SVG, as the file name's extension says ({@code .png} or
     * {@code .svg}, any case).
     *
     * @throws IllegalArgumentException if the name ends otherwise, or names a folder
     * @throws java.io.UncheckedIOException naming the file if it cannot be written (a missing
     *         folder, no permission); the target is then left as it was
     */
    void save(Path file);

    /** Saves the picture as PNG, whatever the file is called; see {@link #save(Path)}. */
    void savePng(Path file);

    /**
     * Saves the picture as SVG, whatever the file is called; see {@link #save(Path)}. Long curves
     * are downsampled to at most {@value Curves#SVG_POINTS} points a series, and the colour map of
     * a decision boundary is embedded as an image, so the file stays small.
     */
    void saveSvg(Path file);
}
