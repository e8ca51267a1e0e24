package dev.nnj.data;

import dev.nnj.core.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static dev.nnj.data.TestFiles.mean;
import static dev.nnj.data.TestFiles.preprocess;
import static dev.nnj.data.TestFiles.std;
import static dev.nnj.data.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TabularDataTest {

    @TempDir
    Path dir;

    @Test
    void irisLoadsInTwoLinesWithNamesClassesAndRawFeatures() {
        TabularDataset data = TabularData.csv(TestFiles.IRIS).label("species").standardize().build();

        assertEquals(150, data.size());
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"), data.featureNames());
        assertEquals(List.of("setosa", "versicolor", "virginica"), data.classNames());
        // Features are the rows as read, never rescaled.
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, data.features()[0]);
        assertArrayEquals(new float[] {1, 0, 0}, data.targets()[0]);
        assertArrayEquals(new float[] {0, 0, 1}, data.targets()[149]);
    }

    @Test
    void standardizeFitsMeanAndStdOfTheRowsAndLeavesFeaturesAlone() {
        TabularDataset data = TabularData.csv(TestFiles.IRIS).label("species").standardize().build();
        float[][] scaled = preprocess(data, data.features());
        for (int j = 0; j < 4; j++) {
            assertEquals(0, mean(scaled, j), 1e-5, "column " + j);
            assertEquals(1, std(scaled, j), 1e-5, "column " + j);
        }
        assertEquals(5.1f, data.features()[0][0]);
    }

    @Test
    void minMaxMapsTheRowsOntoZeroToOne() {
        TabularDataset data = TabularData.csv(TestFiles.IRIS).label("species").minMax().build();
        float[][] scaled = preprocess(data, data.features());
        for (int j = 0; j < 4; j++) {
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float[] row : scaled) {
                min = Math.min(min, row[j]);
                max = Math.max(max, row[j]);
            }
            assertEquals(0f, min, 1e-6);
            assertEquals(1f, max, 1e-6);
        }
    }

    @Test
    void preprocessingIsANewLayerEachCallAndIdentityWhenNothingWasAsked() {
        TabularDataset scaled = TabularData.csv(TestFiles.IRIS).label("species").standardize().build();
        assertNotSame(scaled.preprocessing(), scaled.preprocessing());

        TabularDataset plain = TabularData.csv(TestFiles.IRIS).label("species").build();
        assertNotSame(plain.preprocessing(), plain.preprocessing());
        assertArrayEquals(plain.features()[7], preprocess(plain, plain.features())[7]);
    }

    @Test
    void digitsAsClassesSortNumericallyAndConstantColumnsKeepSpreadOne() {
        // pixel_0 is 0 in every row: standardising it must not divide by zero.
        TabularDataset data = TabularData.csv(TestFiles.DIGITS).label("digit").classification().standardize().build();
        assertEquals(1797, data.size());
        assertEquals(64, data.featureNames().size());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), data.classNames());
        assertEquals(10, data.targets()[0].length);
        float[][] scaled = preprocess(data, data.features());
        assertEquals(0f, scaled[0][0]);
    }

    @Test
    void aNumericLabelIsARegressionTarget() {
        Path file = write(dir, "line.csv", "x,y\n1,3.5\n2,5.5\n3,7.5\n");
        TabularDataset data = TabularData.csv(file).label("y").build();
        assertEquals(List.of(), data.classNames());
        assertArrayEquals(new float[][] {{3.5f}, {5.5f}, {7.5f}}, data.targets());
        assertArrayEquals(new float[][] {{1}, {2}, {3}}, data.features());
    }

    @Test
    void numericClassNamesSortByValue() {
        Path file = write(dir, "c.csv", "x,y\n1,10\n2,9\n3,10\n4,2\n");
        TabularDataset data = TabularData.csv(file).label("y").classification().build();
        assertEquals(List.of("2", "9", "10"), data.classNames());
        assertArrayEquals(new float[] {0, 0, 1}, data.targets()[0]);
    }

    @Test
    void twoClassesBecomeOneSigmoidTarget() {
        Path file = write(dir, "b.csv", "x,answer\n1,yes\n2,no\n3,yes\n");
        TabularDataset data = TabularData.csv(file).label("answer").build();
        assertEquals(List.of("no", "yes"), data.classNames());
        assertArrayEquals(new float[][] {{1}, {0}, {1}}, data.targets());
    }

    @Test
    void oneHotExpandsTextColumnsInSortedOrderAndStandardizeLeavesThemAlone() {
        Path file = write(dir, "o.csv", "size,color,y\n1,red,a\n2,blue,b\n3,red,a\n6,green,b\n");
        TabularDataset data = TabularData.csv(file).label("y").oneHot("color").standardize().build();
        assertEquals(List.of("size", "color=blue", "color=green", "color=red"), data.featureNames());
        assertArrayEquals(new float[] {1, 0, 0, 1}, data.features()[0]);
        assertArrayEquals(new float[] {6, 0, 1, 0}, data.features()[3]);
        float[][] scaled = preprocess(data, data.features());
        assertEquals(0, mean(scaled, 0), 1e-6);
        assertArrayEquals(new float[] {0, 0, 1}, new float[] {scaled[0][1], scaled[0][2], scaled[0][3]});
    }

    @Test
    void featuresPicksColumnsInTheGivenOrder() {
        TabularDataset data = TabularData.csv(TestFiles.IRIS).label("species").features("petal_width", "sepal_length").build();
        assertEquals(List.of("petal_width", "sepal_length"), data.featureNames());
        assertArrayEquals(new float[] {0.2f, 5.1f}, data.features()[0]);
    }

    @Test
    void readsFromAStreamAndFromAGzippedFile() throws IOException {
        String text = "a,b,label\n1,2,x\n3,4,y\n";
        TabularDataset fromStream = TabularData.csv(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.csv")
                .label("label").build();
        assertArrayEquals(new float[] {3, 4}, fromStream.features()[1]);

        Path gz = dir.resolve("t.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        TabularDataset fromGz = TabularData.csv(gz).label("label").build();
        assertArrayEquals(fromStream.features(), fromGz.features());
        assertEquals(List.of("x", "y"), fromGz.classNames());
    }

    @Test
    void takesATablesawTableWithTypedColumns() {
        Table table = Table.create("t",
                DoubleColumn.create("height", 1.5, 1.7, 1.6),
                IntColumn.create("age", 30, 40, 50),
                StringColumn.create("kind", "cat", "dog", "cat"));
        TabularDataset data = TabularData.from(table).label("kind").build();
        assertEquals(List.of("height", "age"), data.featureNames());
        assertArrayEquals(new float[] {1.7f, 40f}, data.features()[1]);
        assertArrayEquals(new float[][] {{0}, {1}, {0}}, data.targets());
    }

    @Test
    void declaredMissingTextsCanBeDropped() {
        Path file = write(dir, "m.csv", "a,b,y\n1,2,p\nNA,4,q\n5,?,p\n7,8,q\n9,10,\n");
        TabularDataset data = TabularData.csv(file).label("y").missing("NA", "?").dropMissing().build();
        assertArrayEquals(new float[][] {{1, 2}, {7, 8}}, data.features());
        assertEquals(List.of("p", "q"), data.classNames());
    }

    @Test
    void missingCellsCanBeFilledWithTheTrainingMean() {
        Path file = write(dir, "f.csv", "a,y\n1,p\n3,p\n,p\n5,q\n7,q\n,q\n");
        TabularDataset data = TabularData.csv(file).label("y").fillMissingWithMean().build();
        assertArrayEquals(new float[] {4}, data.features()[2]);   // mean of 1, 3, 5, 7

        // In a split, both parts fill with the mean of the training rows only.
        Dataset.Split split = data.split(0.5, 3);
        float[][] train = split.train().features();
        double sum = 0;
        int count = 0;
        for (float[] row : train) {
            if (row[0] != 1 && row[0] != 3 && row[0] != 5 && row[0] != 7) {
                continue;
            }
            sum += row[0];
            count++;
        }
        float trainMean = (float) (sum / count);
        for (Dataset part : List.of(split.train(), split.test())) {
            for (float[] row : part.features()) {
                assertTrue(row[0] == 1 || row[0] == 3 || row[0] == 5 || row[0] == 7 || row[0] == trainMean,
                        "filled with " + row[0] + ", training mean " + trainMean);
            }
        }
    }

    @Test
    void theBuilderIsImmutable() {
        TabularData base = TabularData.csv(TestFiles.IRIS).label("species");
        base.standardize();
        base.features("sepal_length");
        TabularDataset plain = base.build();
        assertEquals(4, plain.featureNames().size());
        assertArrayEquals(plain.features()[3], preprocess(plain, plain.features())[3]);
    }

    @Test
    void splitPartsShareTheRowsRatherThanCopyThem() {
        TabularDataset data = TabularData.csv(TestFiles.IRIS).label("species").build();
        Dataset.Split split = data.split(0.8, 42);
        java.util.Set<float[]> rows = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        rows.addAll(List.of(data.features()));
        for (float[] row : split.train().features()) {
            assertTrue(rows.contains(row));
        }
        assertSame(data.features(), data.features());
    }

    @Test
    void theEncodingOfRawRowsIsKeptForTheModel() {
        // What issue 10's "raw rows in" needs: per source column its one-hot vocabulary in feature order,
        // the fill values of the training rows, the label column and the missing texts.
        Path file = write(dir, "raw.csv", "size,color,y\n1,red,a\n,blue,b\n3,red,a\nNA,green,b\n5,blue,a\n7,red,b\n");
        TabularDataset data = TabularData.csv(file).label("y").oneHot("color").missing("NA").fillMissingWithMean().build();
        assertEquals(List.of(new TabularDataset.Encoding("size", null),
                new TabularDataset.Encoding("color", List.of("blue", "green", "red"))), data.encodings());
        assertEquals("y", data.labelColumn());
        assertEquals(java.util.Set.of("NA"), data.missingTokens());
        assertArrayEquals(new float[] {4, 2 / 6f, 1 / 6f, 3 / 6f}, data.fillValues(), 1e-6f);

        Dataset.Split split = data.split(0.5, 1);
        TabularDataset train = (TabularDataset) split.train();
        double sum = 0;
        int count = 0;
        for (float[] row : train.features()) {
            count++;
            sum += row[0];
        }
        // The training part's fill value is its own mean of size (filled cells hold that mean, so it is unchanged).
        assertEquals(sum / count, train.fillValues()[0], 1e-5);
        assertEquals(data.encodings(), train.encodings());
    }

    @Test
    void unequalSettingsAreRefused() {
        TabularData base = TabularData.csv(TestFiles.IRIS).label("species");
        IllegalStateException both = assertThrows(IllegalStateException.class, () -> base.standardize().minMax());
        assertTrue(both.getMessage().contains("standardize()"), both.getMessage());
        assertThrows(IllegalStateException.class, () -> base.dropMissing().fillMissingWithMean());
    }
}
