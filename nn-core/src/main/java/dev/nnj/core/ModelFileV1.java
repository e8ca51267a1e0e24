package dev.nnj.core;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Reads model files of format 1 (nnj 0.1), which nnj no longer writes. Big-endian:
 * <pre>
 * "NNJM" | int version (1) | int layer count | layers | weights | long CRC-32 of everything before it
 * layer   = UTF tag, then by tag: dense: int in, int out;
 *           leakyRelu: float slope; normalization: UTF label, int n, n floats center, n floats spread;
 *           sigmoid, tanh, relu, softmax, identity: nothing
 * weights = for each dense layer in order: in·out floats W (row-major, in x out), out floats b
 * </pre>
 * Every declared count is checked against the bytes that remain before anything is allocated.
 */
final class ModelFileV1 {

    private static final byte[] MAGIC = {'N', 'N', 'J', 'M'};

    private ModelFileV1() {
    }

    static boolean isVersion1(byte[] bytes) {
        return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    static Sequential decode(byte[] bytes, String source) {
        String where = "load " + source + ": ";
        if (bytes.length < 20) {
            throw new IllegalArgumentException(where + "the file is truncated (" + bytes.length + " bytes); save the model again.");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 8));
        try {
            in.skipNBytes(MAGIC.length);
            int version = in.readInt();
            if (version != 1) {
                throw new IllegalArgumentException(where + "an NNJM file of format version " + version + "; this nnj reads NNJM"
                        + " files of version 1 and safetensors files of version " + ModelFile.VERSION + ". Save the model again.");
            }
            if (crc.getValue() != stored) {
                throw new IllegalArgumentException(where + "the file is truncated or damaged (checksum mismatch over "
                        + bytes.length + " bytes); save the model again.");
            }
            int count = in.readInt();
            if (count < 1 || count > in.available()) {
                throw new IllegalArgumentException(where + "the file is damaged: it declares " + count + " layers.");
            }
            Layer[] layers = new Layer[count];
            long weights = 0;
            for (int i = 0; i < count; i++) {
                layers[i] = readLayer(in, where, i);
                if (layers[i] instanceof Dense) {
                    Dense d = (Dense) layers[i];
                    weights += (long) d.in() * d.out() + d.out();
                }
            }
            if (weights * Float.BYTES > in.available()) {
                throw new IllegalArgumentException(where + "the file is truncated or damaged: its layers need " + weights
                        + " weights, but only " + in.available() + " bytes remain.");
            }
            for (Layer layer : layers) {
                if (layer instanceof Dense) {
                    readFloats(in, ((Dense) layer).weight().data());
                    readFloats(in, ((Dense) layer).bias().data());
                }
            }
            return Sequential.withValues(layers);
        } catch (EOFException e) {
            throw new IllegalArgumentException(where + "the file is truncated; save the model again.", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Layer readLayer(DataInputStream in, String where, int index) throws IOException {
        String tag = in.readUTF();
        switch (tag) {
            case "dense": {
                int inputs = in.readInt();
                int outputs = in.readInt();
                long needed = ((long) inputs * outputs + outputs) * Float.BYTES;
                if (inputs < 1 || outputs < 1 || needed > in.available()) {
                    throw new IllegalArgumentException(where + "the file is truncated or damaged: layer " + index + " declares"
                            + " dense(" + inputs + ", " + outputs + "), more weights than the file holds.");
                }
                return new Dense(inputs, outputs, Initializers.auto());
            }
            case "leakyRelu":
                return new LeakyRelu(in.readFloat());
            case "normalization": {
                in.readUTF();   // a label that was always "normalization"
                int n = in.readInt();
                if (n < 1 || (long) n * 2 * Float.BYTES > in.available()) {
                    throw new IllegalArgumentException(where + "the file is truncated or damaged: layer " + index
                            + " declares a normalization of " + n + " columns, more than the file holds.");
                }
                float[] center = new float[n];
                float[] spread = new float[n];
                readFloats(in, center);
                readFloats(in, spread);
                return new Normalization(center, spread);
            }
            case "sigmoid":
                return new Sigmoid();
            case "tanh":
                return new Tanh();
            case "relu":
                return new Relu();
            case "softmax":
                return new Softmax();
            case "identity":
                return new Identity();
            default:
                throw new IllegalArgumentException(where + "layer " + index + " has unknown kind '" + tag
                        + "'; the file was written by another nnj version or is damaged.");
        }
    }

    private static void readFloats(DataInputStream in, float[] into) throws IOException {
        byte[] raw = new byte[into.length * Float.BYTES];
        in.readFully(raw);
        ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(into);
    }
}
