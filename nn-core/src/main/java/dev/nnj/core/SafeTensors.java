package dev.nnj.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A file in the safetensors layout, checked before anything is allocated from it: an 8-byte
 * little-endian header length, a JSON header naming each tensor's dtype, shape and byte range, and
 * the tensors' little-endian bytes. Every declared size is checked against the file's length;
 * the byte ranges must tile the data exactly, as the format requires. Problems are reported as
 * {@link IllegalArgumentException}s that name the file and say what is wrong.
 * <pre>{@code
 * SafeTensors file = SafeTensors.parse(bytes, "model.nnj");
 * float[] w = file.floats(file.entry("0.weight"));
 * }</pre>
 */
final class SafeTensors {

    /** The largest header read (the safetensors library's own limit). */
    static final long MAX_HEADER = 100L << 20;

    /**
     * One tensor's entry in the header.
     *
     * @param begin byte offset of its data within the data section
     * @param end   byte offset just past it
     */
    record Entry(String name, String dtype, long[] shape, long begin, long end) {
        long count() {
            long n = 1;
            for (long d : shape) {
                n *= d;   // checked against the byte range when parsed, so it cannot overflow here
            }
            return n;
        }

        String shapeText() {
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < shape.length; i++) {
                s.append(i == 0 ? "" : ", ").append(shape[i]);
            }
            return s.append(']').toString();
        }
    }

    final String source;
    final Map<String, String> metadata;
    final Map<String, Entry> entries;
    private final byte[] bytes;
    private final int dataStart;

    private SafeTensors(String source, Map<String, String> metadata, Map<String, Entry> entries, byte[] bytes, int dataStart) {
        this.source = source;
        this.metadata = metadata;
        this.entries = entries;
        this.bytes = bytes;
        this.dataStart = dataStart;
    }

    private static IllegalArgumentException bad(String where, String what) {
        return new IllegalArgumentException(where + what);
    }

    /**
     * How messages start and what they advise: a model file ({@link Sequential#load}) or any
     * safetensors file of weights ({@link Sequential#loadWeights}).
     */
    record Wording(String where, String foreign, String howToWrite, String again) {
        static Wording modelFile(String source) {
            return new Wording("load " + source + ": ", "not an nnj model file", "Save models with model.save(path).",
                    "save the model again");
        }

        static Wording weights(String source) {
            return new Wording("loadWeights " + source + ": ", "not a safetensors file", "Write it with"
                    + " safetensors.torch.save_file(net.state_dict(), path), or with model.save(path).", "write the file again");
        }
    }

    /**
     * Reads and checks the header of {@code bytes}.
     *
     * @param source the file's name, for messages
     * @throws IllegalArgumentException naming the source and the problem
     */
    static SafeTensors parse(byte[] bytes, String source) {
        return parse(bytes, source, Wording.modelFile(source));
    }

    /** {@link #parse(byte[], String)} with the messages' wording given. */
    static SafeTensors parse(byte[] bytes, String source, Wording wording) {
        String where = wording.where();
        if (bytes.length < 8) {
            throw bad(where, "the file is truncated or damaged (" + bytes.length + " bytes, fewer than the 8 of the header length); "
                    + wording.again() + ".");
        }
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER) {
            throw bad(where, wording.foreign() + ": its first 8 bytes declare a header of " + Long.toUnsignedString(headerLength)
                    + " bytes (a safetensors header is between 2 bytes and " + MAX_HEADER + "). " + wording.howToWrite());
        }
        if (8 + headerLength > bytes.length) {
            throw bad(where, "the file is truncated or damaged: its header declares " + headerLength + " bytes, but only "
                    + (bytes.length - 8) + " follow; " + wording.again() + ".");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 8, (int) headerLength)).toString();
        } catch (CharacterCodingException e) {
            throw bad(where, wording.foreign() + ": its header is not UTF-8 text. " + wording.howToWrite());
        }
        if (!text.startsWith("{")) {
            throw bad(where, wording.foreign() + ": its header does not start with '{'. " + wording.howToWrite());
        }
        Object root;
        try {
            root = Json.parse(text);
        } catch (Json.Malformed e) {
            throw bad(where, "the header is damaged (" + e.getMessage() + "); " + wording.again() + ".");
        }
        int dataStart = (int) (8 + headerLength);
        long dataLength = bytes.length - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : asObject(root, where, "the header").entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                for (Map.Entry<String, Object> m : asObject(e.getValue(), where, "__metadata__").entrySet()) {
                    if (!(m.getValue() instanceof String)) {
                        throw bad(where, "the header is damaged: __metadata__." + m.getKey() + " is not a string.");
                    }
                    metadata.put(m.getKey(), (String) m.getValue());
                }
                continue;
            }
            entries.put(e.getKey(), entry(e.getKey(), e.getValue(), wording, dataLength));
        }
        List<Entry> byOffset = new ArrayList<>(entries.values());
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : byOffset) {
            if (e.begin() != expected) {
                throw bad(where, "the header is damaged: tensor '" + e.name() + "' starts at byte " + e.begin() + " of the data,"
                        + " but the tensors before it end at " + expected + " (the data must be tiled without gaps or overlaps).");
            }
            expected = e.end();
        }
        if (expected != dataLength) {
            throw bad(where, (expected < dataLength ? "the file has " + (dataLength - expected) + " bytes after its last tensor"
                    : "the file is truncated or damaged") + " (the tensors take " + expected + " bytes of data, the file holds "
                    + dataLength + "); " + wording.again() + ".");
        }
        return new SafeTensors(source, Collections.unmodifiableMap(metadata), Collections.unmodifiableMap(entries), bytes, dataStart);
    }

    private static Entry entry(String name, Object value, Wording wording, long dataLength) {
        String where = wording.where();
        String what = "tensor '" + name + "'";
        Map<String, Object> fields = asObject(value, where, what);
        Object dtype = fields.get("dtype");
        if (!(dtype instanceof String)) {
            throw bad(where, "the header is damaged: " + what + " has no dtype.");
        }
        int size = elementSize((String) dtype);
        if (size == 0) {
            throw bad(where, what + " has dtype " + dtype + ", which nnj does not read (it reads F32, and I64 for counters).");
        }
        List<Object> shapeList = asArray(fields.get("shape"), where, what + " shape");
        long[] shape = new long[shapeList.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = whole(shapeList.get(i), where, what + " shape");
            try {
                count = Math.multiplyExact(count, shape[i]);
            } catch (ArithmeticException e) {
                throw bad(where, "the header is damaged: " + what + " declares a shape too large for any file.");
            }
        }
        List<Object> offsets = asArray(fields.get("data_offsets"), where, what + " data_offsets");
        if (offsets.size() != 2) {
            throw bad(where, "the header is damaged: " + what + " data_offsets must be [begin, end].");
        }
        long begin = whole(offsets.get(0), where, what + " data_offsets");
        long end = whole(offsets.get(1), where, what + " data_offsets");
        if (end < begin || end > dataLength) {
            throw bad(where, "the file is truncated or damaged: " + what + " declares bytes " + begin + " to " + end
                    + " of the data, but the data hold " + dataLength + " bytes; " + wording.again() + ".");
        }
        long bytesNeeded;
        try {
            bytesNeeded = Math.multiplyExact(count, size);
        } catch (ArithmeticException e) {
            throw bad(where, "the header is damaged: " + what + " declares a shape too large for any file.");
        }
        if (bytesNeeded != end - begin) {
            throw bad(where, "the header is damaged: " + what + " has shape " + new Entry(name, (String) dtype, shape, 0, 0).shapeText()
                    + " of " + dtype + " (" + bytesNeeded + " bytes) but a byte range of " + (end - begin) + ".");
        }
        return new Entry(name, (String) dtype, shape, begin, end);
    }

    private static int elementSize(String dtype) {
        switch (dtype) {
            case "F32":
            case "I32":
                return 4;
            case "I64":
            case "F64":
                return 8;
            default:
                return 0;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object value, String where, String what) {
        if (!(value instanceof Map)) {
            throw bad(where, "the header is damaged: " + what + " is not a JSON object.");
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asArray(Object value, String where, String what) {
        if (!(value instanceof List)) {
            throw bad(where, "the header is damaged: " + what + " is not a JSON array.");
        }
        return (List<Object>) value;
    }

    private static long whole(Object value, String where, String what) {
        if (!(value instanceof Json.Num)) {
            throw bad(where, "the header is damaged: " + what + " holds a value that is not a number.");
        }
        long v;
        try {
            v = ((Json.Num) value).longValue(what);
        } catch (Json.Malformed e) {
            throw bad(where, "the header is damaged: " + e.getMessage() + ".");
        }
        if (v < 0) {
            throw bad(where, "the header is damaged: " + what + " holds the negative number " + v + ".");
        }
        return v;
    }

    /** The entry named {@code name}, or null. */
    Entry entry(String name) {
        return entries.get(name);
    }

    /** The F32 values of an entry, read from little-endian bytes, into {@code into} (of exactly its count). */
    void readFloats(Entry e, float[] into) {
        ByteBuffer.wrap(bytes, dataStart + (int) e.begin(), (int) (e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer().get(into);
    }

    /** The data section's bytes (for the checksum). */
    ByteBuffer data() {
        return ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart);
    }
}
