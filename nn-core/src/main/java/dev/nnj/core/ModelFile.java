package dev.nnj.core;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * The model file format, in one place. Big-endian:
 * <pre>
 * "NNJM" | int version (1) | int layer count | layers | weights | long CRC-32 of everything before it
 * layer   = UTF tag, then by tag: dense: int in, int out;
 *           leakyRelu: float slope; normalization: UTF kind, int n, n floats center, n floats spread;
 *           sigmoid, tanh, relu, softmax, identity: nothing
 * weights = for each dense layer in order: in·out floats W (row-major), out floats b
 * </pre>
 * A save is written to a temporary file beside the target and moved into place, so a crash never
 * leaves a half-written model; a load checks the magic, the version and the checksum first.
 */
final class ModelFile {

    private static final byte[] MAGIC = {'N', 'N', 'J', 'M'};
    private static final int VERSION = 1;

    private ModelFile() {
    }

    static void save(Sequential model, Path path) {
        byte[] bytes = encode(model);
        Path target = path.toAbsolutePath();
        Path directory = target.getParent();
        Path temporary = null;
        try {
            // Not Files.createTempFile: that makes the file owner-only, and the move would keep it so.
            // CREATE_NEW gives the permissions of any new file (the umask) and never reuses a name.
            temporary = directory.resolve("." + target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".partial");
            Files.write(temporary, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("save: the folder " + directory + " does not exist; create it first.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("save: could not write " + target + " (" + e.getMessage() + "); nothing was changed.", e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // The move succeeded or the write failed; either way the target is whole.
                }
            }
        }
    }

    static byte[] encode(Sequential model) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(model.layers().size());
            for (Layer layer : model.layers()) {
                writeLayer(out, (Operation) layer);
            }
            for (Layer layer : model.layers()) {
                if (layer instanceof Dense d) {
                    writeFloats(out, d.weight().data());
                    writeFloats(out, d.bias().data());
                }
            }
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(buffer.toByteArray());
            out.writeLong(crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a ByteArrayOutputStream does not fail
        }
        return buffer.toByteArray();
    }

    private static void writeLayer(DataOutputStream out, Operation op) throws IOException {
        if (op instanceof Dense d) {
            out.writeUTF("dense");
            out.writeInt(d.in());
            out.writeInt(d.out());
        } else if (op instanceof LeakyRelu l) {
            out.writeUTF("leakyRelu");
            out.writeFloat(l.slope());
        } else if (op instanceof Normalization n) {
            out.writeUTF("normalization");
            out.writeUTF(n.kind());
            out.writeInt(n.inputWidth());
            writeFloats(out, n.center());
            writeFloats(out, n.spread());
        } else {
            out.writeUTF(op.toString());   // sigmoid, tanh, relu, softmax, identity
        }
    }

    static Sequential load(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("load: no model file at " + path.toAbsolutePath() + ".", e);
        } catch (IOException e) {
            throw new UncheckedIOException("load: could not read " + path.toAbsolutePath() + " (" + e.getMessage() + ").", e);
        }
        return decode(bytes, path.toString());
    }

    static Sequential decode(byte[] bytes, String source) {
        String where = "load " + source + ": ";
        if (bytes.length < MAGIC.length + 8 || !java.util.Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException(where + "not an nnj model file (it does not start with NNJM);"
                    + " save models with model.save(path).");
        }
        if (bytes.length < 20) {
            throw new IllegalArgumentException(where + "the file is truncated (" + bytes.length + " bytes); save the model again.");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, 0, bytes.length - 8));
        try {
            in.skipNBytes(MAGIC.length);
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException(where + "format version " + version + ", but this nnj reads version "
                        + VERSION + "; load it with the nnj that saved it.");
            }
            if (crc.getValue() != stored) {
                throw new IllegalArgumentException(where + "the file is truncated or damaged (checksum mismatch over "
                        + bytes.length + " bytes); save the model again.");
            }
            int count = in.readInt();
            Layer[] layers = new Layer[count];
            for (int i = 0; i < count; i++) {
                layers[i] = readLayer(in, where, i);
            }
            Sequential model = Sequential.of(layers);
            // Sequential.of initialised the weights; overwrite them with the saved ones.
            for (int i = 0; i < count; i++) {
                if (layers[i] instanceof Dense d) {
                    readFloats(in, d.weight().data());
                    readFloats(in, d.bias().data());
                }
            }
            return model;
        } catch (EOFException e) {
            throw new IllegalArgumentException(where + "the file is truncated; save the model again.", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Weights are stored after the layer list so that the layers can be built (and their chain checked) first.
    private static Layer readLayer(DataInputStream in, String where, int index) throws IOException {
        String tag = in.readUTF();
        return switch (tag) {
            case "dense" -> new Dense(in.readInt(), in.readInt());
            case "leakyRelu" -> new LeakyRelu(in.readFloat());
            case "normalization" -> {
                String kind = in.readUTF();
                int n = in.readInt();
                float[] center = new float[n];
                float[] spread = new float[n];
                readFloats(in, center);
                readFloats(in, spread);
                yield new Normalization(kind, center, spread);
            }
            case "sigmoid" -> new Sigmoid();
            case "tanh" -> new Tanh();
            case "relu" -> new Relu();
            case "softmax" -> new Softmax();
            case "identity" -> new Identity();
            default -> throw new IllegalArgumentException(where + "layer " + index + " has unknown kind '" + tag
                    + "'; the file was written by another nnj version or is damaged.");
        };
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.BIG_ENDIAN);
        buffer.asFloatBuffer().put(values);
        out.write(buffer.array());
    }

    private static void readFloats(DataInputStream in, float[] into) throws IOException {
        byte[] raw = new byte[into.length * Float.BYTES];
        in.readFully(raw);
        ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(into);
    }
}
