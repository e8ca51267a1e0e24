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
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST: an images file of unsigned bytes (magic
 * {@code 0x00000803}: count, rows, columns) and a labels file (magic {@code 0x00000801}: count), each
 * gzipped or raw (told apart by their first bytes, not their names).
 * <pre>{@code
 * TabularDataset train = IdxData.read(Path.of("train-images-idx3-ubyte.gz"), Path.of("train-labels-idx1-ubyte.gz"));
 * Dataset.Split fashion = IdxData.fashionMnist();   // the Debian package dataset-fashion-mnist, train and test
 * var model = Sequential.of(fashion.train().preprocessing(), dense(784, 128), relu(), dense(128, 10), softmax());
 * }</pre>
 *
 * <p>Each image becomes one feature row of {@code rows × columns} pixels, row by row, as read: the
 * values 0–255. The dataset's {@link TabularDataset#preprocessing() preprocessing()} is the scaling to
 * [0, 1], {@code x / 255}, as a fixed layer to put first in the model, so a trained (and saved) model
 * takes raw pixels. Each label becomes a one-hot target row with one column per class
 * ({@code largest label + 1} classes).
 *
 * <p>Nothing is allocated on the word of a header alone. The counts in both headers must agree; for a
 * raw file the sizes they announce must match the file's length exactly, checked before reading on;
 * a gzipped file is read image by image, so what is allocated follows what actually decompresses, and
 * its checksum is verified at the end. A file whose announced images would not fit in the JVM's heap
 * ({@code Runtime.maxMemory()}, set by {@code -Xmx}) is refused before reading them. Every problem —
 * missing, unreadable, truncated, too long, damaged, wrong magic, swapped arguments, different counts —
 * is an {@link IllegalArgumentException} naming the file; rows in messages count from 0
 * ({@code features()[i]}).
 */
public final class IdxData {

    /** Where the Debian package {@code dataset-fashion-mnist} installs Fashion-MNIST. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    /** Fashion-MNIST's ten classes, in label order. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;
    private static final String WHO = "IdxData.read";

    private IdxData() {
    }

    /**
     * Reads images and their labels; class names are the label values ("0", "1", ...).
     *
     * @throws IllegalArgumentException if a path is null, a file is missing, unreadable, not IDX, of the wrong
     *                                  kind, truncated, too long or damaged, the counts differ, or the images
     *                                  would not fit in the heap
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
     * @throws IllegalArgumentException if the directory is null or a file is not there (the message says which
     *                                  package to install)
     */
    public static Dataset.Split fashionMnist(Path directory) {
        TabularData.nonNull(directory, "IdxData.fashionMnist", "directory", "the directory that holds the four IDX files");
        Path trainImages = find(directory, "train-images-idx3-ubyte");
        Path trainLabels = find(directory, "train-labels-idx1-ubyte");
        Path testImages = find(directory, "t10k-images-idx3-ubyte");
        Path testLabels = find(directory, "t10k-labels-idx1-ubyte");
        return new Dataset.Split(read(trainImages, trainLabels, FASHION_MNIST_CLASSES),
                read(testImages, testLabels, FASHION_MNIST_CLASSES));
    }

