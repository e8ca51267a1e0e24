package dev.nnj.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.nnj.core.internal.AtomicWrite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The model file, format 2: the safetensors layout, so anything that reads safetensors opens an
 * nnj model (docs/format.md has the details and a Python reader).
 * <pre>
 * u64 LE header length N | N bytes of JSON, space-padded to a multiple of 8 | tensor data, little-endian
 * header = {"__metadata__": {"format": "nnj", "format_version": "2", "architecture": "{\"layers\": [...]}",
 *                           "crc32": "CRC-32 of the architecture text, then the data"},
 *           "1.weight": {"dtype": "F32", "shape": [3, 2], "data_offsets": [0, 24]}, ...}
 * </pre>
 * Tensors are named {@code position.name} like PyTorch's state_dict, in layer order; dense weights
 * are stored out x in, PyTorch's layout. A save is written beside the target, forced to disk and
 * moved into place, so a crash never leaves a half-written model; a load checks every declared
 * size against the file's length before allocating, then the checksum. Format-1 files (nnj 0.1)
 * still load ({@link ModelFileV1}).
 */
final class ModelFile {

    static final String FORMAT = "nnj";
    static final int VERSION = 2;
    /** The largest model file read: the tensors are read into Java arrays. */
    static final long MAX_FILE = Integer.MAX_VALUE - 8;

    private ModelFile() {
    }

    static byte[] encode(Sequential model) {
        return encode(model, java.util.Map.of(), null);
    }

    /** The architecture entry of a model: {@code {"layers": [...]}}. */
    static String architecture(Sequential model) {
        List<String> layers = new ArrayList<>();
        for (Operation op : model.operations()) {
            layers.add(LayerCodec.encode(op));
        }
        return "{\"layers\":" + Json.array(layers) + "}";
    }

