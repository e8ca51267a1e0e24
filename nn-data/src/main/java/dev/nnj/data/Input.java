package dev.nnj.data;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Bytes in, with errors a user can act on: opening a file (missing, a directory, permission denied),
 * reading a stream whole, and gunzipping it completely — checksum included — before anything is
 * parsed, so a damaged {@code .gz} is always refused and never half-read.
 */
final class Input {

    /** The largest array the JVM allocates; files and streams above it are refused, not attempted. */
    static final int MAX_BYTES = Integer.MAX_VALUE - 16;

    /**
     * The most bytes read into memory at once: one Java array, and a third of the heap — parsing a
     * text takes about three times its size (the bytes, the cells' characters, their offsets).
     */
    static long limit() {
        return Math.min(MAX_BYTES, Runtime.getRuntime().maxMemory() / 3);
    }

    private static IllegalArgumentException tooLarge(String who, String what, long bytes, boolean atLeast, long limit) {
        String size = (atLeast ? "more than " : "") + (bytes >= 1 << 20 ? bytes / (1 << 20) + " MB" : bytes + " bytes");
        if (limit >= MAX_BYTES) {
            return new IllegalArgumentException(who + ": " + what + " holds " + size + ", more than nnj reads into memory"
                    + " at once (2 GiB). Split it into smaller files.");
        }
        return new IllegalArgumentException(who + ": " + what + " holds " + size + "; reading it takes about three times"
                + " that, more than a third of this JVM's heap (" + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB, set"
                + " by -Xmx). Give the JVM more memory with -Xmx, or split the file.");
    }

    private Input() {
    }

    /** Whether the bytes start with gzip's signature {@code 1f 8b}. */
    static boolean gzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    /** "iris.csv": the file name for messages (the whole path for a path without a name). */
    static String name(Path file) {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }

