package dev.nnj.data;

import dev.nnj.core.Dataset;
import dev.nnj.core.RowEncoder;
import dev.nnj.core.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.sigmoid;
import static dev.nnj.core.Losses.binaryCrossEntropy;
import static dev.nnj.core.Optimizers.adam;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Raw rows in, predictions out: a model trained on a CSV with a text column and missing cells,
 * saved and loaded, predicts on that CSV's raw rows exactly as on the encoded rows.
 */
class RawRowsTest {

    @TempDir
    Path dir;

    static final String CSV = """
            area,district,rooms,sold
            1200,north,3,1
            800,south,,0
            1500,north,4,1
            600,east,2,0
            950,south,3,0
            1700,east,,1
            1100,north,2,1
            700,south,1,0
            1300,east,3,1
            NA,north,2,1
            """;

    @Test
    void aLoadedModelPredictsFromTheFilesRawRowsAsFromTheEncodedRows() {
        Path file = TestFiles.write(dir, "houses.csv", CSV);
        TabularDataset data = TabularData.csv(file).label("sold").oneHot("district").missing("NA").fillMissingWithMean()
                .standardize().build();
        RowEncoder encoder = data.encoder().orElseThrow();
        assertEquals(List.of("area", "district", "rooms", "sold"), encoder.fileColumns());
        assertEquals(5, encoder.width(), "area, three districts, rooms");
        Sequential model = Sequential.of(data.preprocessing(), dense(5, 6), relu(), dense(6, 1), sigmoid());
        model.train().on(data).loss(binaryCrossEntropy()).optimizer(adam(0.05f)).epochs(50).batchSize(5).quiet().run();
        assertEquals(encoder, model.encoder().orElseThrow(), "training on the dataset gives the model its encoder");
        Path saved = dir.resolve("houses.nnj");
        model.save(saved);
        Sequential loaded = Sequential.load(saved);

        String[] lines = CSV.strip().split("\n");
        List<String> header = List.of(lines[0].split(","));
        for (int r = 1; r < lines.length; r++) {
            String[] cells = lines[r].split(",", -1);
            Map<String, String> byName = new LinkedHashMap<>();
            for (int c = 0; c < cells.length; c++) {
                byName.put(header.get(c), cells[c]);
            }
            float[] expected = model.predict(data.features()[r - 1]);
            assertArrayEquals(expected, loaded.predict(byName), "row " + (r - 1) + " by name");
            assertArrayEquals(expected, loaded.predict(cells), "row " + (r - 1) + " in file order");
            String[] withoutLabel = java.util.Arrays.copyOf(cells, 3);
            assertArrayEquals(expected, loaded.predict(withoutLabel), "row " + (r - 1) + " without its label");
        }
    }

    @Test
    void unseenCategoriesAndMissingCellsGetTheDocumentedBehaviour() {
        Path file = TestFiles.write(dir, "houses.csv", CSV);
        TabularDataset strict = TabularData.csv(file).label("sold").oneHot("district").missing("NA").dropMissing().build();
        Sequential model = Sequential.of(dense(5, 1), sigmoid());
        model.train().on(strict).loss(binaryCrossEntropy()).optimizer(adam(0.05f)).epochs(2).quiet().run();
        IllegalArgumentException unseen = assertThrows(IllegalArgumentException.class,
                () -> model.predict(Map.of("area", "900", "district", "west", "rooms", "2")));
        assertTrue(unseen.getMessage().contains("'district'") && unseen.getMessage().contains("\"west\"")
                && unseen.getMessage().contains("unseenCategoriesAsZeros"), unseen.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> model.predict(Map.of("area", "900", "district", "north")));
        assertTrue(missing.getMessage().contains("'rooms' is missing") && missing.getMessage().contains("fillMissingWithMean"),
                missing.getMessage());
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> model.predict(Map.of("area", "9oo", "district", "north", "rooms", "2")));
        assertTrue(text.getMessage().contains("'area'") && text.getMessage().contains("\"9oo\""), text.getMessage());

        TabularDataset lenient = TabularData.csv(file).label("sold").oneHot("district").missing("NA").dropMissing()
                .unseenCategoriesAsZeros().build();
        Sequential zeros = Sequential.of(dense(5, 1), sigmoid());
        zeros.train().on(lenient).loss(binaryCrossEntropy()).optimizer(adam(0.05f)).epochs(2).quiet().run();
        assertArrayEquals(new float[] {900, 0, 0, 0, 2}, lenient.encoder().orElseThrow()
                .encode(Map.of("area", "900", "district", "west", "rooms", "2")));
        assertEquals(1, zeros.predict(Map.of("area", "900", "district", "west", "rooms", "2")).length);
    }

    /** A dataset that asked for standardize() trains only a model that starts with its preprocessing. */
    @Test
    void standardizeWithoutItsPreprocessingInTheModelIsRefusedNamingTheFix() {
        Dataset data = TabularData.csv(TestFiles.IRIS).label("species").standardize().build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Sequential.of(dense(4, 3),
                dev.nnj.core.Layers.softmax()).train().on(data).loss(dev.nnj.core.Losses.crossEntropy()).optimizer(adam(0.01f))
                .epochs(1).run());
        assertTrue(e.getMessage().contains("Sequential.of(data.preprocessing()") && e.getMessage().contains("dense(4 -> 3)"),
                e.getMessage());
        IllegalStateException noEncoder = assertThrows(IllegalStateException.class,
                () -> Sequential.of(dense(4, 3)).predict(Map.of("a", "1")));
        assertTrue(noEncoder.getMessage().contains("number rows only"), noEncoder.getMessage());
    }
}
