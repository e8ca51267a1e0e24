package dev.nnj.data;

import dev.nnj.core.Dataset;
import dev.nnj.core.Sequential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Deterministic fuzzing of nn-data's inputs (fixed seeds; a few seconds in all): truncation at every
 * offset and every single-bit flip of an IDX pair and of a {@code .csv.gz}; generated CSV files, valid
 * ones in many spellings and each with one random fault; a palette of awkward cells; every public
 * method called with each reference argument null and each number extreme.
 *
 * <p>Every outcome must be the right result (checked against an independent expectation where
 * there is one, and against the dataset's invariants otherwise) or one of nnj's three exceptions —
 * {@link IllegalArgumentException}, {@link IllegalStateException}, {@link UncheckedIOException} — whose
 * message names the input (the file, or the method called). Any other throwable, an
 * {@link OutOfMemoryError} included, fails the test. The tally is printed as the table in docs/data.md.
 */
class FuzzTest {

    @TempDir
    Path dir;

    /** Per case: inputs tried, right results, refusals by exception type. */
    private static final Map<String, int[]> TALLY = new LinkedHashMap<>();

    private static void count(String fuzzCase, int column) {
        TALLY.computeIfAbsent(fuzzCase, k -> new int[4])[column]++;
    }

    /**
     * Runs one input: a result must pass {@code right}; an exception must be one of nnj's three and name
     * {@code input}; anything else fails.
     *
     * @return the result, or null if the input was refused
     */
    private static <T> T outcome(String fuzzCase, String input, Supplier<T> run, Predicate<T> right) {
        T result;
        try {
            result = run.get();
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.contains(input)) {
                fail(fuzzCase + ": the message does not name " + input + ": " + message, e);
            }
            if (message.length() > 1_000) {
                fail(fuzzCase + ": " + input + ": a message of " + message.length() + " characters is a dump: " + message, e);
            }
            count(fuzzCase, e instanceof IllegalArgumentException ? 1 : e instanceof IllegalStateException ? 2 : 3);
            return null;
        } catch (Throwable t) {   // OutOfMemoryError, NullPointerException, ArrayIndexOutOfBoundsException ...
            fail(fuzzCase + ": " + input + " escaped with " + t, t);
            return null;
        }
        if (!right.test(result)) {
            fail(fuzzCase + ": " + input + " gave a wrong result");
        }
        count(fuzzCase, 0);
        return result;
    }

    @AfterAll
    static void printTally() {
        System.out.println("| Fuzz case | inputs | right result | IllegalArgumentException | IllegalStateException"
                + " | UncheckedIOException | other |");
        System.out.println("|---|---|---|---|---|---|---|");
        TALLY.forEach((name, t) -> System.out.println("| " + name + " | " + (t[0] + t[1] + t[2] + t[3]) + " | " + t[0]
                + " | " + t[1] + " | " + t[2] + " | " + t[3] + " | 0 |"));
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private Path write(String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TabularDataset csv(byte[] bytes, String name, java.util.function.UnaryOperator<TabularData> options) {
        return options.apply(TabularData.csv(new ByteArrayInputStream(bytes), name)).build();
    }

    /** The invariants of any dataset: rectangular, finite, named, and its preprocessing finite on its rows. */
    private static boolean wellFormed(Dataset data) {
        int width = data.featureNames().size();
        if (data.size() < 1 || data.features().length != data.size() || data.targets().length != data.size()) {
            return false;
        }
        for (float[] row : data.features()) {
            if (row.length != width || !finite(row)) {
                return false;
            }
        }
        for (float[] row : data.targets()) {
            if (row.length != data.targets()[0].length || !finite(row)) {
                return false;
            }
        }
        for (float[] row : Sequential.of(data.preprocessing()).predict(data.features())) {
            if (!finite(row)) {
                return false;
            }
        }
        return data.classNames().isEmpty() || new TreeSet<>(data.classNames()).size() == data.classNames().size();
    }

    private static boolean finite(float[] row) {
        for (float v : row) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    // IDX: an images file of 7 images of 3 x 4 pixels and its labels.

    private static final int IMAGES = 7;
    private static final int ROWS = 3;
    private static final int COLS = 4;

    private static byte[] idx(int magic, int[] sizes, byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int size : sizes) {
                out.writeInt(size);
            }
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] imageBytes() {
        byte[] pixels = new byte[IMAGES * ROWS * COLS];
        new Random(11).nextBytes(pixels);
        return idx(0x00000803, new int[] {IMAGES, ROWS, COLS}, pixels);
    }

    private static byte[] labelBytes() {
        return idx(0x00000801, new int[] {IMAGES}, new byte[] {0, 1, 2, 1, 0, 2, 1});
    }

    /** What a raw (uncompressed) pair of IDX files says, decoded independently of IdxData. */
    private static boolean matchesRaw(TabularDataset data, byte[] images, byte[] labels) {
        if (data.size() != IMAGES) {
            return false;
        }
        for (int i = 0; i < IMAGES; i++) {
            for (int j = 0; j < ROWS * COLS; j++) {
                if (data.features()[i][j] != (images[16 + i * ROWS * COLS + j] & 0xff)) {
                    return false;
                }
            }
            if (TestFiles.argmax(data.targets()[i]) != (labels[8 + i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void idxPairTruncatedAtEveryOffset() {
        byte[] images = imageBytes();
        byte[] labels = labelBytes();
        for (boolean gz : new boolean[] {false, true}) {
            byte[] imageFile = gz ? gzip(images) : images;
            byte[] labelFile = gz ? gzip(labels) : labels;
            Path goodImages = write("images.idx" + (gz ? ".gz" : ""), imageFile);
            Path goodLabels = write("labels.idx" + (gz ? ".gz" : ""), labelFile);
            for (int cut = 0; cut < imageFile.length; cut++) {
                Path cutImages = write("cut-images-" + cut, Arrays.copyOf(imageFile, cut));
                outcome("IDX images truncated at every offset (raw and gzip)", cutImages.getFileName().toString(),
                        () -> IdxData.read(cutImages, goodLabels), data -> false);
            }
            for (int cut = 0; cut < labelFile.length; cut++) {
                Path cutLabels = write("cut-labels-" + cut, Arrays.copyOf(labelFile, cut));
                outcome("IDX labels truncated at every offset (raw and gzip)", cutLabels.getFileName().toString(),
                        () -> IdxData.read(goodImages, cutLabels), data -> false);
            }
        }
    }

    @Test
    void idxPairWithEverySingleBitFlipped() {
        byte[] images = imageBytes();
        byte[] labels = labelBytes();
        for (boolean gz : new boolean[] {false, true}) {
            byte[] imageFile = gz ? gzip(images) : images;
            byte[] labelFile = gz ? gzip(labels) : labels;
            Path goodImages = write("images.idx" + (gz ? ".gz" : ""), imageFile);
            Path goodLabels = write("labels.idx" + (gz ? ".gz" : ""), labelFile);
            String kind = gz ? "gzip" : "raw";
            for (int bit = 0; bit < imageFile.length * 8; bit++) {
                byte[] flipped = imageFile.clone();
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                Path path = write("flip-images-" + bit, flipped);
                // gzip: the checksum catches every flip of the data, so a result must be the original;
                // raw: a flipped pixel is a different valid file, whose pixels must be read as they are.
                outcome("IDX images, every bit flipped (" + kind + ")", path.getFileName().toString(),
                        () -> IdxData.read(path, goodLabels), data -> matchesRaw(data, gz ? images : flipped, labels));
            }
            for (int bit = 0; bit < labelFile.length * 8; bit++) {
                byte[] flipped = labelFile.clone();
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                Path path = write("flip-labels-" + bit, flipped);
                outcome("IDX labels, every bit flipped (" + kind + ")", path.getFileName().toString(),
                        () -> IdxData.read(goodImages, path), data -> matchesRaw(data, images, gz ? labels : flipped));
            }
        }
    }

    // CSV

    /** A table of numbers, a text category and a text label, in a model the tests render and compare with. */
    private record Model(String[] names, String[][] cells, int categoryColumn, int labelColumn) {
    }

    private static final String[] CATEGORIES = {"red", "blue", "café", "日本", "with, comma", "say \"hi\"", "two\nlines",
            " padded ", "#hash"};
    private static final String[] LABELS = {"a", "b", "c"};

    private static String number(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> Integer.toString(random.nextInt(2001) - 1000);
            case 1 -> String.format(java.util.Locale.ROOT, "%.3f", random.nextGaussian() * 100);
            case 2 -> String.format(java.util.Locale.ROOT, "%.2e", random.nextGaussian() * 1e5);
            case 3 -> "+" + random.nextInt(100);
            case 4 -> "0" + random.nextInt(10) + "." + random.nextInt(10);
            case 5 -> "." + random.nextInt(1000);
            default -> random.nextInt(10) + ".";
        };
    }

    private static Model model(Random random) {
        int features = 1 + random.nextInt(4);
        int rows = 3 + random.nextInt(10);
        int width = features + 2;
        int categoryColumn = random.nextInt(width);
        int labelColumn = (categoryColumn + 1 + random.nextInt(width - 1)) % width;
        String[] names = new String[width];
        for (int c = 0; c < width; c++) {
            names[c] = c == labelColumn ? "label" : c == categoryColumn ? "kind" : (random.nextBoolean() ? "x" : "X") + c;
        }
        String[][] cells = new String[rows][width];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < width; c++) {
                cells[r][c] = c == labelColumn ? LABELS[r % 2 == 0 ? 0 : 1 + random.nextInt(2)]
                        : c == categoryColumn ? CATEGORIES[random.nextInt(CATEGORIES.length)] : number(random);
            }
        }
        return new Model(names, cells, categoryColumn, labelColumn);
    }

    /** The model as CSV bytes, in one of the many valid spellings. */
    private static byte[] render(Model model, Random random) {
        StringBuilder text = new StringBuilder(random.nextInt(4) == 0 ? "\uFEFF" : "");
        String[] endings = {"\n", "\r\n", "\r"};
        List<String[]> lines = new ArrayList<>();
        lines.add(model.names);
        lines.addAll(Arrays.asList(model.cells));
        for (int l = 0; l < lines.size(); l++) {
            if (l > 0 && random.nextInt(8) == 0) {
                text.append(random.nextBoolean() ? "" : "  \t").append(endings[random.nextInt(3)]);   // a blank line
            }
            String[] cells = lines.get(l);
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c];
                boolean mustQuote = cell.contains(",") || cell.contains("\"") || cell.contains("\n")
                        || cell.startsWith(" ") || cell.endsWith(" ");
                String spelled = mustQuote || random.nextInt(5) == 0 ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
                String pad = random.nextInt(6) == 0 ? " " : "";
                text.append(c == 0 ? "" : ",").append(pad).append(spelled).append(pad);
            }
            if (l < lines.size() - 1 || random.nextBoolean()) {
                text.append(endings[random.nextInt(3)]);
            }
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        return random.nextInt(4) == 0 ? gzip(bytes) : bytes;
    }

    /** Whether the dataset is exactly the model: numeric features as floats, the category one-hot, the label's classes. */
    private static boolean matches(TabularDataset data, Model model) {
        List<String> categories = new ArrayList<>(new TreeSet<>(java.util.stream.Stream.of(model.cells)
                .map(row -> row[model.categoryColumn]).toList()));
        categories.sort(TableConversion.NATURAL);
        List<String> classes = new ArrayList<>(new TreeSet<>(java.util.stream.Stream.of(model.cells)
                .map(row -> row[model.labelColumn]).toList()));
        if (!data.classNames().equals(classes) || data.size() != model.cells.length) {
            return false;
        }
        for (int r = 0; r < model.cells.length; r++) {
            float[] row = data.features()[r];
            int j = 0;
            for (int c = 0; c < model.names.length; c++) {
                if (c == model.labelColumn) {
                    continue;
                }
                if (c == model.categoryColumn) {
                    for (String category : categories) {
                        if (row[j++] != (category.equals(model.cells[r][c]) ? 1f : 0f)) {
                            return false;
                        }
                    }
                } else if (row[j++] != (float) Double.parseDouble(model.cells[r][c])) {
                    return false;
                }
            }
            int expected = classes.indexOf(model.cells[r][model.labelColumn]);
            int got = classes.size() == 2 ? (int) data.targets()[r][0] : TestFiles.argmax(data.targets()[r]);
            if (got != expected) {
                return false;
            }
        }
        return true;
    }

    @Test
    void generatedCsvFilesInManyValidSpellingsReadExactly() {
        Random random = new Random(2024);
        for (int i = 0; i < 1_500; i++) {
            Model model = model(random);
            byte[] bytes = render(model, random);
            String name = "valid-" + i + ".csv";
            outcome("generated valid CSV (quotes, blank lines, CR/LF/CRLF, BOM, gzip)", name,
                    () -> csv(bytes, name, d -> d.label("label").oneHot("kind")), data -> matches(data, model));
        }
        assertEquals(1_500, TALLY.get("generated valid CSV (quotes, blank lines, CR/LF/CRLF, BOM, gzip)")[0]);
    }

    private static final byte[] FAULT_BYTES = {'"', ',', '\n', '\r', 0, (byte) 0xff, (byte) 0xc3, ' ', 'x', '#', ';'};

    /** One random fault: a byte deleted, inserted or replaced, the end cut off, a line doubled, or cells added. */
    private static byte[] fault(byte[] valid, Random random) {
        int at = random.nextInt(valid.length);
        byte b = FAULT_BYTES[random.nextInt(FAULT_BYTES.length)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(6)) {
            case 0 -> {
                out.write(valid, 0, at);
                out.write(valid, at + 1, valid.length - at - 1);
            }
            case 1 -> {
                out.write(valid, 0, at);
                out.write(b);
                out.write(valid, at, valid.length - at);
            }
            case 2 -> {
                byte[] copy = valid.clone();
                copy[at] = b;
                return copy;
            }
            case 3 -> out.write(valid, 0, at);
            case 4 -> {
                String text = new String(valid, StandardCharsets.UTF_8);
                List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
                int line = random.nextInt(lines.size());
                lines.add(line, lines.get(line));
                return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                String text = new String(valid, StandardCharsets.UTF_8);
                int newline = text.indexOf('\n', at % Math.max(1, text.length()));
                int cut = newline < 0 ? text.length() : newline;
                return (text.substring(0, cut) + ",extra" + text.substring(cut)).getBytes(StandardCharsets.UTF_8);
            }
        }
        return out.toByteArray();
    }

    @Test
    void generatedCsvFilesWithOneRandomFault() {
        Random random = new Random(77);
        for (int i = 0; i < 1_500; i++) {
            Model model = model(random);
            Random spelling = new Random(i);
            byte[] valid = render(model, spelling);
            boolean gz = Input.gzip(valid);
            byte[] bytes = fault(gz ? Input.gunzip(valid, "test", "test") : valid, random);
            byte[] input = gz ? gzip(bytes) : bytes;
            String name = "fault-" + i + ".csv";
            int options = random.nextInt(4);
            outcome("generated CSV with one random fault", name, () -> csv(input, name, d -> {
                TabularData t = d.label("label").oneHot("kind");
                return switch (options) {
                    case 0 -> t;
                    case 1 -> t.standardize().dropMissing();
                    case 2 -> t.minMax().fillMissingWithMean().missing("x");
                    default -> t.classification();
                };
            }), FuzzTest::wellFormed);
        }
    }

    @Test
    void csvGzTruncatedAtEveryOffsetAndWithEveryBitFlipped() {
        Random random = new Random(5);
        Model model = model(random);
        byte[] text = render(model, new Random(1));
        byte[] gz = Input.gzip(text) ? text : gzip(text);
        TabularDataset original = csv(gz, "data.csv.gz", d -> d.label("label").oneHot("kind"));
        assertTrue(matches(original, model));
        Path path = write("data.csv.gz", gz);
        for (int cut = 0; cut < gz.length; cut++) {
            byte[] truncated = Arrays.copyOf(gz, cut);
            write("data.csv.gz", truncated);
            outcome(".csv.gz truncated at every offset", "data.csv.gz", () -> TabularData.csv(path).label("label")
                    .oneHot("kind").build(), data -> false);
        }
        for (int bit = 0; bit < gz.length * 8; bit++) {
            byte[] flipped = gz.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            outcome(".csv.gz with every bit flipped", "data.csv.gz", () -> csv(flipped, "data.csv.gz",
                    d -> d.label("label").oneHot("kind")), data -> matches(data, model));
        }
    }

    /** Awkward cells, each put in a numeric column of a small file. */
    private static final String[] PALETTE = {"0", "-0", "+0.0", "1e-45", "1e-46", "1e-400", "3.4028235e38", "3.4028236e38",
            "3.5e38", "-3.5e38", "1e39", "1e308", "1e309", "1e2147483648", "9".repeat(400), "0." + "0".repeat(400) + "1",
            "NaN", "-nan", "inf", "-Infinity", "+INF", "0x10", "1_000", "1.5.2", "1e", "e5", ".", "-", "+", "+.",
            "١٢", "１２", "12kg", "∞", "\"1,5\"", "", "   ", "\"\"", "\" 7 \"", "\"\"\"\"", "x".repeat(10_000), "\t3\t", "1e+3", "1E-3"};

    /** What a cell must give: its float, or the words the refusal must contain. */
    private static Object expectation(String spelled) {
        String cell = spelled.startsWith("\"") ? spelled.substring(1, spelled.length() - 1).replace("\"\"", "\"")
                : spelled.strip();
        String s = cell.strip();
        if (cell.isEmpty()) {
            return "missing cell";
        }
        if (Cells.isNonFinite(s)) {
            return "not a finite number";
        }
        if (!Cells.isPlainNumber(s)) {
            return "is not a number";
        }
        double d = Double.parseDouble(s);
        float f = (float) d;
        return Float.isFinite(f) ? (Object) f : "outside the float range";
    }

    @Test
    void awkwardCellsInANumericColumn() {
        for (int p = 0; p < PALETTE.length; p++) {
            String cell = PALETTE[p];
            String name = "cell-" + p + ".csv";
            byte[] bytes = ("a,b,y\n1,2,p\n" + cell + ",3,q\n4,5,p\n").getBytes(StandardCharsets.UTF_8);
            Object expected = expectation(cell);
            TabularDataset data = outcome("awkward cells in a numeric column", name,
                    () -> csv(bytes, name, d -> d.label("y")), read -> expected instanceof Float f && read.features()[1][0] == f);
            if (data == null) {
                try {
                    csv(bytes, name, d -> d.label("y"));
                } catch (IllegalArgumentException e) {
                    assertTrue(expected instanceof String s && e.getMessage().contains(s), cell + " -> " + e.getMessage());
                    assertTrue(e.getMessage().length() < 600, e.getMessage());
                }
            }
            // The same cell as a label: a regression target, or (with classification()) a class name.
            outcome("awkward cells as a label (regression and classes)", name,
                    () -> csv(("a,y\n1,2\n2," + cell + "\n3,4\n").getBytes(StandardCharsets.UTF_8), name,
                            d -> d.label("y").regression()), FuzzTest::wellFormed);
            outcome("awkward cells as a label (regression and classes)", name,
                    () -> csv(("a,y\n1,2\n2," + cell + "\n3,4\n").getBytes(StandardCharsets.UTF_8), name,
                            d -> d.label("y").classification()), FuzzTest::wellFormed);
        }
    }

    // API misuse: every public method and constructor, each reference argument null, each number extreme.

    private static final int[] INTS = {Integer.MIN_VALUE, -1, 0, 1, 2, 3, Integer.MAX_VALUE};
    private static final long[] LONGS = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE};
    private static final double[] DOUBLES = {Double.NaN, Double.NEGATIVE_INFINITY, -1, -0.0, 0, Double.MIN_VALUE, 1e-300,
            0.5, Math.nextDown(1.0), 1, Math.nextUp(1.0), 1e300, Double.POSITIVE_INFINITY};

    private Object valid(Class<?> type) {
        if (type == Path.class) {
            return TestFiles.IRIS;
        }
        if (type == Charset.class) {
            return StandardCharsets.UTF_8;
        }
        if (type == InputStream.class) {
            try {
                return new ByteArrayInputStream(Files.readAllBytes(TestFiles.IRIS));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (type == String.class || type == Object.class) {
            return "iris.csv";
        }
        if (type == String[].class) {
            return new String[] {"sepal_length"};
        }
        if (type == Table.class) {
            return Table.create("t", DoubleColumn.create("a", 1, 2, 3), StringColumn.create("y", "p", "q", "p"));
        }
        if (type == Dataset.class) {
            return TabularData.csv(TestFiles.IRIS).label("species").build();
        }
        if (type == int.class) {
            return 2;
        }
        if (type == long.class) {
            return 42L;
        }
        if (type == double.class) {
            return 0.5;
        }
        throw new AssertionError("no valid value for " + type);
    }

    private static List<?> extremes(Class<?> type) {
        if (type == int.class) {
            return Arrays.stream(INTS).boxed().toList();
        }
        if (type == long.class) {
            return Arrays.stream(LONGS).boxed().toList();
        }
        if (type == double.class) {
            return Arrays.stream(DOUBLES).boxed().toList();
        }
        return Arrays.asList((Object) null);
    }

    private Object invoke(Executable target, Object receiver, Object[] args) {
        try {
            return target instanceof Method m ? m.invoke(receiver, args) : ((Constructor<?>) target).newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new AssertionError(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyPublicMethodWithNullsAndExtremeNumbers() {
        TabularData loader = TabularData.csv(TestFiles.IRIS).label("species");
        TabularDataset dataset = loader.standardize().build();
        Map<Class<?>, Object> receivers = Map.of(TabularData.class, loader, TabularDataset.class, dataset);
        List<Executable> targets = new ArrayList<>();
        for (Class<?> type : List.of(TabularData.class, TabularDataset.class, IdxData.class,
                TabularDataset.ValidationSplit.class)) {
            for (Method method : type.getDeclaredMethods()) {
                boolean instance = !Modifier.isStatic(method.getModifiers());
                if (Modifier.isPublic(method.getModifiers()) && method.getParameterCount() > 0 && !method.isSynthetic()
                        && !(instance && !receivers.containsKey(type))) {   // a record's equals(Object): nothing to misuse
                    targets.add(method);
                }
            }
            for (Constructor<?> constructor : type.getConstructors()) {
                targets.add(constructor);
            }
        }
        targets.sort(java.util.Comparator.comparing(Executable::toString));
        for (Executable target : targets) {
            Class<?> owner = target.getDeclaringClass();
            Object receiver = target instanceof Method m && !Modifier.isStatic(m.getModifiers()) ? receivers.get(owner)
                    : null;
            Class<?>[] types = target.getParameterTypes();
            for (int p = 0; p < types.length; p++) {
                for (Object odd : extremes(types[p])) {
                    Object[] args = new Object[types.length];
                    for (int q = 0; q < types.length; q++) {
                        args[q] = q == p ? odd : valid(types[q]);
                    }
                    String call = target.getName() + Arrays.toString(args);
                    String named = owner.getSimpleName();
                    // The message names the method's class (TabularData.label: ...), or the file read (iris.csv).
                    Object result = outcomeNaming("every public method: nulls and extreme numbers", call,
                            () -> invoke(target, receiver, args), named, "iris.csv");
                    if (result instanceof Dataset.Split split) {
                        assertTrue(wellFormed(split.train()) && wellFormed(split.test()), call);
                    }
                }
            }
        }
        assertTrue(TALLY.get("every public method: nulls and extreme numbers")[1] > 40);
    }

    /** As {@link #outcome}, for calls whose refusal names one of several words. */
    private static Object outcomeNaming(String fuzzCase, String call, Supplier<Object> run, String... names) {
        try {
            Object result = run.get();
            count(fuzzCase, 0);
            return result;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            String message = String.valueOf(e.getMessage());
            if (Arrays.stream(names).noneMatch(message::contains)) {
                fail(fuzzCase + ": " + call + ": the message names neither " + Arrays.toString(names) + ": " + message, e);
            }
            if (message.length() > 1_000) {
                fail(fuzzCase + ": " + call + ": a message of " + message.length() + " characters is a dump: " + message, e);
            }
            count(fuzzCase, e instanceof IllegalArgumentException ? 1 : e instanceof IllegalStateException ? 2 : 3);
            return null;
        } catch (Throwable t) {
            fail(fuzzCase + ": " + call + " escaped with " + t, t);
            return null;
        }
    }

    @Test
    void splitsOfEveryReadDatasetKeepTheirInvariants() {
        Random random = new Random(9);
        for (int i = 0; i < 200; i++) {
            Model model = model(random);
            byte[] bytes = render(model, random);
            String name = "split-" + i + ".csv";
            TabularDataset data = csv(bytes, name, d -> d.label("label").oneHot("kind").standardize());
            double fraction = 0.1 + 0.8 * random.nextDouble();
            int seed = i;
            Object parts = outcomeNaming("splits of generated datasets", name, () -> {
                Dataset.Split split = data.split(fraction, seed);
                return List.of(split.train(), split.test());
            }, "TabularDataset.split");
            if (parts instanceof List<?> list) {
                Dataset train = (Dataset) list.get(0);
                Dataset test = (Dataset) list.get(1);
                assertTrue(wellFormed(train) && wellFormed(test) && train.size() + test.size() == data.size(), name);
            }
        }
    }
}
