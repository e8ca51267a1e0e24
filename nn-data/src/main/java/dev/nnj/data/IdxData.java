package dev.nnj.data;

import dev.nnj.core.Dataset;
import dev.nnj.data.TabularData.Scaling;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST: an images file of unsigned bytes (magic
 * {@code 0x00000803}: count, rows, columns) and a labels file (magic {@code 0x00000801}: count), each
 * gzipped or raw (told apart by their first bytes, not their names).
 * <pre>{@code
 * TabularDataset train = IdxData.read(Path.of("train-images-idx3-ubyte.gz"), Path.of("train-labels-idx1-ubyte.gz"));
 * Dataset.Split fashion = IdxData.fashionMnist();   // the Debian package dataset-fashion-mnist, train and test
 * }</pre>
 *
 * <p>Each image becomes one feature row of {@code rows × columns} pixels scaled to [0, 1]
 * ({@code value / 255}, row by row), and each label a one-hot target row with one column per class
 * ({@code largest label + 1} classes). The magic numbers, the counts and the file lengths are checked:
 * a truncated file, a file with bytes past its announced size, or images and labels of different
 * counts is an {@link IllegalArgumentException} naming the file.
 */
public final class IdxData {

    /** Where the Debian package {@code dataset-fashion-mnist} installs Fashion-MNIST. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    /** Fashion-MNIST's ten classes, in label order. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    private IdxData() {
    }

    /**
     * Reads images and their labels; class names are the label values ("0", "1", ...).
     *
     * @throws IllegalArgumentException if a file is missing, not IDX, of the wrong kind, truncated or too long,
     *                                  or the counts differ
     * @throws UncheckedIOException     if reading fails for another reason
     */
    public static TabularDataset read(Path images, Path labels) {
        return read(images, labels, null);
    }

    /**
     * Fashion-MNIST from {@link #DEBIAN_FASHION_MNIST}, where {@code apt-get install dataset-fashion-mnist}
     * puts it: the 60 000 training images as {@code train()}, the 10 000 test images as {@code test()}, with
     * the class names of {@link #FASHION_MNIST_CLASSES}.
     *
     * @throws IllegalArgumentException if the files are not there (the message says which package to install)
     */
    public static Dataset.Split fashionMnist() {
        return fashionMnist(DEBIAN_FASHION_MNIST);
    }

    /**
     * Fashion-MNIST (or MNIST) from a directory holding {@code train-images-idx3-ubyte},
     * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte},
     * each raw or with {@code .gz}.
     *
     * @throws IllegalArgumentException if a file is not there (the message says which package to install)
     */
    public static Dataset.Split fashionMnist(Path directory) {
        Objects.requireNonNull(directory, "directory");
        Path trainImages = find(directory, "train-images-idx3-ubyte");
        Path trainLabels = find(directory, "train-labels-idx1-ubyte");
        Path testImages = find(directory, "t10k-images-idx3-ubyte");
        Path testLabels = find(directory, "t10k-labels-idx1-ubyte");
        return new Dataset.Split(read(trainImages, trainLabels, FASHION_MNIST_CLASSES),
                read(testImages, testLabels, FASHION_MNIST_CLASSES));
    }

    /** Whether the four Fashion-MNIST files are in the directory (raw or gzipped). */
    public static boolean fashionMnistPresent(Path directory) {
        for (String name : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")) {
            if (!Files.isRegularFile(directory.resolve(name)) && !Files.isRegularFile(directory.resolve(name + ".gz"))) {
                return false;
            }
        }
        return true;
    }

