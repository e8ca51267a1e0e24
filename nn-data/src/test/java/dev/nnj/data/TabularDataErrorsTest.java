package dev.nnj.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.nio.file.Path;

import static dev.nnj.data.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The error catalogue: each bad input fails with a message naming the thing and the fix. */
class TabularDataErrorsTest {

    @TempDir
    Path dir;

    private static void fails(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "expected \"" + fragment + "\" in: " + e.getMessage());
        }
    }

    @Test
    void fileNotFound() {
        Path missing = dir.resolve("nope.csv");
        fails(() -> TabularData.csv(missing), "nope.csv", "does not exist", "Check the path");
    }

    @Test
    void nullStream() {
        fails(() -> TabularData.csv(getClass().getResourceAsStream("/no/such.csv"), "such.csv"), "such.csv", "null");
    }

    @Test
    void emptyFile() {
        Path file = write(dir, "empty.csv", "");
        fails(() -> TabularData.csv(file), "empty.csv", "is empty", "header line");
    }

    @Test
    void headerOnly() {
        Path file = write(dir, "header.csv", "a,b,label\n");
        fails(() -> TabularData.csv(file), "header.csv", "no data rows", "a, b, label");
    }

    @Test
    void labelColumnThatDoesNotExistListsTheColumns() {
        fails(() -> TabularData.csv(TestFiles.IRIS).label("class"), "\"class\"",
                "sepal_length, sepal_width, petal_length, petal_width, species");
        fails(() -> TabularData.csv(TestFiles.IRIS).label("Species"), "Did you mean \"species\"?");
        fails(() -> TabularData.csv(TestFiles.IRIS).features("petal"), "no feature column \"petal\"");
    }

    @Test
    void textInAFeatureColumnNamesTheColumnRowAndOneHot() {
        Path file = write(dir, "text.csv", "size,color,y\n1,red,a\n2,blue,b\n");
        fails(() -> TabularData.csv(file).label("y").build(), "column \"color\" holds text",
                "row 0 (line 2 of text.csv)", "\"red\"", ".oneHot(\"color\")");
    }

    @Test
    void aTypoInANumericColumnPointsToMissingAndRowAndLine() {
        // The 37th data row is row 36 (rows count from 0, as features()[36]) and line 38 of the file (the header is line 1).
        StringBuilder csv = new StringBuilder("petal_width,species\n");
        for (int i = 1; i <= 40; i++) {
            csv.append(i == 37 ? "n/a" : "0." + i).append(',').append(i % 2 == 0 ? "a" : "b").append('\n');
        }
        Path file = write(dir, "iris.csv", csv.toString());
        fails(() -> TabularData.csv(file).label("species").build(),
                "column \"petal_width\", row 36 (line 38 of iris.csv): \"n/a\" is not a number", ".missing(\"n/a\")");
    }

    @Test
    void missingCellsNameTheColumnAndCountAndTheTwoOptions() {
        Path file = write(dir, "gaps.csv", "a,b,y\n1,,p\n2,3,q\n,,p\n");
        fails(() -> TabularData.csv(file).label("y").build(), "column \"a\" has 1 missing cell",
                "column \"b\" has 2 missing cells", "row 0 (line 2 of gaps.csv)", ".dropMissing()", ".fillMissingWithMean()");
    }

    @Test
    void missingLabelsCanOnlyBeDropped() {
        Path file = write(dir, "nolabel.csv", "a,y\n1,p\n2,\n3,q\n");
        fails(() -> TabularData.csv(file).label("y").fillMissingWithMean().build(), "label column \"y\" has 1 missing cell",
                "row 1 (line 3 of nolabel.csv)", ".dropMissing()");
    }

    @Test
    void notFiniteValues() {
        Path nan = write(dir, "nan.csv", "a,y\n1,p\nNaN,q\n");
        fails(() -> TabularData.csv(nan).label("y").build(), "column \"a\", row 1 (line 3 of nan.csv)", "\"NaN\" is not a finite number",
                ".missing(\"NaN\")");
        Path inf = write(dir, "inf.csv", "a,y\n-Infinity,p\n1,q\n");
        fails(() -> TabularData.csv(inf).label("y").build(), "\"-Infinity\" is not a finite number");
        Path huge = write(dir, "huge.csv", "a,y\n1e39,p\n1,q\n");
        fails(() -> TabularData.csv(huge).label("y").build(), "1e39 is outside the float range");
        Table table = Table.create("t", DoubleColumn.create("a", 1, Double.POSITIVE_INFINITY),
                StringColumn.create("y", "p", "q"));
        fails(() -> TabularData.from(table).label("y").build(), "column \"a\", row 1", "not a finite number");
    }

    @Test
    void labelWithASingleClass() {
        Path file = write(dir, "one.csv", "a,species\n1,setosa\n2,setosa\n");
        fails(() -> TabularData.csv(file).label("species").build(), "\"species\" of one.csv has only one class (\"setosa\")",
                "at least two");
    }

    @Test
    void labelMixingNumbersAndText() {
        Path file = write(dir, "mix.csv", "a,y\n1,2.5\n2,3.5\n3,oops\n");
        fails(() -> TabularData.csv(file).label("y").build(), "mixes numbers", "row 2 (line 4 of mix.csv)", "\"oops\"",
                ".classification()");
        fails(() -> TabularData.csv(file).label("y").regression().build(), "row 2", "\"oops\" is not a number");
    }

    @Test
    void rowsOfUnequalLength() {
        Path shortRow = write(dir, "short.csv", "a,b,c\n1,2,x\n3,4\n");
        fails(() -> TabularData.csv(shortRow), "row 1 (line 3 of short.csv) has 2 cells but the header has 3 columns");
        Path firstShort = write(dir, "first.csv", "a,b,c\n1,2\n3,4,x\n");
        fails(() -> TabularData.csv(firstShort), "row 0 (line 2 of first.csv) has 2 cells");
        Path longRow = write(dir, "long.csv", "a,b,c\n1,2,x\n3,4,5,6\n");
        fails(() -> TabularData.csv(longRow), "row 1 (line 3 of long.csv) has more cells than the header's 3 columns",
                "quoted");
    }

    @Test
    void aColumnNamedTwice() {
        Path file = write(dir, "dup.csv", "a,a,y\n1,2,p\n");
        fails(() -> TabularData.csv(file), "\"a\" twice", "columns 0 and 1");
    }

    @Test
    void noLabelAndLabelAsFeature() {
        fails(() -> TabularData.csv(TestFiles.IRIS).build(), "no label column", ".label(column)", "species");
        fails(() -> TabularData.csv(TestFiles.IRIS).label("species").features("species", "sepal_length").build(),
                "both the label and a feature");
        fails(() -> TabularData.csv(TestFiles.IRIS).label("species").features("sepal_length").oneHot("petal_length").build(),
                "not a feature");
    }

    @Test
    void dropMissingThatLeavesNothing() {
        Path file = write(dir, "holes.csv", "a,b,y\n1,,p\n,2,q\n");
        fails(() -> TabularData.csv(file).label("y").dropMissing().build(), "leaves no rows");
    }

    @Test
    void badSplitArguments() {
        TabularDataset data = TabularData.csv(TestFiles.IRIS).label("species").build();
        fails(() -> data.split(1.0, 1), "trainFraction must be between 0 and 1", "1.0");
        fails(() -> data.split(0.001, 1), "leaves a part empty");
        fails(() -> data.split(0.7, 0.3, 1), "leave no test rows");
        fails(() -> data.kFold(1, 1), "k must be between 2 and the number of rows (150), got 1");
    }
}
