package dev.nnj.plot;

import org.junit.jupiter.api.Test;

import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContourTest {

    /** Every point of the path: its moveTo and lineTo coordinates. */
    static List<double[]> points(Path2D path) {
        List<double[]> points = new ArrayList<>();
        double[] c = new double[6];
        for (PathIterator it = path.getPathIterator(null); !it.isDone(); it.next()) {
            it.currentSegment(c);
            points.add(new double[]{c[0], c[1]});
        }
        return points;
    }

    @Test
    void aLinearFieldCrossesZeroOnAStraightLineFoundByInterpolation() {
        int wide = 10;
        int high = 6;
        float[] f = new float[wide * high];
        for (int j = 0; j < high; j++) {
            for (int i = 0; i < wide; i++) {
                f[j * wide + i] = i - 3.3f; // zero at i = 3.3
            }
        }
        Path2D.Double path = new Path2D.Double();
        Contour.trace(f, wide, high, 100, 50, 10, 20, path);
        List<double[]> points = points(path);
        assertEquals(2 * (high - 1), points.size(), "one segment per row of cells");
        for (double[] p : points) {
            assertEquals(133, p[0], 1e-4);
            assertTrue(p[1] >= 50 && p[1] <= 150);
        }
    }

    @Test
    void aCircleIsTracedOnTheCircle() {
        int n = 80;
        float[] f = new float[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                f[j * n + i] = (float) (Math.hypot(i - 40, j - 40) - 25);
            }
        }
        Path2D.Double path = new Path2D.Double();
        Contour.trace(f, n, n, 0, 0, 1, 1, path);
        List<double[]> points = points(path);
        assertTrue(points.size() > 200, points.size() + " points");
        for (double[] p : points) {
            // Linear interpolation of a distance field: within a few hundredths of a cell.
            assertEquals(25, Math.hypot(p[0] - 40, p[1] - 40), 0.05);
        }
    }

    @Test
    void aFieldThatNeverCrossesZeroHasNoBoundary() {
        float[] f = new float[25];
        java.util.Arrays.fill(f, 0.3f);
        Path2D.Double path = new Path2D.Double();
        Contour.trace(f, 5, 5, 0, 0, 1, 1, path);
        assertEquals(0, points(path).size());
    }
}