    /**
     * Checks that the file exists, is not a directory, and can be opened, and opens it.
     *
     * @param who the method for messages, e.g. {@code "TabularData.csv"}
     * @throws IllegalArgumentException if the file is missing, a directory, or cannot be read (permission denied)
     * @throws UncheckedIOException     for any other failure to open it, naming the file and the reason
     */
    static InputStream open(Path file, String who) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(who + ": " + file.toAbsolutePath() + " is a directory; give the path of a"
                    + " file in it.");
        }
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw openFailure(file, who, e);
        }
    }

    /** The exception for a file that could not be opened or read; package-private for a test without a real one. */
    static RuntimeException openFailure(Path file, String who, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new IllegalArgumentException(who + ": file " + file.toAbsolutePath() + " does not exist. Check the path"
                    + " (a relative path is resolved against the working directory " + Path.of("").toAbsolutePath() + ").", e);
        }
        if (e instanceof AccessDeniedException) {
            return new IllegalArgumentException(who + ": file " + file.toAbsolutePath() + " cannot be read: permission"
                    + " denied. Check its permissions (ls -l) and those of its directories, or run as a user who may read it.", e);
        }
        String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return new UncheckedIOException(who + ": could not read file " + file.toAbsolutePath() + ": " + reason + ".", e);
    }

    /**
     * Reads a whole file.
     *
     * @throws IllegalArgumentException if it is missing, a directory, unreadable, or larger than {@link #limit()}
     * @throws UncheckedIOException     if reading fails for another reason
     */
    static byte[] readFile(Path file, String who) {
        try (InputStream in = open(file, who)) {
            long length = Files.size(file);
            long limit = limit();
            String what = "file " + file.toAbsolutePath();
            if (length > limit) {
                throw tooLarge(who, what, length, false, limit);
            }
            // The length is a hint (a pipe or a file in /proc reports 0, a growing file more): read what is there.
            byte[] bytes = in.readNBytes((int) length);
            int next = in.read();
            if (next < 0) {
                return bytes;
            }
            byte[] rest = readAll(in, who, what, limit - bytes.length - 1);
            if ((long) bytes.length + 1 + rest.length > limit) {
                throw tooLarge(who, what, (long) bytes.length + 1 + rest.length, true, limit);
            }
            byte[] all = Arrays.copyOf(bytes, bytes.length + 1 + rest.length);
            all[bytes.length] = (byte) next;
            System.arraycopy(rest, 0, all, bytes.length + 1, rest.length);
            return all;
        } catch (IOException e) {
            throw openFailure(file, who, e);
        }
    }

    /**
     * Reads a stream to its end in chunks (without knowing its length), refusing one above {@link #limit()}.
     *
     * @param what "file iris.csv" or "iris.csv", for messages
     */
    static byte[] readAll(InputStream in, String who, String what) throws IOException {
        return readAll(in, who, what, limit());
    }

    /** As {@link #readAll(InputStream, String, String)}, refusing a stream of more than {@code limit} bytes. */
    static byte[] readAll(InputStream in, String who, String what, long limit) throws IOException {
        return readAll(in, who, what, limit, MAX_BYTES);
    }

    /** As above, with arrays of at most {@code maxArray} bytes (the JVM's limit; smaller in tests). */
    static byte[] readAll(InputStream in, String who, String what, long limit, int maxArray) throws IOException {
        byte[] buffer = new byte[(int) Math.min(1 << 16, Math.min(maxArray, Math.max(1, limit + 1)))];
        int size = 0;
        while (true) {
            if (size == buffer.length) {
                if (size > limit) {
                    throw tooLarge(who, what, size, true, limit);
                }
                if (size >= maxArray) {
                    // No larger array exists: the stream must end here (growing "again" would loop forever).
                    if (in.read() < 0) {
                        return buffer;
                    }
                    throw tooLarge(who, what, size, true, limit);
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(Math.min(maxArray, limit + 1), 2L * size));
            }
            int n = in.read(buffer, size, buffer.length - size);
            if (n < 0) {
                return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
            }
            size += n;
        }
    }

    /**
     * Gunzips all of {@code gz}, checking the CRC-32 and length in its trailer before returning, so a
     * damaged or truncated file is refused before anything reads its content.
     *
     * @param what "file data.csv.gz", for messages
     * @throws IllegalArgumentException naming the file if it is damaged, truncated or inflates beyond {@link #limit()}
     */
    static byte[] gunzip(byte[] gz, String who, String what) {
        return gunzip(gz, who, what, limit());
    }

    /** As {@link #gunzip(byte[], String, String)}, refusing content of more than {@code limit} bytes. */
    static byte[] gunzip(byte[] gz, String who, String what, long limit) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz), 1 << 16)) {
            return readAll(in, who, what + " (gunzipped)", limit);
        } catch (IOException e) {
            throw gzipFailure(e, who, what);
        }
    }

    /** A clear message for what GZIPInputStream and zlib throw on a damaged or truncated stream. */
    static IllegalArgumentException gzipFailure(IOException e, String who, String what) {
        String detail = e.getMessage();
        String reason;
        if (e instanceof EOFException) {
            reason = "is truncated: its gzip data ends before the end of the compressed stream";
        } else if (detail != null && detail.contains("Corrupt GZIP trailer")) {
            reason = "is damaged: its content does not match the CRC-32 checksum or length stored in its gzip trailer";
        } else if (detail != null && (detail.contains("GZIP header") || detail.contains("Not in GZIP format")
                || detail.contains("compression method"))) {
            reason = "is damaged: its gzip header is invalid";
        } else if (e instanceof ZipException) {
            reason = "is damaged: its compressed data is corrupt" + (detail == null ? "" : " (zlib: " + detail.toLowerCase(Locale.ROOT) + ")");
        } else {
            return new IllegalArgumentException(who + ": could not gunzip " + what + ": " + (detail == null
                    ? e.getClass().getSimpleName() : detail) + ".", e);
        }
        return new IllegalArgumentException(who + ": " + what + " " + reason + ". Download or copy it again (gunzip -t"
                + " checks a .gz file).", e);
    }
}
