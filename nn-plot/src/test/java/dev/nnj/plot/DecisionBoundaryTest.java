package dev.nnj.plot;

import dev.nnj.core.Dataset;
import dev.nnj.core.Layer;
import dev.nnj.core.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.identity;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.plot.Fixtures.XOR;
import static dev.nnj.plot.Fixtures.XOR_X;
import static dev.nnj.plot.Fixtures.XOR_Y;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecisionBoundaryTest {

    @TempDir
    Path dir;

    /** A two-input, three-class softmax model with fixed weights: class 0 to the right, 1 up, 2 down-left. */
    static Sequential threeClasses() {
        Sequential model = Sequential.of(dense(2, 3), softmax());
        float[][] w = {{2, -1, -1}, {0, 2, -2}};
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 3; c++) {
                model.parameters().get(0).value().set(r, c, w[r][c]);
            }
        }
        return model;
    }

    static final float[][] THREE_X = {{1, 0}, {1.2f, 0.3f}, {-1, 1}, {-0.8f, 1.3f}, {-1, -1}, {-1.2f, -0.7f}, {0.2f, 0.1f}};
    static final float[][] THREE_Y = {{0}, {0}, {1}, {1}, {2}, {2}, {1}};

    /** The map's pixel nearest (x1, x2), and the plane's point at that pixel's centre. */
    record Probe(int px, int py, float x1, float x2) {
        static Probe at(DecisionBoundary.Area area, double x1, double x2) {
            int px = (int) Math.floor(area.screenX(x1));
            int py = (int) Math.floor(area.screenY(x2));
            return new Probe(px, py, (float) area.dataX(px + 0.5), (float) area.dataY(py + 0.5));
        }
    }

    @Test
    void theXorMapShowsTheTrainedNetsProbabilityWhereverItIsDrawn() throws Exception {
        DecisionBoundary picture = Plots.decisionBoundary(XOR, XOR_X, XOR_Y);
        Path file = dir.resolve("xor.png");
        picture.save(file);
        BufferedImage image = Fixtures.png(file);
        assertEquals(DecisionBoundary.DEFAULT_WIDTH, image.getWidth());
        assertEquals(DecisionBoundary.DEFAULT_HEIGHT, image.getHeight());
        DecisionBoundary.Area area = picture.area();
        // The plotted range is the points' range and a tenth more on each side.
        assertEquals(-0.1, area.x1Min(), 1e-9);
        assertEquals(1.1, area.x2Max(), 1e-9);

        // At the four corners sit the training points, filled with the colour of their class.
        for (int r = 0; r < 4; r++) {
            Probe corner = Probe.at(area, XOR_X[r][0], XOR_X[r][1]);
            int expected = Palette.classColor(XOR_Y[r][0] > 0.5f ? 1 : 0).getRGB();
            assertTrue(Fixtures.distance(image.getRGB(corner.px(), corner.py()), expected) <= 2,
                    "point " + r + " at pixel " + corner.px() + "," + corner.py());
        }
        // Between them, the colour is the model's prediction at that very spot: near each corner (the
        // corner's class, for a net that learned XOR), in the middle, and on a grid across the plane.
        int checked = 0;
        for (double x1 = -0.05; x1 <= 1.05; x1 += 0.1) {
            for (double x2 = -0.05; x2 <= 1.05; x2 += 0.1) {
                Probe probe = Probe.at(area, x1, x2);
                float p = XOR.predict(new float[]{probe.x1(), probe.x2()})[0];
                if (Math.abs(p - 0.5f) < 0.08f) {
                    continue; // the dark boundary line runs here
                }
                int pixel = image.getRGB(probe.px(), probe.py());
                assertTrue(Fixtures.distance(pixel, Palette.probability(p)) <= 2,
                        String.format("at (%.2f, %.2f) the model says %.3f but the pixel is %06x", x1, x2, p, pixel & 0xFFFFFF));
                assertEquals(p > 0.5f, redder(pixel), "class at " + x1 + ", " + x2);
                checked++;
            }
        }
        assertTrue(checked > 80, "only " + checked + " probes were away from the boundary");
        for (int r = 0; r < 4; r++) {
            double x1 = XOR_X[r][0] == 0 ? 0.12 : 0.88;
            double x2 = XOR_X[r][1] == 0 ? 0.12 : 0.88;
            Probe near = Probe.at(area, x1, x2);
            assertEquals(XOR_Y[r][0] > 0.5f, redder(image.getRGB(near.px(), near.py())), "near corner " + r);
        }
    }

    /** Closer to class 1's vermillion than to class 0's blue. */
    private static boolean redder(int rgb) {
        return (rgb >> 16 & 0xFF) > (rgb & 0xFF);
    }

    @Test
    void aSoftmaxModelsRegionsHaveTheColourOfTheLargestOutputAndClassIndexTargetsAreRead() throws Exception {
        Sequential model = threeClasses();
        DecisionBoundary picture = Plots.decisionBoundary(model, THREE_X, THREE_Y).size(480, 400);
        assertArrayEquals(new int[]{0, 0, 1, 1, 2, 2, 1}, picture.classes());
        Path file = dir.resolve("three.png");
        picture.savePng(file);
        BufferedImage image = Fixtures.png(file);
        DecisionBoundary.Area area = picture.area();

        int[] seen = new int[3];
        for (double x1 = -1.3; x1 <= 1.3; x1 += 0.2) {
            for (double x2 = -1.0; x2 <= 1.3; x2 += 0.2) {
                Probe probe = Probe.at(area, x1, x2);
                float[] out = model.predict(new float[]{probe.x1(), probe.x2()});
                int best = argmax(out);
                if (secondLargestGap(out) < 0.1f || nearAPoint(area, probe)) {
                    continue;
                }
                assertTrue(Fixtures.distance(image.getRGB(probe.px(), probe.py()), Palette.region(best)) <= 2,
                        "at " + x1 + ", " + x2 + " the model predicts class " + best);
                seen[best]++;
            }
        }
        for (int c = 0; c < 3; c++) {
            assertTrue(seen[c] > 5, "class " + c + " region probed " + seen[c] + " times");
        }
    }

    private static boolean nearAPoint(DecisionBoundary.Area area, Probe probe) {
        for (float[] p : THREE_X) {
            if (Math.abs(area.screenX(p[0]) - probe.px()) < 12 && Math.abs(area.screenY(p[1]) - probe.py()) < 12) {
                return true;
            }
        }
        return false;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static float secondLargestGap(float[] v) {
        float[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length - 1] - s[s.length - 2];
    }

    @Test
    void theSvgEmbedsTheMapAsOneImageAndDrawsTheBoundaryAsOneVectorPath() throws Exception {
        DecisionBoundary picture = Plots.decisionBoundary(XOR, XOR_X, XOR_Y);
        Path file = dir.resolve("xor.svg");
        picture.save(file);
        Document svg = Fixtures.svg(file);
        assertEquals(DecisionBoundary.DEFAULT_WIDTH + "px", svg.getDocumentElement().getAttribute("width"));

        NodeList images = svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "image");
        // The map and the colour bar's scale.
        assertEquals(2, images.getLength());
        Element map = (Element) images.item(0);
        assertTrue(map.getAttributeNS("http://www.w3.org/1999/xlink", "href").startsWith("data:image/png;base64,"));
        DecisionBoundary.Area area = picture.area();
        assertEquals(area.right() - area.left(), Double.parseDouble(map.getAttribute("width")), 2.0);
        List<Element> boundary = Fixtures.styled(svg, "path", "stroke", Palette.INK);
        assertTrue(boundary.stream().anyMatch(e -> e.getAttribute("style").contains("stroke-width:2")),
                "no 2-pixel dark path for the boundary");
        assertTrue(java.nio.file.Files.size(file) < 400_000, "the SVG is " + java.nio.file.Files.size(file) + " bytes");
    }

    @Test
    void thePictureKeepsTheModelAsItWasWhenThePictureWasMade() {
        Sequential model = threeClasses();
        DecisionBoundary before = Plots.decisionBoundary(model, THREE_X, THREE_Y).size(400, 320);
        BufferedImage first = before.image();

        model.parameters().get(0).value().set(0, 0, -2); // class 0 now lies to the left
        BufferedImage again = before.image();
        BufferedImage after = Plots.decisionBoundary(model, THREE_X, THREE_Y).size(400, 320).image();

        assertEquals(0, different(first, again), "the picture changed with the model");
        assertNotEquals(0, different(first, after), "a new picture of the changed model looks the same");
    }

    private static int different(BufferedImage a, BufferedImage b) {
        int count = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                count += a.getRGB(x, y) != b.getRGB(x, y) ? 1 : 0;
            }
        }
        return count;
    }

    @Test
    void aModelWithoutTwoInputsIsRefusedNamingItsFirstLayer() {
        Sequential four = Sequential.of(dense(4, 8), sigmoid(), dense(8, 3), softmax());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.decisionBoundary(four, new float[][]{{1, 2, 3, 4}}, new float[][]{{0}}));
        assertTrue(e.getMessage().contains("takes 4 inputs"), e.getMessage());
        assertTrue(e.getMessage().contains("dense(4 -> 8)"), e.getMessage());
        assertTrue(e.getMessage().contains("exactly 2"), e.getMessage());
    }

    @Test
    void pointsAndTargetsThatDoNotFitAreRefusedNamingTheRow() {
        Sequential three = threeClasses();
        assertMessage(() -> Plots.decisionBoundary(XOR, new float[][]{{0, 0}, {0, 1}, {1, 0, 5}, {1, 1}}, XOR_Y),
                "row 2 of x has 3 values", "exactly 2");
        assertMessage(() -> Plots.decisionBoundary(XOR, new float[][]{{0, 0}, {Float.NaN, 1}}, new float[][]{{0}, {1}}),
                "x[1][0] is NaN");
        assertMessage(() -> Plots.decisionBoundary(XOR, XOR_X, new float[][]{{0}, {1}, {1}}),
                "x has 4 rows but y has 3");
        assertMessage(() -> Plots.decisionBoundary(XOR, XOR_X, new float[][]{{0, 1, 0}, {1, 0, 0}, {1, 0, 0}, {0, 1, 0}}),
                "y has 3 columns but the model has 1 output");
        assertMessage(() -> Plots.decisionBoundary(three, THREE_X, new float[][]{{0}, {3}, {1}, {1}, {2}, {2}, {1}}),
                "y[1][0] is 3.0", "class index 0..2");
        assertMessage(() -> Plots.decisionBoundary(XOR, new float[0][], new float[0][]), "no points");
        // An empty dataset: refused before its default featureNames() would look at a first row.
        Dataset empty = new Dataset() {
            @Override
            public float[][] features() {
                return new float[0][];
            }

            @Override
            public float[][] targets() {
                return new float[0][];
            }

            @Override
            public Layer preprocessing() {
                return identity();
            }
        };
        assertMessage(() -> Plots.decisionBoundary(XOR, empty), "no points");
        assertMessage(() -> Plots.decisionBoundary(null, XOR_X, XOR_Y), "model is null");
        assertMessage(() -> Plots.decisionBoundary(XOR, XOR_X, XOR_Y).classNames("a", "b", "c"),
                "2 classes", "not 3");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
        }
    }

    @Test
    void aDatasetsFeatureAndClassNamesLabelTheAxesAndTheLegend() {
        Dataset data = new Dataset() {
            @Override
            public float[][] features() {
                return THREE_X;
            }

            @Override
            public float[][] targets() {
                return THREE_Y;
            }

            @Override
            public Layer preprocessing() {
                return identity();
            }

            @Override
            public List<String> featureNames() {
                return List.of("petal length", "petal width");
            }

            @Override
            public List<String> classNames() {
                return List.of("setosa", "versicolor", "virginica");
            }
        };
        DecisionBoundary picture = Plots.decisionBoundary(threeClasses(), data);
        XYChart chart = picture.chart(600, 500);
        assertEquals("petal length", chart.getXAxisTitle());
        assertEquals("petal width", chart.getYAxisTitle());
        assertEquals(List.of("setosa", "versicolor", "virginica", "boundary"),
                chart.getSeriesCollection().stream().map(XYSeries::getName).toList());

        XYChart renamed = picture.featureNames("a", "b").classNames("x", "y", "z").chart(600, 500);
        assertEquals("a", renamed.getXAxisTitle());
        assertEquals(List.of("x", "y", "z", "boundary"), renamed.getSeriesCollection().stream().map(XYSeries::getName).toList());
    }
}