    private static Path find(Path directory, String name) {
        for (Path candidate : List.of(directory.resolve(name + ".gz"), directory.resolve(name))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("IdxData.fashionMnist: " + directory.resolve(name + ".gz") + " (or without"
                + " .gz) does not exist. Install the Debian package dataset-fashion-mnist (apt-get install"
                + " dataset-fashion-mnist), which puts the files in " + DEBIAN_FASHION_MNIST + ", or pass the directory"
                + " that holds them.");
    }

    static TabularDataset read(Path images, Path labels, List<String> names) {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        float[][] pixels;
        int width;
        try (DataInputStream in = open(images)) {
            header(in, images, IMAGES_MAGIC, "images", labels);
            int count = size(in, images, 0);
            int rows = size(in, images, 1);
            int cols = size(in, images, 2);
            if ((long) rows * cols > Integer.MAX_VALUE / 4) {
                throw new IllegalArgumentException("IdxData.read: images file " + images + " announces images of "
                        + rows + " x " + cols + " pixels, too large to hold.");
            }
            width = rows * cols;
            pixels = new float[count][width];
            float[] scale = new float[256];
            for (int v = 0; v < 256; v++) {
                scale[v] = v / 255f;
            }
            byte[] buffer = new byte[width];
            for (int i = 0; i < count; i++) {
                int got;
                try {
                    got = in.readNBytes(buffer, 0, width);
                } catch (EOFException e) {
                    throw new IllegalArgumentException("IdxData.read: images file " + images + " is truncated: its header"
                            + " announces " + count + " images of " + rows + " x " + cols + " pixels but its compressed"
                            + " data ends early, in image " + (i + 1) + ". Download or install the file again.", e);
                }
                if (got < width) {
                    long expected = (long) count * width;
                    long found = (long) i * width + got;
                    throw new IllegalArgumentException("IdxData.read: images file " + images + " is truncated: its header"
                            + " announces " + count + " images of " + rows + " x " + cols + " pixels (" + expected
                            + " bytes after the 16-byte header) but it ends after " + found + " of them, in image "
                            + (i + 1) + ". Download or install the file again.");
                }
                float[] row = pixels[i];
                for (int j = 0; j < width; j++) {
                    row[j] = scale[buffer[j] & 0xff];
                }
            }
            requireEnd(in, images, count + " images");
        } catch (IOException e) {
            throw new UncheckedIOException("IdxData.read: could not read " + images + ": " + e.getMessage(), e);
        }

        int[] y;
        try (DataInputStream in = open(labels)) {
            header(in, labels, LABELS_MAGIC, "labels", images);
            int count = size(in, labels, 0);
            if (count != pixels.length) {
                throw new IllegalArgumentException("IdxData.read: images file " + images + " holds " + pixels.length
                        + " images but labels file " + labels + " holds " + count + " labels; give the labels that belong"
                        + " to these images (train with train, t10k with t10k).");
            }
            byte[] bytes = new byte[count];
            int got;
            try {
                got = in.readNBytes(bytes, 0, count);
            } catch (EOFException e) {
                throw new IllegalArgumentException("IdxData.read: labels file " + labels + " is truncated: its header"
                        + " announces " + count + " labels but its compressed data ends early. Download or install the"
                        + " file again.", e);
            }
            if (got < count) {
                throw new IllegalArgumentException("IdxData.read: labels file " + labels + " is truncated: its header"
                        + " announces " + count + " labels but it ends after " + got + ". Download or install the file again.");
            }
            requireEnd(in, labels, count + " labels");
            y = new int[count];
            for (int i = 0; i < count; i++) {
                y[i] = bytes[i] & 0xff;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("IdxData.read: could not read " + labels + ": " + e.getMessage(), e);
        }

        int classes = 0;
        for (int label : y) {
            classes = Math.max(classes, label + 1);
        }
        if (names != null && classes > names.size()) {
            throw new IllegalArgumentException("IdxData.read: labels file " + labels + " holds the label " + (classes - 1)
                    + " but there are only " + names.size() + " class names.");
        }
        int k = names != null ? names.size() : classes;
        if (k < 2) {
            throw new IllegalArgumentException("IdxData.read: labels file " + labels + " holds only the label 0; a"
                    + " classifier needs at least two classes.");
        }
        List<String> classNames = names;
        if (classNames == null) {
            classNames = new ArrayList<>(k);
            for (int c = 0; c < k; c++) {
                classNames.add(Integer.toString(c));
            }
        }
        float[][] targets = new float[y.length][k];
        for (int i = 0; i < y.length; i++) {
            targets[i][y[i]] = 1f;
        }
        List<String> featureNames = new ArrayList<>(width);
        for (int j = 0; j < width; j++) {
            featureNames.add("pixel" + j);
        }
        // A target column per class even for two classes: the IDX labels are class indices of a softmax.
        return TabularDataset.full(pixels, targets, y, featureNames, classNames, Scaling.NONE, new boolean[width], false);
    }

    /** Opens a file, gunzipping it when it starts with the gzip magic bytes. */
    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("IdxData.read: file " + file.toAbsolutePath() + " does not exist"
                    + (Files.isDirectory(file) ? " as a file (it is a directory)" : "") + ". Check the path.");
        }
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        InputStream stream = b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
        return new DataInputStream(stream);
    }

    private static void header(DataInputStream in, Path file, int expected, String kind, Path other) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IllegalArgumentException("IdxData.read: " + kind + " file " + file + " is "
                    + "too short to be an IDX file (no 4-byte magic number); it is empty or truncated.", e);
        }
        if (magic != expected) {
            String hint = magic == (expected == IMAGES_MAGIC ? LABELS_MAGIC : IMAGES_MAGIC)
                    ? " It looks like a " + (expected == IMAGES_MAGIC ? "labels" : "images") + " file: are the images and"
                    + " labels arguments swapped (the other one is " + other + ")?"
                    : (magic >>> 16) == 0 ? " An IDX file of another type or shape; nnj reads unsigned-byte images"
                    + " (0x00000803) and labels (0x00000801)." : " It is not an IDX file.";
            throw new IllegalArgumentException("IdxData.read: " + kind + " file " + file + " starts with magic number 0x"
                    + String.format("%08x", magic) + ", expected 0x" + String.format("%08x", expected) + "." + hint);
        }
    }

    private static int size(DataInputStream in, Path file, int dimension) throws IOException {
        int size;
        try {
            size = in.readInt();
        } catch (EOFException e) {
            throw new IllegalArgumentException("IdxData.read: file " + file + " is truncated inside its header (size of"
                    + " dimension " + dimension + " missing). Download or install the file again.", e);
        }
        if (size < 1) {
            throw new IllegalArgumentException("IdxData.read: file " + file + " announces size " + (size & 0xffffffffL)
                    + " for dimension " + dimension + "; expected a positive size. The file is damaged.");
        }
        return size;
    }

    private static void requireEnd(DataInputStream in, Path file, String announced) throws IOException {
        long extra;
        try {
            extra = in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (EOFException e) {
            throw new IllegalArgumentException("IdxData.read: file " + file + " is truncated: its compressed data ends"
                    + " before the end of the gzip stream. Download or install the file again.", e);
        }
        if (extra > 0) {
            throw new IllegalArgumentException("IdxData.read: file " + file + " has " + extra + " bytes after the "
                    + announced + " its header announces; it is damaged or not the file it claims to be.");
        }
    }
}
