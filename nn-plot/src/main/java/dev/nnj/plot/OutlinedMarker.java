package dev.nnj.plot;

import org.knowm.xchart.style.markers.Marker;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/**
 * A filled marker with a dark outline, so a training point stays visible on a region of its own
 * colour; each class gets its own shape as well as its own colour.
 */
final class OutlinedMarker extends Marker {

    private static final BasicStroke OUTLINE = new BasicStroke(1.2f);
    private static final int SHAPES = 5;

    private final int shape;

    OutlinedMarker(int classIndex) {
        this.shape = classIndex % SHAPES;
    }

    @Override
    public void paint(Graphics2D g, double x, double y, int size) {
        Shape s = shape(x, y, size);
        Color fill = g.getColor();
        g.fill(s);
        g.setColor(Palette.INK);
        g.setStroke(OUTLINE);
        g.draw(s);
        g.setColor(fill);
    }

    private Shape shape(double x, double y, double size) {
        double h = size / 2;
        switch (shape) {
            case 0:
                return new Ellipse2D.Double(x - h, y - h, size, size);
            case 1: {
                double d = h * 1.25;
                return polygon(x, y - d, x + d, y, x, y + d, x - d, y);
            }
            case 2: {
                double s = h * 0.9;
                return new Rectangle2D.Double(x - s, y - s, 2 * s, 2 * s);
            }
            case 3: {
                double d = h * 1.2;
                return polygon(x, y - d, x + d, y + d * 0.8, x - d, y + d * 0.8);
            }
            default: {
                double d = h * 1.2;
                return polygon(x, y + d, x + d, y - d * 0.8, x - d, y - d * 0.8);
            }
        }
    }

    private static Shape polygon(double... xy) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            p.lineTo(xy[i], xy[i + 1]);
        }
        p.closePath();
        return p;
    }
}
