package dev.nnj.data;

import dev.nnj.core.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import static dev.nnj.data.TestFiles.argmax;
import static dev.nnj.data.TestFiles.mean;
import static dev.nnj.data.TestFiles.preprocess;
import static dev.nnj.data.TestFiles.std;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitTest {

    @TempDir
    Path dir;

    private final TabularDataset iris = TabularData.csv(TestFiles.IRIS).label("species").standardize().build();

    private static int[] classCounts(Dataset data) {
        int[] counts = new int[data.targets()[0].length];
        for (float[] target : data.targets()) {
            counts[argmax(target)]++;
        }
        return counts;
    }

    private static Set<float[]> rows(Dataset... parts) {
        Set<float[]> set = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Dataset part : parts) {
            set.addAll(List.of(part.features()));
        }
        return set;
    }

    @Test
    void splitIsStratifiedDisjointAndComplete() {
        Dataset.Split split = iris.split(0.8, 42);
        assertEquals(120, split.train().size());
        assertEquals(30, split.test().size());
        assertArrayEquals(new int[] {40, 40, 40}, classCounts(split.train()));
        assertArrayEquals(new int[] {10, 10, 10}, classCounts(split.test()));
        assertEquals(150, rows(split.train(), split.test()).size());
        assertEquals(iris.classNames(), split.test().classNames());
        assertEquals(iris.featureNames(), split.train().featureNames());
    }

    @Test
    void stratificationKeepsProportionsOfUnevenClasses() {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 100; i++) {
            csv.append(i).append(',').append(i < 90 ? "common" : "rare").append('\n');
        }
        TabularDataset data = TabularData.csv(TestFiles.write(dir, "uneven.csv", csv.toString())).label("y").build();
        for (long seed = 0; seed < 5; seed++) {
            Dataset.Split split = data.split(0.8, seed);
            assertEquals(8, countOnes(split.train()), "seed " + seed);
            assertEquals(2, countOnes(split.test()), "seed " + seed);
        }
    }

    private static int countOnes(Dataset data) {
        int n = 0;
        for (float[] t : data.targets()) {
            n += (int) t[0];
        }
        return n;
    }

    @Test
    void theSeedFixesTheSplit() {
        assertArrayEquals(iris.split(0.8, 7).test().features(), iris.split(0.8, 7).test().features());
        assertFalse(java.util.Arrays.deepEquals(iris.split(0.8, 7).test().features(), iris.split(0.8, 8).test().features()));
    }

    @Test
    void bothPartsUseTheTrainingStatistics() {
        Dataset.Split split = iris.split(0.8, 42);
        float[][] train = preprocess(split.train(), split.train().features());
        for (int j = 0; j < 4; j++) {
            assertEquals(0, mean(train, j), 1e-5);
            assertEquals(1, std(train, j), 1e-5);
        }
        // The test part's layer is the training part's transform: the same row maps to the same values.
        float[][] row = {split.test().features()[0]};
        assertArrayEquals(preprocess(split.train(), row)[0], preprocess(split.test(), row)[0]);
        // ... which differs from a transform fitted on all rows (no leakage from the test rows).
        assertNotEquals(preprocess(iris, row)[0][0], preprocess(split.test(), row)[0][0]);
    }

    @Test
    void threeWaySplitIsStratified() {
        TabularDataset.ValidationSplit parts = iris.split(0.6, 0.2, 1);
        assertArrayEquals(new int[] {30, 30, 30}, classCounts(parts.train()));
        assertArrayEquals(new int[] {10, 10, 10}, classCounts(parts.validation()));
        assertArrayEquals(new int[] {10, 10, 10}, classCounts(parts.test()));
        assertEquals(150, rows(parts.train(), parts.validation(), parts.test()).size());
        float[][] row = {parts.validation().features()[0]};
        assertArrayEquals(preprocess(parts.train(), row)[0], preprocess(parts.validation(), row)[0]);
    }

    @Test
    void kFoldCoversEveryRowOnceAndIsStratified() {
        List<Dataset.Split> folds = iris.kFold(5, 3);
        assertEquals(5, folds.size());
        Set<float[]> tested = rows();
        for (Dataset.Split fold : folds) {
            assertEquals(120, fold.train().size());
            assertArrayEquals(new int[] {10, 10, 10}, classCounts(fold.test()));
            Set<float[]> trainRows = rows(fold.train());
            for (float[] row : fold.test().features()) {
                assertFalse(trainRows.contains(row));
                assertTrue(tested.add(row));
            }
            float[][] train = preprocess(fold.train(), fold.train().features());
            assertEquals(0, mean(train, 2), 1e-5);
        }
        assertEquals(150, tested.size());
    }

    @Test
    void regressionSplitsByShuffling() {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 10; i++) {
            csv.append(i).append(',').append(2 * i).append('\n');
        }
        TabularDataset data = TabularData.csv(TestFiles.write(dir, "r.csv", csv.toString())).label("y").build();
        Dataset.Split split = data.split(0.7, 1);
        assertEquals(7, split.train().size());
        assertEquals(3, split.test().size());
        assertEquals(10, rows(split.train(), split.test()).size());
        for (float[] row : split.test().features()) {
            assertTrue(row[0] >= 0 && row[0] < 10);
        }
        assertEquals(2, data.kFold(5, 1).get(0).test().size());
    }
}
