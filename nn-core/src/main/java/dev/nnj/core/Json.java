package dev.nnj.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON the model file needs (nn-core depends on the JDK only): a writer for objects,
 * arrays, strings and numbers, and a strict reader with limits, for headers that may come from
 * anywhere. Numbers are kept as their text ({@link Num}), so a float written by
 * {@link Float#toString} reads back as exactly that float.
 */
final class Json {

    /** Nesting deeper than this is refused (a header is two or three levels deep). */
    static final int MAX_DEPTH = 64;

    private Json() {
    }

    // ---- writing ---------------------------------------------------------------------------

    /** Writes one JSON object, its keys in the order given. */
    static final class ObjectWriter {
        private final StringBuilder out = new StringBuilder("{");
        private boolean first = true;

        private ObjectWriter key(String key) {
            out.append(first ? "" : ",");
            first = false;
            string(out, key);
            out.append(':');
            return this;
        }

        ObjectWriter put(String key, String value) {
            key(key);
            string(out, value);
            return this;
        }

        ObjectWriter put(String key, long value) {
            key(key).out.append(value);
            return this;
        }

        ObjectWriter put(String key, float value) {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("JSON has no " + value + " (key " + key + ")");
            }
            key(key).out.append(value);
            return this;
        }

        ObjectWriter putRaw(String key, String json) {
            key(key).out.append(json);
            return this;
        }

        ObjectWriter put(String key, long[] values) {
            key(key).out.append('[');
            for (int i = 0; i < values.length; i++) {
                out.append(i == 0 ? "" : ",").append(values[i]);
            }
            out.append(']');
            return this;
        }

        @Override
        public String toString() {
            return out + "}";
        }
    }

    static String array(List<String> jsonValues) {
        return "[" + String.join(",", jsonValues) + "]";
    }

    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    // ---- reading ---------------------------------------------------------------------------

    /** A JSON number, as written. */
    record Num(String text) {
        /** The value as an int, or an exception saying it is not one. */
        int intValue(String what) {
            long v = longValue(what);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new Malformed(what + " is " + text + ", outside the int range");
            }
            return (int) v;
        }

        long longValue(String what) {
            try {
                BigInteger v = new java.math.BigDecimal(text).toBigIntegerExact();
                if (v.bitLength() > 63) {
                    throw new Malformed(what + " is " + text + ", too large");
                }
                return v.longValue();
            } catch (ArithmeticException e) {
                throw new Malformed(what + " is " + text + ", not a whole number");
            }
        }

        float floatValue() {
            return Float.parseFloat(text);
        }
    }

    /** Thrown for text that is not JSON of the expected shape; the caller adds the file's name. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    /**
     * Parses one JSON value: objects become {@code Map<String, Object>} (in file order; a repeated
     * key is refused), arrays {@code List<Object>}, strings {@code String}, numbers {@link Num},
     * and {@code Boolean} or null.
     *
     * @throws Malformed naming the offset of the first problem
     */
    static Object parse(String text) {
        Reader r = new Reader(text);
        r.space();
        Object value = r.value(0);
        r.space();
        if (r.at < text.length()) {
            throw r.error("text after the end of the JSON value");
        }
        return value;
    }

    private static final class Reader {
        private final String s;
        private int at;

        Reader(String s) {
            this.s = s;
        }

        Malformed error(String what) {
            return new Malformed(what + " at offset " + at + " of the JSON header");
        }

        void space() {
            while (at < s.length() && (s.charAt(at) == ' ' || s.charAt(at) == '\n' || s.charAt(at) == '\r' || s.charAt(at) == '\t')) {
                at++;
            }
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH);
            }
            if (at >= s.length()) {
                throw error("the JSON ends early");
            }
            char c = s.charAt(at);
            switch (c) {
                case '{':
                    return object(depth);
                case '[':
                    return array(depth);
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw error("unexpected '" + c + "'");
            }
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, at)) {
                throw error("expected " + word);
            }
            at += word.length();
            return value;
        }

        private Map<String, Object> object(int depth) {
            Map<String, Object> map = new LinkedHashMap<>();
            at++;
            space();
            if (at < s.length() && s.charAt(at) == '}') {
                at++;
                return map;
            }
            while (true) {
                space();
                if (at >= s.length() || s.charAt(at) != '"') {
                    throw error("expected a key in quotes");
                }
                String key = string();
                space();
                expect(':');
                space();
                Object value = value(depth + 1);
                if (map.containsKey(key)) {
                    throw error("the key \"" + key + "\" appears twice");
                }
                map.put(key, value);
                space();
                if (at < s.length() && s.charAt(at) == ',') {
                    at++;
                    continue;
                }
                expect('}');
                return map;
            }
        }

        private List<Object> array(int depth) {
            List<Object> list = new ArrayList<>();
            at++;
            space();
            if (at < s.length() && s.charAt(at) == ']') {
                at++;
                return Collections.unmodifiableList(list);
            }
            while (true) {
                space();
                list.add(value(depth + 1));
                space();
                if (at < s.length() && s.charAt(at) == ',') {
                    at++;
                    continue;
                }
                expect(']');
                return Collections.unmodifiableList(list);
            }
        }

        private void expect(char c) {
            if (at >= s.length() || s.charAt(at) != c) {
                throw error("expected '" + c + "'");
            }
            at++;
        }

        private String string() {
            at++;
            StringBuilder out = new StringBuilder();
            while (true) {
                if (at >= s.length()) {
                    throw error("a string is not closed");
                }
                char c = s.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw error("a control character inside a string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (at >= s.length()) {
                    throw error("a string is not closed");
                }
                char e = s.charAt(at++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (at + 4 > s.length()) {
                            throw error("a \\u escape is cut short");
                        }
                        try {
                            out.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("a \\u escape is not hexadecimal");
                        }
                        at += 4;
                    }
                    default -> throw error("an unknown escape \\" + e);
                }
            }
        }

        private Num number() {
            int start = at;
            if (s.charAt(at) == '-') {
                at++;
            }
            int digits = at;
            while (at < s.length() && Character.isDigit(s.charAt(at))) {
                at++;
            }
            if (at == digits) {
                throw error("a number without digits");
            }
            if (at < s.length() && s.charAt(at) == '.') {
                at++;
                int fraction = at;
                while (at < s.length() && Character.isDigit(s.charAt(at))) {
                    at++;
                }
                if (at == fraction) {
                    throw error("a number without digits after the point");
                }
            }
            if (at < s.length() && (s.charAt(at) == 'e' || s.charAt(at) == 'E')) {
                at++;
                if (at < s.length() && (s.charAt(at) == '+' || s.charAt(at) == '-')) {
                    at++;
                }
                int exponent = at;
                while (at < s.length() && Character.isDigit(s.charAt(at))) {
                    at++;
                }
                if (at == exponent || at - exponent > 4) {
                    throw error("a number with a missing or oversized exponent");
                }
            }
            return new Num(s.substring(start, at));
        }
    }
}
