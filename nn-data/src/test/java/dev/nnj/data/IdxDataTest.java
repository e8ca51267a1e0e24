package dev.nnj.data;

import dev.nnj.core.Dataset;
import dev.nnj.core.Matrix;
import dev.nnj.core.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.softmax;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class IdxDataTest {

    @TempDir
    Path dir;

    /** Five 2 x 3 images whose pixel j of image i is 50·i + j, labels 0, 1, 2, 1, 0. */
    private static final int COUNT = 5;
    private static final int[] LABELS = {0, 1, 2, 1, 0};

    private static byte[] images(int count, int rows, int cols, int pixelsToWrite) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int p = 0; p < pixelsToWrite; p++) {
            int i = p / (rows * cols);
            int j = p % (rows * cols);
            out.writeByte(50 * i + j);
        }
        return bytes.toByteArray();
    }

    private static byte[] labels(int... labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000801);
        out.writeInt(labels.length);
        for (int label : labels) {
            out.writeByte(label);
        }
        return bytes.toByteArray();
    }

    private Path file(String name, byte[] content, boolean gzip) throws IOException {
        Path path = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(path)) : Files.newOutputStream(path)) {
            out.write(content);
        }
        return path;
    }

    private static void fails(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "expected \"" + fragment + "\" in: " + e.getMessage());
        }
    }

    @Test
    void readsRawAndGzippedFilesAlike() throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            Path images = file("img" + gzip, images(COUNT, 2, 3, COUNT * 6), gzip);
            Path labels = file("lbl" + gzip, labels(LABELS), gzip);
            TabularDataset data = IdxData.read(images, labels);

            assertEquals(COUNT, data.size());
            assertEquals(6, data.features()[0].length);
            // Raw pixel values, as read: the scaling lives in preprocessing().
            assertArrayEquals(new float[] {100, 101, 102, 103, 104, 105}, data.features()[2]);
            assertEquals(List.of("0", "1", "2"), data.classNames());
            assertArrayEquals(new float[] {0, 0, 1}, data.targets()[2]);
            assertArrayEquals(new float[] {1, 0, 0}, data.targets()[4]);
            assertEquals("pixel5", data.featureNames().get(5));
        }
    }

    @Test
    void featuresAreRawPixelsAndPreprocessingScalesThemToZeroOne() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(2);
        out.writeInt(1);
        out.writeInt(2);
        out.write(new byte[] {0, (byte) 255, (byte) 128, 1});
        TabularDataset data = IdxData.read(file("img", bytes.toByteArray(), false), file("lbl", labels(0, 1), false));
        assertArrayEquals(new float[][] {{0f, 255f}, {128f, 1f}}, data.features());
        assertArrayEquals(new float[][] {{1, 0}, {0, 1}}, data.targets());

        float[][] scaled = TestFiles.preprocess(data, data.features());
        float[][] expected = {{0f, 1f}, {128 / 255f, 1 / 255f}};
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(expected[i], scaled[i], 1e-6f);
        }
        // A fresh layer each call (a layer belongs to one model), and the splits carry the same scaling.
        assertNotSame(data.preprocessing(), data.preprocessing());
        Dataset.Split split = data.split(0.5, 1);
        assertArrayEquals(new float[] {1f, 0f}, TestFiles.preprocess(split.test(), new float[][] {{255f, 0f}})[0], 1e-6f);
    }

    @Test
    void aSavedModelWithTheDatasetsPreprocessingTakesRawPixels() throws IOException {
        TabularDataset data = IdxData.read(file("img", images(COUNT, 2, 3, COUNT * 6), true),
                file("lbl", labels(LABELS), true));
        Sequential model = Sequential.of(data.preprocessing(), dense(6, 3), softmax()).initialize(7);
        Path saved = dir.resolve("pixels.nnj");
        model.save(saved);
        Sequential loaded = Sequential.load(saved);
        float[][] raw = data.features();
        assertArrayEquals(model.predict(raw), loaded.predict(raw));

        // The same weights without the first layer, fed pixels divided by 255, predict the same: the
        // preprocessing is exactly the old scaling, now inside the model.
        Sequential bare = Sequential.of(dense(6, 3), softmax());
        for (int p = 0; p < 2; p++) {
            Matrix from = model.parameters().get(p).value();
            Matrix to = bare.parameters().get(p).value();
            for (int r = 0; r < from.rows(); r++) {
                for (int c = 0; c < from.cols(); c++) {
                    to.set(r, c, from.get(r, c));
                }
            }
        }
        float[][] scaled = new float[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            scaled[i] = raw[i].clone();
            for (int j = 0; j < scaled[i].length; j++) {
                scaled[i][j] /= 255f;
            }
        }
        float[][] expected = bare.predict(scaled);
        float[][] actual = loaded.predict(raw);
        for (int i = 0; i < raw.length; i++) {
            assertArrayEquals(expected[i], actual[i], 1e-6f, "row " + i);
        }
    }

    @Test
    void truncatedImagesNameTheFileAndTheCounts() throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            Path images = file("cut" + gzip, images(COUNT, 2, 3, 14), gzip);
            Path labels = file("lbl" + gzip, labels(LABELS), gzip);
            fails(() -> IdxData.read(images, labels), "cut" + gzip, "is truncated", "5 images of 2 x 3 pixels",
                    "30 bytes", "ends after 14", "image 3");
        }
    }

    @Test
    void aCutGzipFileIsTruncatedNotAnIoError() throws IOException {
        Path whole = file("whole.gz", images(COUNT, 2, 3, COUNT * 6), true);
        byte[] gz = Files.readAllBytes(whole);
        Path cut = file("cut.gz", new byte[0], false);
        Files.write(cut, Arrays.copyOf(gz, gz.length - 12));
        Path labels = file("lbl", labels(LABELS), false);
        fails(() -> IdxData.read(cut, labels), "cut.gz", "is truncated");
    }

    @Test
    void truncatedHeaderAndLabels() throws IOException {
        Path images = file("img", images(COUNT, 2, 3, COUNT * 6), false);
        Path shortHeader = file("hdr", Arrays.copyOf(images(COUNT, 2, 3, 0), 10), false);
        fails(() -> IdxData.read(shortHeader, file("lbl", labels(LABELS), false)), "hdr", "truncated inside its header");
        Path cutLabels = file("lblcut", Arrays.copyOf(labels(LABELS), 8 + 3), false);
        fails(() -> IdxData.read(images, cutLabels), "lblcut", "is truncated", "announces 5 labels", "ends after 3");
        Path empty = file("empty", new byte[0], false);
        fails(() -> IdxData.read(empty, cutLabels), "empty", "too short to be an IDX file");
    }

    @Test
    void wrongMagicSwappedArgumentsMismatchedCountsAndExtraBytes() throws IOException {
        Path images = file("img", images(COUNT, 2, 3, COUNT * 6), false);
        Path labels = file("lbl", labels(LABELS), false);
        fails(() -> IdxData.read(labels, images), "magic number 0x00000801, expected 0x00000803", "swapped");
        Path text = file("text", "hello world, not idx".getBytes(), false);
        fails(() -> IdxData.read(text, labels), "not an IDX file");
        Path fewer = file("fewer", labels(0, 1, 2), false);
        fails(() -> IdxData.read(images, fewer), "holds 5 images", "holds 3 labels");
        Path longer = file("longer", images(COUNT, 2, 3, COUNT * 6 + 4), false);
        fails(() -> IdxData.read(longer, labels), "longer", "has 4 bytes after the 5 images");
    }

    @Test
    void missingFiles() {
        fails(() -> IdxData.read(dir.resolve("no-images"), dir.resolve("no-labels")), "no-images", "does not exist");
        fails(() -> IdxData.fashionMnist(dir), "train-images-idx3-ubyte.gz",
                "install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist)".substring(1));
        assertTrue(!IdxData.fashionMnistPresent(dir));
    }

    @Test
    void fashionMnistFromTheDebianPackage() {
        assumeTrue(IdxData.fashionMnistPresent(IdxData.DEBIAN_FASHION_MNIST),
                "Fashion-MNIST is not installed: apt-get install dataset-fashion-mnist");
        long start = System.nanoTime();
        Dataset.Split fashion = IdxData.fashionMnist();
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("Fashion-MNIST (70 000 images) loaded in " + millis + " ms");
        assertEquals(60_000, fashion.train().size());
        assertEquals(10_000, fashion.test().size());
        assertEquals(784, fashion.train().features()[0].length);
        assertEquals(IdxData.FASHION_MNIST_CLASSES, fashion.test().classNames());
        int[] counts = new int[10];
        for (float[] target : fashion.train().targets()) {
            counts[TestFiles.argmax(target)]++;
        }
        assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000}, counts);
    }
}
