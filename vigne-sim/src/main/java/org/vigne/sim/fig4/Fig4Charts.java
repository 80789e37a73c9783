package org.vigne.sim.fig4;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the panels of {@code paper-fig4} with XChart, each as a PNG (for the README) and an SVG
 * (scalable, for a paper): line charts for numeric x axes, bar charts for categories.
 */
final class Fig4Charts {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 560;

    /** One curve: its name and its points. */
    record Curve(String name, double[] x, double[] y, boolean markers) {
    }

    private Fig4Charts() {
    }

    /** A line chart of {@code curves}, written to {@code dir/name.png} and {@code dir/name.svg}. */
    static void lines(Path dir, String name, String title, String xTitle, String yTitle, List<Curve> curves)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        for (Curve c : curves) {
            if (c.x().length == 0) {
                continue; // XChart refuses an empty series
            }
            XYSeries s = chart.addSeries(c.name(), c.x(), c.y());
            if (!c.markers()) {
                s.setMarker(SeriesMarkers.NONE);
            }
        }
        save(chart, dir, name);
    }

    /** A bar chart: one bar per category for each series ({@code series} in legend order). */
    static void bars(Path dir, String name, String title, String xTitle, String yTitle, List<String> categories,
                     Map<String, List<Double>> series) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS); // inside, it would hide a bar
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        for (Map.Entry<String, List<Double>> e : series.entrySet()) {
            chart.addSeries(e.getKey(), categories, e.getValue());
        }
        save(chart, dir, name);
    }

    private static void save(Chart<?, ?> chart, Path dir, String name) throws IOException {
        String base = dir.resolve(name).toString();
        BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(chart, base, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    }
}
