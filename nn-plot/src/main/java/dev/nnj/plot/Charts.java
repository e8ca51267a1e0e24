package dev.nnj.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;

/** The one look every nnj chart shares: white, light grid, legend under the plot, fonts readable at 600 pixels. */
final class Charts {

    static final Font TITLE = Text.font(Font.BOLD, 15f);
    static final Font AXIS_TITLE = Text.font(Font.PLAIN, 14f);
    static final Font TICKS = Text.font(Font.PLAIN, 12f);
    static final Font LEGEND = Text.font(Font.PLAIN, 13f);

    private Charts() {
    }

    static XYChart xy(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChart(width, height);
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        XYStyler s = chart.getStyler();
        s.setBaseFont(TICKS);
        s.setChartTitleFont(TITLE);
        s.setChartTitleBoxVisible(false);
        s.setChartTitlePadding(8);
        s.setAxisTitleFont(AXIS_TITLE);
        s.setAxisTickLabelsFont(TICKS);
        s.setLegendFont(LEGEND);
        s.setLegendPadding(14);
        s.setAxisTicksLineVisible(false);
        s.setYAxisLabelAlignment(AxesChartStyler.TextAlignment.Right);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.WHITE);
        s.setLegendBackgroundColor(Color.WHITE);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0x999999));
        s.setPlotGridLinesColor(Palette.GRID);
        // Solid: XChart fills the outline of a grid line, and a dashed one becomes dozens of little
        // rectangles per line in SVG (about 5 kB each).
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartFontColor(Palette.INK);
        s.setAxisTickLabelsColor(Palette.INK);
        s.setChartPadding(10);
        s.setAntiAlias(true);
        s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        return chart;
    }
}
