package dev.nnj.plot;

import dev.nnj.core.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static dev.nnj.plot.Fixtures.XOR_HISTORY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CurvesTest {

    @TempDir
    Path dir;

    static final float NAN = Float.NaN;

    /** {@code n} epochs, each made by {@code epoch} from its number. */
    static List<History.Epoch> epochs(int n, IntFunction<History.Epoch> epoch) {
        List<History.Epoch> list = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            list.add(epoch.apply(i));
        }
        return list;
    }

    static List<String> names(Curves.Panel panel) {
        return panel.lines().stream().map(Curves.Line::name).toList();
    }

    @Test
    void aTrainedRunsLossCurveIsAPngOfTheDefaultSizeWithTheTrainingLineAndNoOther() throws Exception {
        Path file = dir.resolve("xor-loss.png");
        Plots.curves(XOR_HISTORY).save(file);

        BufferedImage image = Fixtures.png(file);
        // Two panels: the loss, and the training accuracy a classification run measures.
        assertEquals(2 * Curves.PANEL_WIDTH, image.getWidth());
        assertEquals(Curves.DEFAULT_HEIGHT, image.getHeight());
        // A 2-pixel line across most of a 600-pixel panel, in the training colour; nothing in the validation colour.
        assertTrue(Fixtures.pixels(image, Palette.TRAINING, 8) > 600, "the training line is missing");
        assertEquals(0, Fixtures.pixels(image, Palette.VALIDATION, 8), "a validation line was drawn without validation data");
    }

    @Test
    void aTenThousandEpochSvgIsValidXmlWithTheSeriesDownsampledToAtMostSvgPoints() throws Exception {
        assertEquals(10_000, XOR_HISTORY.epochs().size());
        Path file = dir.resolve("xor-loss.svg");
        Plots.curves(XOR_HISTORY).save(file);

        Document svg = Fixtures.svg(file);
        Element root = svg.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals(2 * Curves.PANEL_WIDTH + "px", root.getAttribute("width"));
        assertEquals(Curves.DEFAULT_HEIGHT + "px", root.getAttribute("height"));
        // XChart draws a series as one line element per segment; the legend adds one sample line.
        int segments = Fixtures.styled(svg, "line", "stroke", Palette.TRAINING).size();
        // Two series in the training colour (loss and accuracy), each downsampled.
        assertTrue(segments <= 2 * Curves.SVG_POINTS, segments + " segments for the training loss and accuracy in the SVG");
        assertTrue(segments >= 2 * (Curves.SVG_POINTS - 2), "only " + segments + " segments: too few points were kept");
        assertTrue(java.nio.file.Files.size(file) < 300_000, "the SVG is " + java.nio.file.Files.size(file) + " bytes");
    }

    @Test
    void nanValidationDrawsNoValidationSeriesAndMeasuredValidationDoes() throws Exception {
        List<History.Epoch> without = epochs(30, i -> new History.Epoch(i, 1f / i));
        List<History.Epoch> with = epochs(30, i -> new History.Epoch(i, 1f / i, NAN, 1.5f / i, NAN, 0.1f, i));

        Curves plain = Plots.curves(without);
        assertEquals(1, plain.panels().size());
        assertEquals(List.of("training"), names(plain.panels().get(0)));
        Path plainSvg = dir.resolve("plain.svg");
        plain.save(plainSvg);
        assertEquals(0, Fixtures.styled(Fixtures.svg(plainSvg), "line", "stroke", Palette.VALIDATION).size());

        Curves validated = Plots.curves(with);
        assertEquals(List.of("training", "validation"), names(validated.panels().get(0)));
        Path validatedSvg = dir.resolve("validated.svg");
        validated.save(validatedSvg);
        // 29 segments and the legend's sample.
        assertEquals(30, Fixtures.styled(Fixtures.svg(validatedSvg), "line", "stroke", Palette.VALIDATION).size());
    }

    @Test
    void validationMeasuredEveryTenthEpochIsDrawnThroughThoseEpochsOnly() {
        Curves curves = Plots.curves(epochs(100, i -> new History.Epoch(i, 1f / i, NAN, i % 10 == 0 ? 2f / i : NAN, NAN, 0.1f, i)));
        Curves.Line validation = curves.panels().get(0).lines().get(1);
        assertEquals("validation", validation.name());
        assertArrayEquals(new double[]{10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, validation.x());
    }

    @Test
    void accuracyGetsItsOwnPanelOnlyWhenTheRunMeasuredIt() throws Exception {
        Curves lossOnly = Plots.curves(epochs(20, i -> new History.Epoch(i, 1f / i)));
        Curves withAccuracy = Plots.curves(epochs(20, i -> new History.Epoch(i, 1f / i, 1 - 1f / i, 2f / i, 0.9f - 1f / i, 0.1f, i)));

        assertEquals(List.of("Loss"), lossOnly.panels().stream().map(Curves.Panel::title).toList());
        assertEquals(List.of("Loss", "Accuracy"), withAccuracy.panels().stream().map(Curves.Panel::title).toList());
        assertEquals(List.of("training", "validation"), names(withAccuracy.panels().get(1)));
        assertEquals("accuracy", withAccuracy.panels().get(1).yTitle());

        Path file = dir.resolve("two.png");
        withAccuracy.save(file);
        assertEquals(2 * Curves.PANEL_WIDTH, Fixtures.png(file).getWidth());
    }

    @Test
    void theLearningRateIsDrawnWhenItChangedAndNotWhenItWasConstant() {
        Curves constant = Plots.curves(epochs(40, i -> new History.Epoch(i, 1f / i, NAN, NAN, NAN, 0.1f, i)));
        Curves stepped = Plots.curves(epochs(40, i -> new History.Epoch(i, 1f / i, NAN, NAN, NAN, i <= 20 ? 0.1f : 0.01f, i)));

        assertEquals(1, constant.panels().size());
        assertEquals(2, stepped.panels().size());
        Curves.Panel rate = stepped.panels().get(1);
        assertEquals("Learning rate", rate.title());
        // A tenfold step reads best in decades; and 0.1f is drawn as 0.1, not 0.10000000149.
        assertTrue(rate.logarithmic());
        assertEquals(0.1, rate.lines().get(0).y()[0]);
        assertEquals(0.01, rate.lines().get(0).y()[39]);
    }

    @Test
    void aLossFallingOverMoreThanTwoDecadesIsDrawnOnALogarithmicAxis() {
        Curves decades = Plots.curves(epochs(50, i -> new History.Epoch(i, (float) Math.pow(10, -i / 10.0))));
        Curves xor = Plots.curves(XOR_HISTORY);

        assertTrue(decades.panels().get(0).logarithmic());
        assertFalse(xor.panels().get(0).logarithmic(), "XOR's loss falls from 0.73 to 0.011, less than 100-fold");
    }

    @Test
    void anEarlyStopMarksTheEpochWhoseWeightsWereKeptOnEveryPanel() {
        List<History.Epoch> list = epochs(50, i -> new History.Epoch(i, 1f / i, 0.5f, 1f / i + i / 100f, 0.4f, 0.1f, i));
        Curves curves = new Curves(list, new History.StopReason(History.StopReason.Kind.EARLY_STOPPED, 50, 40,
                "early stop at epoch 50, restored epoch 40"));

        for (Curves.Panel panel : curves.panels()) {
            Curves.Line mark = panel.lines().get(panel.lines().size() - 1);
            assertEquals("restored weights (epoch 40)", mark.name(), panel.title());
            assertArrayEquals(new double[]{40, 40}, mark.x());
        }
        Curves completed = new Curves(list, new History.StopReason(History.StopReason.Kind.COMPLETED, 50, 50, "all 50 epochs ran"));
        assertTrue(completed.panels().stream().allMatch(p -> p.lines().stream().noneMatch(l -> l.style() == Curves.Style.MARK)));
    }

    @Test
    void theLastFiniteLossOfADivergedRunIsDrawnAndTheInfiniteOneLeftOut() {
        Curves curves = Plots.curves(epochs(10, i -> new History.Epoch(i, i < 10 ? i : Float.POSITIVE_INFINITY)));
        Curves.Line training = curves.panels().get(0).lines().get(0);
        assertEquals(9, training.x().length);
        assertEquals(9.0, training.y()[8]);
    }

    @Test
    void historiesWithNothingToDrawAreRefusedWithWhatToDo() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> Plots.curves(List.of()));
        assertTrue(empty.getMessage().contains("no epochs"), empty.getMessage());

        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Plots.curves(epochs(3, i -> new History.Epoch(i, NAN))));
        assertTrue(nan.getMessage().contains("no epoch has a finite loss"), nan.getMessage());

        IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                () -> Plots.curves(List.of(new History.Epoch(2, 1f), new History.Epoch(1, 1f))));
        assertTrue(order.getMessage().contains("record 1 has number 1") && order.getMessage().contains("epoch order"),
                order.getMessage());

        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Plots.curves((History) null));
        assertTrue(none.getMessage().contains("history is null"), none.getMessage());
    }

    @Test
    void sizeAndTitleMakeNewPicturesAndLeaveTheOriginalAsItWas() throws Exception {
        Curves original = Plots.curves(XOR_HISTORY);
        Curves resized = original.size(900, 500).title("XOR, 2-3-1, sgd(0.1)");

        assertEquals(2 * Curves.PANEL_WIDTH, original.width());
        assertEquals(900, resized.width());
        Path file = dir.resolve("big.png");
        resized.save(file);
        BufferedImage image = Fixtures.png(file);
        assertEquals(900, image.getWidth());
        assertEquals(500, image.getHeight());
        // A different title draws different pixels in the header band.
        BufferedImage plain = original.size(900, 500).image();
        assertNotEquals(0, differentPixels(plain, image, 0, Curves.HEADER));

        IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> original.size(100, 80));
        assertTrue(small.getMessage().contains("100 x 80") && small.getMessage().contains("at least"), small.getMessage());
        assertThrows(IllegalArgumentException.class, () -> original.title(" "));
    }

    private static int differentPixels(BufferedImage a, BufferedImage b, int fromRow, int toRow) {
        int count = 0;
        for (int y = fromRow; y < toRow; y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    count++;
                }
            }
        }
        return count;
    }
}
