package dev.nnj.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One protocol-buffers message being written, field by field, in the wire format
 * (https://protobuf.dev/programming-guides/encoding/): each field is a tag ({@code field << 3 | wire type})
 * and a value, a varint, 4 little-endian bytes, or a length and bytes. Nested messages are written
 * into their own {@code Protobuf} and embedded as bytes. This is all the ONNX export needs, so nnj
 * writes ONNX files without a protobuf library.
 * <pre>{@code
 * Protobuf opset = new Protobuf().string(1, "").varint(2, 13);   // OperatorSetIdProto
 * Protobuf model = new Protobuf().varint(1, 7).message(8, opset); // ModelProto
 * byte[] bytes = model.toByteArray();
 * }</pre>
 */
final class Protobuf {

    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private final Buffer out = new Buffer();

    /** An int32, int64, enum or bool field; a negative number takes ten bytes, as protobuf writes int64. */
    Protobuf varint(int field, long value) {
        tag(field, VARINT);
        writeVarint(value);
        return this;
    }

    /** A float field: 4 bytes, little-endian. */
    Protobuf float32(int field, float value) {
        tag(field, FIXED32);
        int bits = Float.floatToRawIntBits(value);
        for (int i = 0; i < 4; i++) {
            out.write(bits >>> 8 * i);
        }
        return this;
    }

    /** A string field, UTF-8. */
    Protobuf string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A bytes field. */
    Protobuf bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        writeVarint(value.length);
        out.write(value, 0, value.length);
        return this;
    }

    /** An embedded message field. */
    Protobuf message(int field, Protobuf message) {
        tag(field, LENGTH_DELIMITED);
        writeVarint(message.out.size());
        message.out.copyTo(out);
        return this;
    }

    /** The message's bytes so far. */
    byte[] toByteArray() {
        return out.toByteArray();
    }

    /** The number of bytes written so far. */
    int size() {
        return out.size();
    }

    private void tag(int field, int wireType) {
        writeVarint((long) field << 3 | wireType);
    }

    private void writeVarint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** A byte buffer that embeds into another without the copy {@code toByteArray()} would make. */
    private static final class Buffer extends ByteArrayOutputStream {
        void copyTo(Buffer target) {
            target.write(buf, 0, count);
        }
    }
}
