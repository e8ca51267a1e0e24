package dev.nnj.plot;

import dev.nnj.core.Sequential;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a model with two inputs predicts over the plane, with the points it was trained on drawn
 * on top in the colour of their class. Made by {@link Plots#decisionBoundary(Sequential, float[][], float[][])}.
 * <pre>{@code
 * float[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
 * float[][] y = {{0}, {1}, {1}, {0}};
 * Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
 * model.train().on(x, y).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(10_000).batchSize(4).run();
 * Plots.decisionBoundary(model, x, y).save(Path.of("xor.png"));
 * }</pre>
 * <ul>
 * <li>One output (a sigmoid): the colour is the predicted probability of class 1, from class
 *     0's colour through white at 0.5 to class 1's, with a colour bar; a dark line is the 0.5
 *     contour, where the prediction changes class. A point's class is its target rounded at 0.5.</li>
 * <li>k outputs (a softmax): each region has the colour of its predicted class (the largest
 *     output); dark lines separate the regions. A point's class is the largest column of its
 *     one-hot target, or the target itself when it is one column of class indices.</li>
 * </ul>
 * The plotted range is the points' range with a tenth of it added on each side. The picture
 * shows the model as it was when the picture was made (it keeps a copy), so training it further
 * does not change the picture.
 */
public final class DecisionBoundary implements Picture {

    static final int DEFAULT_WIDTH = 720;
    static final int DEFAULT_HEIGHT = 600;
    static final int MIN_WIDTH = 360;
    static final int MIN_HEIGHT = 300;
    /** Width of the colour bar beside a probability map. */
    static final int COLOUR_BAR = 90;
    /** At most this many map cells a side in SVG (the map is embedded as an image; the boundary line is a vector path). */
    static final int SVG_CELLS = 240;
    /** PNG maps have one cell per pixel, up to this many a side. */
    static final int PNG_CELLS = 2_000;
    /** Added on each side of the points' range, as a share of it. */
    static final double MARGIN = 0.10;
    /** Rows per predict call when evaluating the map. */
    private static final int CHUNK = 16_384;

    private static final BasicStroke BOUNDARY = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);

    /** The plotted rectangle in pixels and the data range it shows (for tests and the pixel mapping). */
    record Area(double left, double top, double right, double bottom,
                double x1Min, double x1Max, double x2Min, double x2Max) {

        double screenX(double x1) {
            return left + (x1 - x1Min) / (x1Max - x1Min) * (right - left);
        }

        double screenY(double x2) {
            return bottom - (x2 - x2Min) / (x2Max - x2Min) * (bottom - top);
        }

        double dataX(double sx) {
            return x1Min + (sx - left) / (right - left) * (x1Max - x1Min);
        }

        double dataY(double sy) {
            return x2Min + (bottom - sy) / (bottom - top) * (x2Max - x2Min);
        }
    }

    private final Sequential model;
    private final float[][] points;
    private final int[] classes;
    private final int outputs;
    private final int classCount;
    private final int right;
    private final double x1Min;
    private final double x1Max;
    private final double x2Min;
    private final double x2Max;
    private final String x1Name;
    private final String x2Name;
    private final List<String> classNames;
    private final String title;
    private final int width;
    private final int height;

    private DecisionBoundary(Sequential model, float[][] points, int[] classes, int outputs, int right,
                             double[] range, String x1Name, String x2Name, List<String> classNames,
                             String title, int width, int height) {
        this.model = model;
        this.points = points;
        this.classes = classes;
        this.outputs = outputs;
        this.classCount = outputs == 1 ? 2 : outputs;
        this.right = right;
        this.x1Min = range[0];
        this.x1Max = range[1];
        this.x2Min = range[2];
        this.x2Max = range[3];
        this.x1Name = x1Name;
        this.x2Name = x2Name;
        this.classNames = classNames;
        this.title = title;
        this.width = width;
        this.height = height;
    }

    private DecisionBoundary with(String x1Name, String x2Name, List<String> classNames, String title, int width, int height) {
        return new DecisionBoundary(model, points, classes, outputs, right, new double[]{x1Min, x1Max, x2Min, x2Max},
                x1Name, x2Name, classNames, title, width, height);
    }

    /**
     * Checks the model and the points and makes the picture; see {@link Plots#decisionBoundary}.
     *
     * @param featureNames the axis titles, or null for x1 and x2
     * @param classNames   the class names, or null (or of the wrong count) for "class 0", "class 1", ...
     */
    static DecisionBoundary of(Sequential model, float[][] x, float[][] y, List<String> featureNames, List<String> classNames) {
        String where = "decisionBoundary";
        if (model == null) {
            throw new IllegalArgumentException(where + ": the model is null; pass the trained Sequential.");
        }
        if (model.inputWidth() != 2 && model.inputWidth() != -1) {
            throw new IllegalArgumentException(where + ": the model takes " + model.inputWidth() + " inputs (its first layer is "
                    + model.layers().get(0) + "), but a decision boundary is drawn over a plane: the model must take exactly"
                    + " 2. Draw it for a model trained on two features, e.g. Sequential.of(dense(2, 8), relu(), dense(8, k),"
                    + " softmax()).");
        }
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException(where + ": there are no points; pass the rows the model was trained on"
                    + " (two values each) and their targets.");
        }
        if (y == null || y.length != x.length) {
            throw new IllegalArgumentException(where + ": x has " + x.length + " rows but y has "
                    + (y == null ? "none (null)" : y.length + " rows") + "; give one target row per point.");
        }
        float[][] points = new float[x.length][];
        for (int r = 0; r < x.length; r++) {
            if (x[r] == null || x[r].length != 2) {
                throw new IllegalArgumentException(where + ": row " + r + " of x has "
                        + (x[r] == null ? "no values (null)" : x[r].length + " values")
                        + "; each point needs exactly 2 (x1 and x2, the model's inputs).");
            }
            for (int c = 0; c < 2; c++) {
                if (!Float.isFinite(x[r][c])) {
                    throw new IllegalArgumentException(where + ": x[" + r + "][" + c + "] is " + x[r][c]
                            + "; every coordinate must be a finite number: remove or impute that row.");
                }
            }
            points[r] = x[r].clone();
        }
        Sequential copy = model.copy();
        float[][] predictions = copy.predict(points);
        int outputs = predictions[0].length;
        if (y[0] == null) {
            throw new IllegalArgumentException(where + ": row 0 of y has no values (null); give one target row per point.");
        }
        int targetWidth = y[0].length;
        if (targetWidth != 1 && targetWidth != outputs) {
            throw new IllegalArgumentException(where + ": y has " + targetWidth + " columns but the model has " + outputs
                    + " output" + (outputs == 1 ? "" : "s") + "; give " + (outputs == 1 ? "one target (0 or 1) per row"
                    : "one-hot rows of " + outputs + ", or one class index per row") + ".");
        }
        int[] classes = new int[y.length];
        int right = 0;
        for (int r = 0; r < y.length; r++) {
            if (y[r] == null || y[r].length != targetWidth) {
                throw new IllegalArgumentException(where + ": row " + r + " of y has "
                        + (y[r] == null ? "no values (null)" : y[r].length + " values") + " but row 0 has " + targetWidth
                        + "; give every target row the same width.");
            }
            for (int c = 0; c < targetWidth; c++) {
                if (!Float.isFinite(y[r][c])) {
                    throw new IllegalArgumentException(where + ": y[" + r + "][" + c + "] is " + y[r][c]
                            + "; every target must be a finite number.");
                }
            }
            if (outputs == 1) {
                classes[r] = y[r][0] >= 0.5f ? 1 : 0;
            } else if (targetWidth == 1) {
                float v = y[r][0];
                if (v != Math.rint(v) || v < 0 || v >= outputs) {
                    throw new IllegalArgumentException(where + ": y[" + r + "][0] is " + v + "; with one target column and"
                            + " a model of " + outputs + " outputs, each target must be a class index 0.." + (outputs - 1) + ".");
                }
                classes[r] = (int) v;
            } else {
                classes[r] = argmax(y[r]);
            }
            if (predictedClass(predictions[r]) == classes[r]) {
                right++;
            }
        }
        List<String> names = defaultNames(outputs == 1 ? 2 : outputs);
        if (classNames != null && classNames.size() == names.size()) {
            names = List.copyOf(classNames);
        }
        String x1Name = featureNames != null && featureNames.size() == 2 ? featureNames.get(0) : "x1";
        String x2Name = featureNames != null && featureNames.size() == 2 ? featureNames.get(1) : "x2";
        return new DecisionBoundary(copy, points, classes, outputs, right, range(points), x1Name, x2Name, names,
                null, 0, 0);
    }

    /** This picture with {@code x1} and {@code x2} as the axis titles (the names of the two features). */
    public DecisionBoundary featureNames(String x1, String x2) {
        if (x1 == null || x1.isBlank() || x2 == null || x2.isBlank()) {
            throw new IllegalArgumentException("featureNames: give two non-empty names, e.g. featureNames(\"petal length\","
                    + " \"petal width\").");
        }
        return with(x1, x2, classNames, title, width, height);
    }

    /**
     * This picture with these class names in its legend (and colour bar), in class order: two
     * for a model with one output (class 0, then class 1), one per output otherwise.
     */
    public DecisionBoundary classNames(String... names) {
        if (names == null || names.length != classCount) {
            throw new IllegalArgumentException("classNames: the model tells apart " + classCount + " classes; give "
                    + classCount + " names, not " + (names == null ? "none" : names.length) + ".");
        }
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("classNames: a class name is empty; give every class a name.");
            }
        }
        return with(x1Name, x2Name, List.of(names), title, width, height);
    }

    @Override
    public DecisionBoundary title(String title) {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title: give a non-empty title, e.g. title(\"XOR, 2-3-1 sigmoid\").");
        }
        return with(x1Name, x2Name, classNames, title, width, height);
    }

    @Override
    public DecisionBoundary size(int width, int height) {
        Render.checkSize(width, height, MIN_WIDTH, MIN_HEIGHT, "size");
        return with(x1Name, x2Name, classNames, title, width, height);
    }

    @Override
    public int width() {
        return width != 0 ? width : DEFAULT_WIDTH;
    }

    @Override
    public int height() {
        return height != 0 ? height : DEFAULT_HEIGHT;
    }

    @Override
    public BufferedImage image() {
        return Render.image(this::draw, width(), height());
    }

    @Override
    public void save(Path file) {
        Render.save(this::draw, width(), height(), file, null, "save");
    }

    @Override
    public void savePng(Path file) {
        Render.save(this::draw, width(), height(), file, Render.Format.PNG, "savePng");
    }

    @Override
    public void saveSvg(Path file) {
        Render.save(this::draw, width(), height(), file, Render.Format.SVG, "saveSvg");
    }

    /** Where the plane lands in a PNG of this picture's size (for tests). */
    Area area() {
        BufferedImage scratch = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            XYChart chart = chart(chartWidth(width()), height());
            return layout(chart, g, chartWidth(width()), height());
        } finally {
            g.dispose();
        }
    }

    /** The points' classes as this picture counts them (for tests). */
    int[] classes() {
        return classes.clone();
    }

    private int chartWidth(int total) {
        return outputs == 1 ? total - COLOUR_BAR : total;
    }

    private void draw(Render.Canvas canvas) {
        Graphics2D g = canvas.graphics();
        int chartWidth = chartWidth(canvas.width());
        XYChart chart = chart(chartWidth, canvas.height());
        // XChart decides where the plot goes only while painting; a first pass on throwaway graphics of
        // the same kind tells us, so the map can go underneath the axes, points and legend of the second.
        Graphics2D scratch = canvas.scratch().get();
        Area area;
        try {
            area = layout(chart, scratch, chartWidth, canvas.height());
        } finally {
            scratch.dispose();
        }
        int left = (int) Math.floor(area.left());
        int top = (int) Math.floor(area.top());
        int pixelsWide = (int) Math.ceil(area.right()) - left;
        int pixelsHigh = (int) Math.ceil(area.bottom()) - top;
        int limit = canvas.format() == Render.Format.SVG ? SVG_CELLS : PNG_CELLS;
        int cellsWide = Math.max(2, Math.min(pixelsWide, limit));
        int cellsHigh = Math.max(2, Math.min(pixelsHigh, limit));
        double cellWidth = (double) pixelsWide / cellsWide;
        double cellHeight = (double) pixelsHigh / cellsHigh;

        float[][] field = evaluate(area, left, top, cellWidth, cellHeight, cellsWide, cellsHigh);
        BufferedImage map = new BufferedImage(cellsWide, cellsHigh, BufferedImage.TYPE_INT_RGB);
        // Straight into the raster: setRGB converts every pixel through the colour model, several times slower.
        int[] pixels = ((DataBufferInt) map.getRaster().getDataBuffer()).getData();
        for (int k = 0; k < pixels.length; k++) {
            float[] out = field[k];
            pixels[k] = outputs == 1 ? Palette.probability(out[0]) : Palette.region(predictedClass(out));
        }
        g.drawImage(map, left, top, pixelsWide, pixelsHigh, null);

        Path2D.Double boundary = new Path2D.Double();
        double x0 = left + cellWidth / 2;
        double y0 = top + cellHeight / 2;
        if (outputs == 1) {
            float[] f = new float[field.length];
            for (int k = 0; k < f.length; k++) {
                f[k] = field[k][0] - 0.5f;
            }
            Contour.trace(f, cellsWide, cellsHigh, x0, y0, cellWidth, cellHeight, boundary);
        } else {
            float[] f = new float[field.length];
            for (int c = 0; c < outputs; c++) {
                for (int k = 0; k < f.length; k++) {
                    f[k] = margin(field[k], c);
                }
                Contour.trace(f, cellsWide, cellsHigh, x0, y0, cellWidth, cellHeight, boundary);
            }
        }
        Graphics2D clipped = (Graphics2D) g.create();
        try {
            clipped.clip(new Rectangle2D.Double(area.left(), area.top(), area.right() - area.left(), area.bottom() - area.top()));
            clipped.setColor(Palette.INK);
            clipped.setStroke(BOUNDARY);
            clipped.draw(boundary);
        } finally {
            clipped.dispose();
        }

        chart.paint(g, chartWidth, canvas.height());
        if (outputs == 1) {
            colourBar(g, chartWidth, area);
        }
    }

    /** The model's outputs at the centre of every map cell, row by row from the top. */
    private float[][] evaluate(Area area, int left, int top, double cellWidth, double cellHeight, int cellsWide, int cellsHigh) {
        int cells = cellsWide * cellsHigh;
        float[][] field = new float[cells][];
        float[][] rows = new float[Math.min(CHUNK, cells)][2];
        for (int start = 0; start < cells; start += CHUNK) {
            int count = Math.min(CHUNK, cells - start);
            float[][] chunk = count == rows.length ? rows : new float[count][2];
            for (int k = 0; k < count; k++) {
                int i = (start + k) % cellsWide;
                int j = (start + k) / cellsWide;
                chunk[k][0] = (float) area.dataX(left + (i + 0.5) * cellWidth);
                chunk[k][1] = (float) area.dataY(top + (j + 0.5) * cellHeight);
            }
            float[][] out;
            try {
                out = model.predict(chunk);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("decisionBoundary: the model cannot be evaluated over the plane "
                        + String.format(Locale.ROOT, "x1 in [%g, %g], x2 in [%g, %g]", x1Min, x1Max, x2Min, x2Max)
                        + ": " + e.getMessage(), e);
            }
            System.arraycopy(out, 0, field, start, count);
        }
        return field;
    }

    /** The chart without the map (for layout, and for tests). */
    XYChart chart(int chartWidth, int chartHeight) {
        String heading = title != null ? title : String.format(Locale.ROOT, "Decision boundary: %d of %d points right",
                right, points.length);
        XYChart chart = Charts.xy(chartWidth, chartHeight, heading, x1Name, x2Name);
        XYStyler s = chart.getStyler();
        // The map is drawn underneath: everything XChart fills must let it through.
        s.setChartBackgroundColor(new Color(0, 0, 0, 0));
        s.setPlotBackgroundColor(new Color(0, 0, 0, 0));
        s.setPlotGridLinesVisible(false);
        s.setPlotContentSize(1.0);
        s.setXAxisMin(x1Min);
        s.setXAxisMax(x1Max);
        s.setYAxisMin(x2Min);
        s.setYAxisMax(x2Max);
        s.setMarkerSize(points.length <= 200 ? 11 : points.length <= 2_000 ? 8 : 5);
        s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        for (int c = 0; c < classCount; c++) {
            int count = 0;
            for (int k : classes) {
                if (k == c) {
                    count++;
                }
            }
            if (count == 0) {
                continue;
            }
            double[] xs = new double[count];
            double[] ys = new double[count];
            for (int r = 0, n = 0; r < points.length; r++) {
                if (classes[r] == c) {
                    xs[n] = points[r][0];
                    ys[n++] = points[r][1];
                }
            }
            XYSeries series = chart.addSeries(classNames.get(c), xs, ys);
            series.setMarker(new OutlinedMarker(c));
            series.setMarkerColor(Palette.classColor(c));
        }
        // A legend entry for the dark line; its two points lie far outside the plot, which XChart clips.
        double far = 10 * (x1Max - x1Min);
        XYSeries line = chart.addSeries(outputs == 1 ? "boundary (p = 0.5)" : "boundary",
                new double[]{x1Min - far, x1Min - far / 2}, new double[]{x2Min, x2Min});
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(Palette.INK);
        line.setLineStyle(BOUNDARY);
        return chart;
    }

    private Area layout(XYChart chart, Graphics2D g, int chartWidth, int chartHeight) {
        chart.paint(g, chartWidth, chartHeight);
        return new Area(chart.getScreenXFromChart(x1Min), chart.getScreenYFromChart(x2Max),
                chart.getScreenXFromChart(x1Max), chart.getScreenYFromChart(x2Min), x1Min, x1Max, x2Min, x2Max);
    }

    /** The colour scale of a probability map, beside the plot and as tall as it. */
    private void colourBar(Graphics2D g, int left, Area area) {
        double top = area.top();
        double bottom = area.bottom();
        double x = left + 10;
        double barWidth = 16;
        int steps = 256;
        BufferedImage scale = new BufferedImage(1, steps, BufferedImage.TYPE_INT_RGB);
        for (int k = 0; k < steps; k++) {
            scale.setRGB(0, k, Palette.probability(1 - (k + 0.5) / steps));
        }
        g.drawImage(scale, (int) Math.round(x), (int) Math.round(top), (int) barWidth, (int) Math.round(bottom - top), null);
        g.setColor(Palette.INK);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(Math.round(x), Math.round(top), barWidth, Math.round(bottom - top)));
        Font ticks = Charts.TICKS;
        double[] values = {0, 0.5, 1};
        String[] labels = {"0", "0.5", "1"};
        for (int k = 0; k < values.length; k++) {
            double y = bottom - values[k] * (bottom - top);
            g.setStroke(k == 1 ? BOUNDARY : new BasicStroke(1f));
            g.draw(new Line2D.Double(x + (k == 1 ? 0 : barWidth), y, x + barWidth + 4, y));
            Text.left(g, labels[k], ticks, x + barWidth + 7, y + 4.5);
        }
        Text.upwards(g, "p(" + classNames.get(1) + ")", Charts.AXIS_TITLE, x + barWidth + 52, (top + bottom) / 2);
    }

    /** How far output {@code c} is ahead of the largest other output: positive where c is predicted. */
    private static float margin(float[] out, int c) {
        float best = Float.NEGATIVE_INFINITY;
        for (int d = 0; d < out.length; d++) {
            if (d != c) {
                best = Math.max(best, out[d]);
            }
        }
        return out[c] - best;
    }

    private static int predictedClass(float[] out) {
        return out.length == 1 ? (out[0] >= 0.5f ? 1 : 0) : argmax(out);
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

    /** The points' range with {@link #MARGIN} of it on each side; a range of one value gets ±0.5 (or ±10 %). */
    private static double[] range(float[][] points) {
        double[] r = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (float[] p : points) {
            r[0] = Math.min(r[0], p[0]);
            r[1] = Math.max(r[1], p[0]);
            r[2] = Math.min(r[2], p[1]);
            r[3] = Math.max(r[3], p[1]);
        }
        for (int a = 0; a < 4; a += 2) {
            double span = r[a + 1] - r[a];
            double pad = span > 0 ? span * MARGIN : Math.max(0.5, Math.abs(r[a]) * 0.1);
            r[a] -= pad;
            r[a + 1] += pad;
        }
        return r;
    }

    private static List<String> defaultNames(int count) {
        List<String> names = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            names.add("class " + c);
        }
        return List.copyOf(names);
    }
}
