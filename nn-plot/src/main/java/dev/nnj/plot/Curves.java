package dev.nnj.plot;

import dev.nnj.core.History;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A training run's curves, epoch by epoch: training and validation loss; training and
 * validation accuracy when the run measured it; the learning rate when it changed. Each is a
 * panel, side by side, under one title. Made by {@link Plots#curves(History)}.
 * <pre>{@code
 * History history = model.train().on(split.train()).validation(split.test())
 *         .loss(crossEntropy()).optimizer(adam(0.01f)).epochs(200).run();
 * Plots.curves(history).title("iris, 4-8-3, adam(0.01)").save(Path.of("iris-curves.png"));
 * }</pre>
 * What a run did not measure (NaN in {@link History.Epoch}) is not drawn: no validation data,
 * no validation series; a regression loss, no accuracy panel. Non-finite losses (a diverging
 * run's last epoch) are left out of the line. The loss axis starts at zero, or is logarithmic
 * when the loss falls a hundredfold or more. If the run stopped early and went back to an earlier
 * epoch's weights, a dotted vertical line marks that epoch. Long runs are downsampled for drawing
 * (at most {@value #SVG_POINTS} points a series in SVG, two per pixel of width in PNG), keeping
 * the spikes a diverging run produces.
 */
public final class Curves implements Picture {

    /** At most this many points per series in an SVG file. */
    static final int SVG_POINTS = 500;
    /**
     * At most this many points per series per pixel of a PNG panel's width: more cannot be seen,
     * and XChart draws each segment on its own (about 40 microseconds each), so a 100,000-epoch
     * run would otherwise take seconds to draw.
     */
    static final int PNG_POINTS_PER_PIXEL = 2;
    /** Shown with markers when a series has at most this many points (a short run's points are few enough to see). */
    static final int MARKERS_UP_TO = 40;
    static final int PANEL_WIDTH = 600;
    static final int DEFAULT_HEIGHT = 440;
    static final int MIN_PANEL_WIDTH = 240;
    static final int MIN_HEIGHT = 220;
    static final int HEADER = 38;

    private static final BasicStroke SOLID = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND,
            10f, new float[]{7f, 4f}, 0f);
    private static final BasicStroke MARK = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND,
            10f, new float[]{3f, 3f}, 0f);
    private static final Color MARK_COLOR = new Color(0x555555);

    /** How a line is drawn: training data solid, validation data dashed, the restored epoch a dotted mark. */
    enum Style {
        SOLID, DASHED, MARK
    }

    /** One line of a panel: its legend name, its finite points, its colour and style. */
    record Line(String name, double[] x, double[] y, Color color, Style style) {
    }

    /**
     * One chart: title, y axis, whether that axis is logarithmic or else starts at zero (a loss or a
     * learning rate, so that how close it came to zero shows), and its lines.
     */
    record Panel(String title, String yTitle, boolean logarithmic, boolean fromZero, List<Line> lines) {
    }

    private final List<Panel> panels;
    private final String defaultTitle;
    private final String title;
    private final int width;
    private final int height;

    Curves(List<History.Epoch> epochs, History.StopReason stop) {
        Objects.requireNonNull(epochs);
        int n = epochs.size();
        if (n == 0) {
            throw new IllegalArgumentException("curves: the history has no epochs; train for at least one epoch first.");
        }
        double[] x = new double[n];
        double[] loss = new double[n];
        double[] accuracy = new double[n];
        double[] validationLoss = new double[n];
        double[] validationAccuracy = new double[n];
        double[] learningRate = new double[n];
        for (int i = 0; i < n; i++) {
            History.Epoch e = epochs.get(i);
            if (e == null) {
                throw new IllegalArgumentException("curves: epoch record " + i + " of the list is null; pass the records"
                        + " of a history, e.g. history.epochs().");
            }
            x[i] = e.number();
            if (i > 0 && x[i] <= x[i - 1]) {
                throw new IllegalArgumentException("curves: epoch record " + i + " has number " + e.number()
                        + ", not after the previous record's " + (long) x[i - 1] + "; pass the records in epoch order.");
            }
            loss[i] = decimal(e.loss());
            accuracy[i] = decimal(e.accuracy());
            validationLoss[i] = decimal(e.validationLoss());
            validationAccuracy[i] = decimal(e.validationAccuracy());
            learningRate[i] = decimal(e.learningRate());
        }
        int restored = stop != null && stop.kind() == History.StopReason.Kind.EARLY_STOPPED
                && stop.restoredEpoch() > 0 && stop.restoredEpoch() != stop.epoch() ? stop.restoredEpoch() : 0;

        List<Panel> list = new ArrayList<>();
        Panel lossPanel = panel("Loss", "loss", restored, 100, true,
                line("training", x, loss, Palette.TRAINING, Style.SOLID),
                line("validation", x, validationLoss, Palette.VALIDATION, Style.DASHED));
        if (lossPanel == null) {
            throw new IllegalArgumentException("curves: no epoch has a finite loss to draw (the run diverged at epoch "
                    + epochs.get(0).number() + "); look at history.stopReason() and lower the learning rate.");
        }
        list.add(lossPanel);
        Panel accuracyPanel = panel("Accuracy", "accuracy", restored, Double.POSITIVE_INFINITY, false,
                line("training", x, accuracy, Palette.TRAINING, Style.SOLID),
                line("validation", x, validationAccuracy, Palette.VALIDATION, Style.DASHED));
        if (accuracyPanel != null) {
            list.add(accuracyPanel);
        }
        if (changes(learningRate)) {
            list.add(panel("Learning rate", "learning rate", restored, 10, true,
                    line("learning rate", x, learningRate, Palette.LEARNING_RATE, Style.SOLID)));
        }
        this.panels = List.copyOf(list);
        this.defaultTitle = defaultTitle(epochs.get(n - 1).number(), n, loss, validationLoss, accuracy,
                validationAccuracy, stop);
        this.title = null;
        this.width = 0;
        this.height = 0;
    }

    private Curves(Curves from, String title, int width, int height) {
        this.panels = from.panels;
        this.defaultTitle = from.defaultTitle;
        this.title = title;
        this.width = width;
        this.height = height;
    }

    @Override
    public Curves title(String title) {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title: give a non-empty title, e.g. title(\"XOR, 2-3-1, sgd(0.1)\").");
        }
        return new Curves(this, title, width, height);
    }

    @Override
    public Curves size(int width, int height) {
        Render.checkSize(width, height, MIN_PANEL_WIDTH * panels.size(), MIN_HEIGHT, "size");
        return new Curves(this, title, width, height);
    }

    @Override
    public int width() {
        return width != 0 ? width : PANEL_WIDTH * panels.size();
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

    /** The panels this picture draws, in order (for tests). */
    List<Panel> panels() {
        return panels;
    }

    /** The charts drawn for {@code format}: long lines are downsampled, to fewer points for SVG than for PNG. */
    List<XYChart> charts(Render.Format format, int panelWidth, int panelHeight) {
        List<XYChart> charts = new ArrayList<>();
        for (Panel panel : panels) {
            XYChart chart = Charts.xy(panelWidth, panelHeight, panel.title(), "epoch", panel.yTitle()
                    + (panel.logarithmic() ? " (log scale)" : ""));
            chart.getStyler().setYAxisLogarithmic(panel.logarithmic());
            if (panel.fromZero()) {
                chart.getStyler().setYAxisMin(0.0);
            }
            chart.getStyler().setMarkerSize(6);
            double xMin = Double.POSITIVE_INFINITY;
            double xMax = Double.NEGATIVE_INFINITY;
            for (Line line : panel.lines()) {
                double[] x = line.x();
                double[] y = line.y();
                int limit = format == Render.Format.SVG ? SVG_POINTS : Math.max(SVG_POINTS, PNG_POINTS_PER_PIXEL * panelWidth);
                if (x.length > limit) {
                    int[] keep = Downsample.indices(x, panel.logarithmic() ? log10(y) : y, limit);
                    x = pick(x, keep);
                    y = pick(y, keep);
                }
                XYSeries series = chart.addSeries(line.name(), x, y);
                series.setLineColor(line.color());
                series.setMarkerColor(line.color());
                series.setLineStyle(line.style() == Style.SOLID ? SOLID : line.style() == Style.DASHED ? DASHED : MARK);
                series.setMarker(line.x().length <= MARKERS_UP_TO && line.style() != Style.MARK
                        ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
                xMin = Math.min(xMin, line.x()[0]);
                xMax = Math.max(xMax, line.x()[line.x().length - 1]);
            }
            if (xMin == xMax) {
                xMin -= 1;
                xMax += 1;
            }
            // When all x values are equally spaced (epochs 1, 2, 3, ...) XChart labels every k-th value
            // instead of round numbers, which crowds a short run's axis; one invisible point between two
            // epochs (no line, no marker, inside the data's range) makes it choose round ticks.
            Line first = panel.lines().get(0);
            XYSeries spacing = chart.addSeries(" ", new double[]{first.x()[0] + 0.5}, new double[]{first.y()[0]});
            spacing.setShowInLegend(false);
            spacing.setMarker(SeriesMarkers.NONE);
            chart.getStyler().setXAxisMin(xMin);
            chart.getStyler().setXAxisMax(xMax);
            // Thousands grouped; a short run's half epochs keep their decimal rather than repeat a label.
            chart.getStyler().setXAxisDecimalPattern("#,##0.##");
            charts.add(chart);
        }
        return charts;
    }

    private void draw(Render.Canvas canvas) {
        Graphics2D g = canvas.graphics();
        int w = canvas.width();
        int h = canvas.height();
        String header = title != null ? title : defaultTitle;
        g.setColor(Palette.INK);
        Font font = Text.fitting(g, header, Font.BOLD, 17f, 10f, w - 20);
        Text.centred(g, header, font, w / 2.0, HEADER - 12);
        List<XYChart> charts = charts(canvas.format(), w / panels.size(), h - HEADER);
        for (int i = 0; i < charts.size(); i++) {
            int left = i * w / charts.size();
            int right = (i + 1) * w / charts.size();
            Graphics2D panel = (Graphics2D) g.create();
            try {
                panel.translate(left, HEADER);
                panel.clipRect(0, 0, right - left, h - HEADER);
                charts.get(i).paint(panel, right - left, h - HEADER);
            } finally {
                panel.dispose();
            }
        }
    }

    /**
     * A panel of the lines that have points, with the restored epoch's mark; null if no line has
     * any. The y axis is logarithmic when all values are positive and the largest is at least
     * {@code logRatio} times the smallest; otherwise it starts at zero if {@code zero} and no value is negative.
     */
    private static Panel panel(String title, String yTitle, int restoredEpoch, double logRatio, boolean zero, Line... lines) {
        List<Line> drawn = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Line line : lines) {
            if (line != null) {
                drawn.add(line);
                for (double v : line.y()) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (drawn.isEmpty()) {
            return null;
        }
        // A loss over two orders of magnitude would be a flat line at the bottom of a linear axis for most
        // epochs; a learning rate decayed by a factor of ten or more reads best in decades.
        boolean logarithmic = min > 0 && max / min >= logRatio;
        if (restoredEpoch > 0) {
            // From the lowest value to the highest: the mark spans the plot. (A logarithmic panel never has min == max.)
            double pad = min == max ? Math.max(Math.abs(min) * 0.5, 1e-9) : 0;
            drawn.add(new Line("restored weights (epoch " + restoredEpoch + ")", new double[]{restoredEpoch, restoredEpoch},
                    new double[]{min - pad, max + pad}, MARK_COLOR, Style.MARK));
        }
        return new Panel(title, yTitle, logarithmic, zero && !logarithmic && min >= 0, List.copyOf(drawn));
    }

    /** The finite points of one measured quantity; null if it has none (the run did not measure it). */
    private static Line line(String name, double[] x, double[] y, Color color, Style style) {
        int count = 0;
        for (double v : y) {
            if (Double.isFinite(v)) {
                count++;
            }
        }
        if (count == 0) {
            return null;
        }
        double[] xs = new double[count];
        double[] ys = new double[count];
        for (int i = 0, j = 0; i < y.length; i++) {
            if (Double.isFinite(y[i])) {
                xs[j] = x[i];
                ys[j++] = y[i];
            }
        }
        return new Line(name, xs, ys, color, style);
    }

    private static boolean changes(double[] values) {
        double first = Double.NaN;
        for (double v : values) {
            if (Double.isFinite(v)) {
                if (Double.isNaN(first)) {
                    first = v;
                } else if (v != first) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String defaultTitle(int lastEpoch, int count, double[] loss, double[] validationLoss,
                                       double[] accuracy, double[] validationAccuracy, History.StopReason stop) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%,d epoch%s", count, count == 1 ? "" : "s"));
        appendLast(s, ", final loss ", loss);
        appendLast(s, " (validation ", validationLoss, ")");
        appendLast(s, ", accuracy ", accuracy);
        appendLast(s, " (validation ", validationAccuracy, ")");
        if (stop != null) {
            switch (stop.kind()) {
                case EARLY_STOPPED:
                    s.append(String.format(Locale.ROOT, "; stopped early at epoch %,d, kept epoch %,d", stop.epoch(),
                            stop.restoredEpoch()));
                    break;
                case DIVERGED:
                    s.append(String.format(Locale.ROOT, "; diverged at epoch %,d", stop.epoch()));
                    break;
                case STOPPED_BY_CALLBACK:
                    s.append(String.format(Locale.ROOT, "; stopped at epoch %,d", stop.epoch()));
                    break;
                default:
                    break;
            }
        } else if (count != lastEpoch) {
            s.append(String.format(Locale.ROOT, " (to epoch %,d)", lastEpoch));
        }
        return s.toString();
    }

    private static void appendLast(StringBuilder s, String label, double[] values) {
        appendLast(s, label, values, "");
    }

    private static void appendLast(StringBuilder s, String label, double[] values, String end) {
        for (int i = values.length - 1; i >= 0; i--) {
            if (Double.isFinite(values[i])) {
                s.append(label).append(String.format(Locale.ROOT, "%.3g", values[i])).append(end);
                return;
            }
        }
    }

    /** The double a float's shortest decimal means: 0.1f becomes 0.1, not 0.10000000149011612, in axis labels. */
    private static double decimal(float v) {
        return Float.isFinite(v) ? Double.parseDouble(Float.toString(v)) : v;
    }

    private static double[] log10(double[] y) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = Math.log10(y[i]);
        }
        return out;
    }

    private static double[] pick(double[] values, int[] indices) {
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }
}