    /**
     * The file's bytes: the model's tensors, then {@code extra} one-dimensional tensors (a
     * checkpoint's optimizer state and records), and {@code checkpoint} as a metadata entry if not null.
     */
    static byte[] encode(Sequential model, java.util.Map<String, float[]> extra, String checkpoint) {
        Operation[] layers = model.operations();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        Json.ObjectWriter tensors = new Json.ObjectWriter();
        for (int i = 0; i < layers.length; i++) {
            for (Tensor t : layers[i].tensors()) {
                long begin = data.size();
                byte[] bytes = littleEndian(t);
                data.write(bytes, 0, bytes.length);
                tensors.putRaw(i + "." + t.name(), new Json.ObjectWriter().put("dtype", "F32").put("shape", t.fileShape())
                        .put("data_offsets", new long[] {begin, data.size()}).toString());
            }
        }
        for (java.util.Map.Entry<String, float[]> e : extra.entrySet()) {
            long begin = data.size();
            byte[] bytes = littleEndian(e.getValue());
            data.write(bytes, 0, bytes.length);
            tensors.putRaw(e.getKey(), new Json.ObjectWriter().put("dtype", "F32").put("shape", new long[] {e.getValue().length})
                    .put("data_offsets", new long[] {begin, data.size()}).toString());
        }
        byte[] body = data.toByteArray();
        String architectureText = architecture(model);
        Json.ObjectWriter metadata = new Json.ObjectWriter().put("format", FORMAT).put("format_version", String.valueOf(VERSION))
                .put("architecture", architectureText);
        String encoder = model.encoder().map(RowEncoder::toJson).orElse(null);
        if (encoder != null) {
            metadata.put("encoder", encoder);
        }
        if (checkpoint != null) {
            metadata.put("checkpoint", checkpoint);
        }
        metadata.put("crc32", checksum(architectureText + (encoder == null ? "" : encoder) + (checkpoint == null ? "" : checkpoint),
                ByteBuffer.wrap(body)));
        String tensorJson = tensors.toString();
        String header = "{\"__metadata__\":" + metadata + (tensorJson.length() > 2 ? "," + tensorJson.substring(1) : "}");
        StringBuilder padded = new StringBuilder(header);
        int length = header.getBytes(StandardCharsets.UTF_8).length;
        while (length % 8 != 0) {
            padded.append(' ');
            length++;
        }
        byte[] head = padded.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + head.length + body.length).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(head.length).put(head).put(body);
        return file.array();
    }

    static byte[] littleEndian(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    /** CRC-32, in 8 hex digits, of the architecture's UTF-8 text followed by the tensor data. */
    static String checksum(String architecture, ByteBuffer data) {
        CRC32 crc = new CRC32();
        crc.update(architecture.getBytes(StandardCharsets.UTF_8));
        crc.update(data);
        return String.format("%08x", crc.getValue());
    }

    /** A tensor's values as the file stores them: little-endian, transposed where the file's layout is. */
    static byte[] littleEndian(Tensor t) {
        float[] v = t.value().data();
        int rows = t.value().rows();
        int cols = t.value().cols();
        ByteBuffer b = ByteBuffer.allocate(rows * cols * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        if (t.transposed()) {
            for (int c = 0; c < cols; c++) {
                for (int r = 0; r < rows; r++) {
                    b.putFloat(v[r * cols + c]);
                }
            }
        } else {
            b.asFloatBuffer().put(v, 0, rows * cols);
        }
        return b.array();
    }

    /** Writes {@code bytes} to a temporary file beside {@code path}, forces it to disk and moves it into place. */
    static void write(byte[] bytes, Path path) {
        write(bytes, path, "save");
    }

    /** {@link #write(byte[], Path)}, with errors starting with {@code where} (the method the user called). */
    static void write(byte[] bytes, Path path, String where) {
        AtomicWrite.write(bytes, path, where);
    }

    static Sequential load(Path path) {
        return decode(read(path, "load"), path.toString());
    }

    /** The bytes of a model file, after checking that it exists, is readable and is not too large to be one. */
    static byte[] read(Path path, String where) {
        Path file = path.toAbsolutePath();
        try {
            long size = Files.size(file);
            if (size > MAX_FILE) {
                throw new IllegalArgumentException(where + " " + path + ": the file is " + size + " bytes; nnj reads model files"
                        + " of up to " + MAX_FILE + " bytes.");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(where + ": no model file at " + file + ".", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(where + " " + path + ": permission denied; make the file readable.", e);
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": could not read " + file + " (" + e + ").", e);
        }
    }

    static Sequential decode(byte[] bytes, String source) {
        if (ModelFileV1.isVersion1(bytes)) {
            return ModelFileV1.decode(bytes, source);
        }
        String where = "load " + source + ": ";
        SafeTensors file = SafeTensors.parse(bytes, source);
        checkIntegrity(file, where);
        List<Object> entries = architecture(file.metadata.get("architecture"), where);
        Layer[] layers = new Layer[entries.size()];
        Set<String> used = new HashSet<>();
        for (int i = 0; i < layers.length; i++) {
            Operation op = LayerCodec.decode(entries.get(i), i, file, where);
            fill(op, i, file, where, used);
            layers[i] = op;
        }
        boolean checkpoint = file.metadata.containsKey("checkpoint");
        for (String name : file.entries.keySet()) {
            // A checkpoint also holds the run's state beside the model: Sequential.load reads the model alone.
            if (!used.contains(name) && !(checkpoint && Checkpoint.isRunState(name))) {
                throw new IllegalArgumentException(where + "tensor '" + name + "' belongs to no layer of the architecture;"
                        + " the file is damaged or was not written by nnj.");
            }
        }
        Sequential model;
        try {
            model = Sequential.withValues(layers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "the layers in the file do not fit together (" + e.getMessage() + ").", e);
        }
        String encoder = file.metadata.get("encoder");
        if (encoder != null) {
            try {
                model.useEncoder(RowEncoder.fromJson(encoder));
            } catch (Json.Malformed | IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "the encoder of raw rows is damaged (" + e.getMessage() + ").", e);
            }
        }
        return model;
    }

    /** Checks format, version and checksum (over the architecture, a checkpoint's entry, and the data). */
    static void checkIntegrity(SafeTensors file, String where) {
        checkMetadata(file.metadata, where);
        String covered = String.valueOf(file.metadata.get("architecture"))
                + (file.metadata.containsKey("encoder") ? file.metadata.get("encoder") : "")
                + (file.metadata.containsKey("checkpoint") ? file.metadata.get("checkpoint") : "");
        if (!checksum(covered, file.data()).equals(file.metadata.get("crc32"))) {
            throw new IllegalArgumentException(where + "the file is damaged (its architecture and data do not match their"
                    + " CRC-32 checksum); save the model again.");
        }
    }

    private static void checkMetadata(Map<String, String> metadata, String where) {
        if (!FORMAT.equals(metadata.get("format"))) {
            throw new IllegalArgumentException(where + "a safetensors file without an nnj architecture (written by another"
                    + " tool?). Build the model in nnj and load its tensors with model.loadWeights(path).");
        }
        int version;
        try {
            version = Integer.parseInt(String.valueOf(metadata.get("format_version")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + "the header is damaged: format_version is "
                    + metadata.get("format_version") + ".", e);
        }
        if (version > VERSION) {
            throw new IllegalArgumentException(where + "format version " + version + ", written by a newer nnj; this nnj reads"
                    + " versions 1 to " + VERSION + ". Upgrade nnj to load it.");
        }
        if (version != VERSION) {
            throw new IllegalArgumentException(where + "the header is damaged: format version " + version + " in a safetensors file.");
        }
    }

    private static List<Object> architecture(String text, String where) {
        if (text == null) {
            throw new IllegalArgumentException(where + "the header is damaged: it has no architecture.");
        }
        Object root;
        try {
            root = Json.parse(text);
        } catch (Json.Malformed e) {
            throw new IllegalArgumentException(where + "the architecture is damaged (" + e.getMessage() + ").", e);
        }
        Object layers = root instanceof Map ? ((Map<?, ?>) root).get("layers") : null;
        if (!(layers instanceof List) || ((List<?>) layers).isEmpty()) {
            throw new IllegalArgumentException(where + "the architecture is damaged: it lists no layers.");
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) layers;
        return list;
    }

    /** Reads every tensor of layer {@code index} from the file, checking names and shapes. */
    static void fill(Operation op, int index, SafeTensors file, String where, Set<String> used) {
        for (Tensor t : op.tensors()) {
            String name = index + "." + t.name();
            LayerCodec.expect(file, name, where, t.fileShape());
            float[] values = t.value().data();
            if (t.transposed()) {
                int rows = t.value().rows();
                int cols = t.value().cols();
                float[] stored = new float[rows * cols];
                file.readFloats(file.entry(name), stored);
                for (int c = 0; c < cols; c++) {
                    for (int r = 0; r < rows; r++) {
                        values[r * cols + c] = stored[c * rows + r];
                    }
                }
            } else {
                file.readFloats(file.entry(name), values);
            }
            used.add(name);
        }
        op.tensorsLoaded();
    }
}
