/**
 * nnj plot: pictures of training as PNG or SVG files, drawn headless with XChart: a run's loss and
 * accuracy curves ({@link dev.nnj.plot.Plots#curves(dev.nnj.core.History)}) and a two-input model's
 * decision boundary with its training points
 * ({@link dev.nnj.plot.Plots#decisionBoundary(dev.nnj.core.Sequential, float[][], float[][])}).
 */
module dev.nnj.plot {
    exports dev.nnj.plot;

    // History, Sequential and Dataset are what the factories take, so users of this module see them.
    requires transitive dev.nnj.core;
    // Picture.image() returns a java.awt.image.BufferedImage; all drawing is Java2D.
    requires transitive java.desktop;
    // Axes, ticks, legends and series. XChart 4.0.3 has no module name of its own: this is its
    // automatic module, named from the jar.
    requires xchart;
    // SVG output: a Graphics2D that records commands and writes them as SVG (XChart uses the same
    // library for its own SVG export, but declares it optional). Also an automatic module.
    requires VectorGraphics2D;
    // The SVG writer builds and serialises a DOM document.
    requires java.xml;
}