    /**
     * Whether the four Fashion-MNIST files are in the directory (raw or gzipped).
     *
     * @throws IllegalArgumentException if the directory is null
     */
    public static boolean fashionMnistPresent(Path directory) {
        TabularData.nonNull(directory, "IdxData.fashionMnistPresent", "directory", "a directory's path");
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
        TabularData.nonNull(images, WHO, "images", "the images file's path, e.g. Path.of(\"train-images-idx3-ubyte.gz\")");
        TabularData.nonNull(labels, WHO, "labels", "the labels file's path, e.g. Path.of(\"train-labels-idx1-ubyte.gz\")");
        float[][] pixels;
        byte[] labelBytes;
        int width;
        try (IdxFile imageFile = IdxFile.open(images, "images");
             IdxFile labelFile = IdxFile.open(labels, "labels")) {
            imageFile.magic(IMAGES_MAGIC, labels);
            labelFile.magic(LABELS_MAGIC, images);
            int count = imageFile.size(0);
            int rows = imageFile.size(1);
            int cols = imageFile.size(2);
            int labelCount = labelFile.size(0);
            if (labelCount != count) {
                throw new IllegalArgumentException(WHO + ": images file " + images + " holds " + count + " images but"
                        + " labels file " + labels + " holds " + labelCount + " labels; give the labels that belong to"
                        + " these images (train with train, t10k with t10k).");
            }
            if ((long) rows * cols > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException(WHO + ": images file " + images + " announces images of " + rows + " x "
                        + cols + " pixels, more than a row of " + (Integer.MAX_VALUE - 16) + " features holds; the file is"
                        + " damaged or not an image set nnj reads.");
            }
            width = rows * cols;
            String announced = count + " images of " + rows + " x " + cols + " pixels";
            imageFile.requireLength((long) count * width, width, announced);
            labelFile.requireLength(count, 1, count + " labels");
            requireHeap(images, count, width, announced);
            pixels = imageFile.readImages(count, width, rows, cols);
            imageFile.requireEnd(announced);
            labelBytes = labelFile.readLabels(count);
            labelFile.requireEnd(count + " labels");
        }

        int[] y = new int[labelBytes.length];
        int classes = 0;
        for (int i = 0; i < y.length; i++) {
            y[i] = labelBytes[i] & 0xff;
            if (names != null && y[i] >= names.size()) {
                throw new IllegalArgumentException(WHO + ": labels file " + labels + " holds the label " + y[i] + " in row "
                        + i + " but there are only " + names.size() + " class names (labels 0 to " + (names.size() - 1)
                        + "); the file is damaged or belongs to another data set.");
            }
            classes = Math.max(classes, y[i] + 1);
        }
        int k = names != null ? names.size() : classes;
        if (k < 2) {
            throw new IllegalArgumentException(WHO + ": labels file " + labels + " holds only the label 0; a"
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
        return TabularDataset.full(pixels, targets, y, new TabularDataset.Schema(featureNames, classNames, Scaling.PIXELS,
                new boolean[width], false, Input.name(images), null, List.of(), java.util.Set.of(), List.of(), false));
    }

    /** Refuses, before reading them, images that would not fit in this JVM's heap even if it were empty. */
    private static void requireHeap(Path images, int count, int width, String announced) {
        double row = 16 + 8 * Math.ceil(width * 4.0 / 8) + 8;    // a float[] row and its reference
        double bytes = (double) count * (row + 16 + 4 * 16 + 8 + 4 + 1);  // + a target row, class index, label byte
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max) {
            throw new IllegalArgumentException(WHO + ": images file " + images + " announces " + announced + ", which as"
                    + " floats would take " + (long) (bytes / (1 << 20)) + " MB, more than this JVM's whole heap ("
                    + max / (1 << 20)
                    + " MB, set by -Xmx). If the file is right, give the JVM more memory with -Xmx; a damaged header"
                    + " announces such counts too: download or install the file again.");
        }
    }

    /** One open IDX file: its header read field by field, then its data, with messages naming it. */
    private static final class IdxFile implements AutoCloseable {

        private final Path path;
        private final String kind;
        private final DataInputStream in;
        private final boolean gzip;
        private final long length;
        private int headerBytes;

        private IdxFile(Path path, String kind, DataInputStream in, boolean gzip, long length) {
            this.path = path;
            this.kind = kind;
            this.in = in;
            this.gzip = gzip;
            this.length = length;
        }

        /** Opens a file, gunzipping it when it starts with the gzip magic bytes. */
        static IdxFile open(Path file, String kind) {
            InputStream raw = Input.open(file, WHO);
            try {
                long length = Files.size(file);
                BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
                in.mark(2);
                int b0 = in.read();
                int b1 = in.read();
                in.reset();
                boolean gzip = b0 == 0x1f && b1 == 0x8b;
                InputStream stream = in;
                if (gzip) {
                    try {
                        stream = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
                    } catch (IOException e) {
                        throw Input.gzipFailure(e, WHO, kind + " file " + file);
                    }
                }
                return new IdxFile(file, kind, new DataInputStream(stream), gzip, length);
            } catch (IOException e) {
                close(raw);
                throw Input.openFailure(file, WHO, e);
            } catch (RuntimeException e) {
                close(raw);
                throw e;
            }
        }

        private static void close(InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // Already failing with a better message.
            }
        }

        @Override
        public void close() {
            close(in);
        }

        /** A failure to read: a damaged or truncated gzip stream, or another I/O error, naming the file. */
        private RuntimeException failure(IOException e) {
            if (gzip) {
                return Input.gzipFailure(e, WHO, kind + " file " + path);
            }
            return new UncheckedIOException(WHO + ": could not read " + kind + " file " + path + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ".", e);
        }

        private int readInt() throws IOException {
            int value = in.readInt();
            headerBytes += 4;
            return value;
        }

        void magic(int expected, Path other) {
            int magic;
            try {
                magic = readInt();
            } catch (EOFException e) {
                if (gzip && e.getMessage() != null) {
                    throw failure(e);
                }
                throw new IllegalArgumentException(WHO + ": " + kind + " file " + path + " is too short to be an IDX file"
                        + " (no 4-byte magic number); it is empty or truncated.", e);
            } catch (IOException e) {
                throw failure(e);
            }
            if (magic != expected) {
                String hint = magic == (expected == IMAGES_MAGIC ? LABELS_MAGIC : IMAGES_MAGIC)
                        ? " It looks like a " + (expected == IMAGES_MAGIC ? "labels" : "images") + " file: are the images"
                        + " and labels arguments swapped (the other one is " + other + ")?"
                        : (magic >>> 16) == 0 ? " An IDX file of another type or shape; nnj reads unsigned-byte images"
                        + " (0x00000803) and labels (0x00000801)." : " It is not an IDX file.";
                throw new IllegalArgumentException(WHO + ": " + kind + " file " + path + " starts with magic number 0x"
                        + String.format("%08x", magic) + ", expected 0x" + String.format("%08x", expected) + "." + hint);
            }
        }

        int size(int dimension) {
            int size;
            try {
                size = readInt();
            } catch (EOFException e) {
                if (gzip && e.getMessage() != null) {
                    throw failure(e);
                }
                throw new IllegalArgumentException(WHO + ": " + kind + " file " + path + " is truncated inside its header"
                        + " (size of dimension " + dimension + " missing). Download or install the file again.", e);
            } catch (IOException e) {
                throw failure(e);
            }
            if (size < 1) {
                throw new IllegalArgumentException(WHO + ": " + kind + " file " + path + " announces size "
                        + (size & 0xffffffffL) + " for dimension " + dimension + "; expected a positive size. The file is"
                        + " damaged.");
            }
            return size;
        }

        /**
         * For a raw file: the data its header announces must be exactly what follows the header.
         *
         * @param rowBytes the bytes of one row (an image's pixels, or one label), to say in which row it ends
         */
        void requireLength(long announcedBytes, long rowBytes, String announced) {
            if (gzip) {
                return;   // known only by decompressing: checked as the data arrives
            }
            long present = length - headerBytes;
            if (present < announcedBytes) {
                long row = present / rowBytes;
                throw new IllegalArgumentException(WHO + ": " + kind + " file " + path + " is truncated: its header"
                        + " announces " + announced + " (" + announcedBytes + " bytes after the " + headerBytes + "-byte"
                        + " header) but it ends after " + present + " of them, inside row " + row + " (" + kind.substring(0,
                        kind.length() - 1) + " " + (row + 1) + "). Download or install the file again.");
            }
            if (present > announcedBytes) {
                throw new IllegalArgumentException(WHO + ": " + kind + " file " + path + " has " + (present - announcedBytes)
                        + " bytes after the " + announced + " its header announces; it is damaged or not the file it"
                        + " claims to be.");
            }
        }

        /**
         * Reads {@code count} images, image by image, into float rows of raw values (0–255). The rows are
         * allocated as their bytes arrive, so a header that announces more than the file holds costs
         * no more than the file.
         */
        float[][] readImages(int count, int width, int rows, int cols) {
            float[][] pixels = new float[gzip ? Math.min(count, 1024) : count][];
            byte[] buffer = width <= (1 << 20) ? new byte[width] : null;
            try {
                for (int i = 0; i < count; i++) {
                    byte[] bytes = buffer;
                    int got;
                    if (bytes != null) {
                        got = in.readNBytes(bytes, 0, width);
                    } else {
                        bytes = in.readNBytes(width);   // grows with what arrives, not with what is announced
                        got = bytes.length;
                    }
                    if (got < width) {
                        long expected = (long) count * width;
                        long found = (long) i * width + got;
                        throw new IllegalArgumentException(WHO + ": images file " + path + " is truncated: its header"
                                + " announces " + count + " images of " + rows + " x " + cols + " pixels (" + expected
                                + " bytes after the 16-byte header) but it ends after " + found + " of them, inside row "
                                + i + " (image " + (i + 1) + " of " + count + "). Download or install the file again.");
                    }
                    float[] row = new float[width];
                    for (int j = 0; j < width; j++) {
                        row[j] = bytes[j] & 0xff;
                    }
                    if (i == pixels.length) {
                        pixels = Arrays.copyOf(pixels, (int) Math.min(count, 2L * pixels.length));
                    }
                    pixels[i] = row;
                }
            } catch (IOException e) {
                throw failure(e);
            }
            return pixels;
        }

        byte[] readLabels(int count) {
            byte[] bytes;
            try {
                bytes = in.readNBytes(count);
            } catch (IOException e) {
                throw failure(e);
            }
            if (bytes.length < count) {
                throw new IllegalArgumentException(WHO + ": labels file " + path + " is truncated: its header announces "
                        + count + " labels but it ends after " + bytes.length + ". Download or install the file again.");
            }
            return bytes;
        }

        /**
         * Nothing may follow the announced data; for a gzip file, reaching the end also checks its CRC-32.
         * Extra data is counted up to 64 KiB, not read to its end.
         */
        void requireEnd(String announced) {
            int extra;
            try {
                extra = in.readNBytes(new byte[1 << 16], 0, 1 << 16);
            } catch (IOException e) {
                throw failure(e);
            }
            if (extra > 0) {
                throw new IllegalArgumentException(WHO + ": " + kind + " file " + path + " has " + (extra == 1 << 16
                        ? "more than " + extra : extra) + " bytes after the " + announced + " its header announces; it is"
                        + " damaged or not the file it claims to be.");
            }
        }
    }
}
