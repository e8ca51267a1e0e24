package dev.nnj.plot;

import java.awt.geom.Path2D;

/**
 * Marching squares: the line where a field sampled on a grid crosses zero, as straight segments
 * between crossing points found by linear interpolation along the grid's edges. Drawn as a
 * vector path, the boundary stays sharp in SVG although the colour map underneath is an image.
 */
final class Contour {

    private Contour() {
    }

    /**
     * Appends the zero crossing of {@code f} to {@code path}. {@code f} holds {@code wide x high}
     * values row by row from the top; value (i, j) sits at screen point
     * ({@code x0 + i * dx}, {@code y0 + j * dy}).
     */
    static void trace(float[] f, int wide, int high, double x0, double y0, double dx, double dy, Path2D path) {
        for (int j = 0; j + 1 < high; j++) {
            for (int i = 0; i + 1 < wide; i++) {
                float a = f[j * wide + i];           // top left
                float b = f[j * wide + i + 1];       // top right
                float c = f[(j + 1) * wide + i + 1]; // bottom right
                float d = f[(j + 1) * wide + i];     // bottom left
                int index = (a > 0 ? 8 : 0) | (b > 0 ? 4 : 0) | (c > 0 ? 2 : 0) | (d > 0 ? 1 : 0);
                if (index == 0 || index == 15) {
                    continue;
                }
                double left = x0 + i * dx;
                double top = y0 + j * dy;
                // Crossing points on the four edges (only the ones the case uses are meaningful).
                double topX = left + dx * crossing(a, b);
                double rightY = top + dy * crossing(b, c);
                double bottomX = left + dx * crossing(d, c);
                double leftY = top + dy * crossing(a, d);
                double right = left + dx;
                double bottom = top + dy;
                switch (index) {
                    case 1, 14 -> segment(path, left, leftY, bottomX, bottom);
                    case 2, 13 -> segment(path, bottomX, bottom, right, rightY);
                    case 3, 12 -> segment(path, left, leftY, right, rightY);
                    case 4, 11 -> segment(path, topX, top, right, rightY);
                    case 6, 9 -> segment(path, topX, top, bottomX, bottom);
                    case 7, 8 -> segment(path, left, leftY, topX, top);
                    case 5 -> {
                        // b and d inside: joined through the centre, or two separate corners.
                        if ((a + b + c + d) / 4 > 0) {
                            segment(path, left, leftY, topX, top);
                            segment(path, bottomX, bottom, right, rightY);
                        } else {
                            segment(path, topX, top, right, rightY);
                            segment(path, left, leftY, bottomX, bottom);
                        }
                    }
                    case 10 -> {
                        // a and c inside.
                        if ((a + b + c + d) / 4 > 0) {
                            segment(path, topX, top, right, rightY);
                            segment(path, left, leftY, bottomX, bottom);
                        } else {
                            segment(path, left, leftY, topX, top);
                            segment(path, bottomX, bottom, right, rightY);
                        }
                    }
                    default -> throw new AssertionError(index);
                }
            }
        }
    }

    /** Where between p (at 0) and q (at 1) a linear interpolation crosses zero. */
    private static double crossing(float p, float q) {
        double t = p / (double) (p - q);
        return Double.isFinite(t) ? Math.max(0, Math.min(1, t)) : 0.5;
    }

    private static void segment(Path2D path, double x1, double y1, double x2, double y2) {
        path.moveTo(x1, y1);
        path.lineTo(x2, y2);
    }
}
