package dev.nnj.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How nnj writes a file (a model, a checkpoint, an ONNX export, a picture): a whole file or
 * nothing. The bytes go to a temporary file beside the target, are forced to disk, and the file is
 * moved into place; a failure removes the temporary file and leaves any file already there as it was.
 * <pre>{@code
 * AtomicWrite.write(bytes, Path.of("model.nnj"), "save");
 * }</pre>
 */
public final class AtomicWrite {

    private AtomicWrite() {
    }

    /**
     * Refuses, before any work is done, a target that is a folder or lies in a folder that does not exist.
     *
     * @throws IllegalArgumentException for a folder; {@link UncheckedIOException} for a missing folder
     */
    public static void check(Path path, String where) {
        Path target = path.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new IllegalArgumentException(where + ": " + target + " is a folder; give a file name in it, e.g. "
                    + target.resolve("file") + ".");
        }
        if (!Files.isDirectory(target.getParent())) {
            throw missingFolder(target, where, null);
        }
    }

    /**
     * Writes {@code bytes} to {@code path} as described above; {@code where} names the caller in messages.
     *
     * @throws UncheckedIOException naming the file and the reason if it cannot be written
     */
    public static void write(byte[] bytes, Path path, String where) {
        Path target = path.toAbsolutePath();
        Path directory = target.getParent();
        Path temporary = null;
        try {
            // Not Files.createTempFile: that makes the file owner-only, and the move would keep it so.
            // CREATE_NEW gives the permissions of any new file (the umask) and never reuses a name.
            temporary = directory.resolve("." + target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".partial");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (NoSuchFileException e) {
            throw missingFolder(target, where, e);
        } catch (AccessDeniedException e) {
            throw new UncheckedIOException(where + ": permission denied writing " + target
                    + "; choose a folder you can write to.", e);
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": could not write " + target + " (" + e
                    + "); any file already there was left as it was.", e);
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

    private static UncheckedIOException missingFolder(Path target, String where, NoSuchFileException cause) {
        NoSuchFileException e = cause != null ? cause : new NoSuchFileException(target.getParent().toString());
        return new UncheckedIOException(where + ": cannot write " + target + ": the folder " + target.getParent()
                + " does not exist; create it first (Files.createDirectories).", e);
    }
}
