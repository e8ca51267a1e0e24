package dev.nnj.spark;

import dev.nnj.core.History;
import dev.nnj.core.Stepper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * A Spark run's checkpoint, one file: the model's bytes (nnj's model file), the optimizer's state,
 * where the run stands (epoch, next batch, round, the epoch's loss so far), the epochs recorded and
 * the settings it must be resumed with; a CRC-32 over all of it. Written to a temporary file beside
 * the target and moved into place, so a crash never leaves half a checkpoint.
 *
 * <p>Layout (big-endian, as DataOutputStream writes): "NNJSPARK", int version 1, UTF settings, int
 * epoch, int next batch, long rounds, double loss sum, double normalizer, double seconds, int epochs
 * recorded then per epoch int number and six floats (loss, accuracy, validation loss, validation
 * accuracy, learning rate) and a double (seconds), int model length and its bytes, long steps, float
 * rate, float plateau best, int plateau waited, int arrays then per array UTF name, int length and
 * the floats; finally long CRC-32 of everything before it.
 */
final class SparkCheckpoint {

    private static final byte[] MAGIC = "NNJSPARK".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** 2: the settings as a length and UTF-8 bytes (writeUTF's 64 KB limit broke runs of thousands of partitions). */
    private static final int VERSION = 2;

    /** Where a run stands after a round. */
    record Position(int epoch, int nextBatch, long rounds, double lossSum, double normalizer, double seconds) {
    }

    record Contents(String settings, Position position, List<History.Epoch> epochs, byte[] model, Stepper.State state) {
    }

    private SparkCheckpoint() {
    }

    /** A length read from the file, refused when the file cannot hold it (a damaged file must not make us allocate). */
    private static int checkedLength(int length, int fileLength, String where) {
        if (length < 0 || length > fileLength) {
            throw new IllegalArgumentException(where + "damaged checkpoint: a length of " + length + " in a file of " + fileLength
                    + " bytes; write a new checkpoint.");
        }
        return length;
    }

    static void write(Path file, Contents c) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            byte[] settings = c.settings().getBytes(StandardCharsets.UTF_8);
            out.writeInt(settings.length);
            out.write(settings);
            Position p = c.position();
            out.writeInt(p.epoch());
            out.writeInt(p.nextBatch());
            out.writeLong(p.rounds());
            out.writeDouble(p.lossSum());
            out.writeDouble(p.normalizer());
            out.writeDouble(p.seconds());
            out.writeInt(c.epochs().size());
            for (History.Epoch e : c.epochs()) {
                out.writeInt(e.number());
                out.writeFloat(e.loss());
                out.writeFloat(e.accuracy());
                out.writeFloat(e.validationLoss());
                out.writeFloat(e.validationAccuracy());
                out.writeFloat(e.learningRate());
                out.writeDouble(e.seconds());
            }
            out.writeInt(c.model().length);
            out.write(c.model());
            Stepper.State s = c.state();
            out.writeLong(s.steps());
            out.writeFloat(s.learningRate());
            out.writeFloat(s.plateauBest());
            out.writeInt(s.plateauWaited());
            out.writeInt(s.optimizer().size());
            for (Map.Entry<String, float[]> e : s.optimizer().entrySet()) {
                out.writeUTF(e.getKey());
                writeFloats(out, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = bytes.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteBuffer all = ByteBuffer.allocate(body.length + Long.BYTES).put(body).putLong(crc.getValue());
        writeWhole(all.array(), file);
    }

    /**
     * Writes the file whole or not at all: a temporary file of its own beside the target, forced to
     * disk, then moved into place; a failure removes the temporary file and leaves an older checkpoint
     * as it was. (The same steps as nn-core's internal {@code AtomicWrite}, which nn-spark cannot call:
     * Spark runs it on the class path, out of reach of a module's qualified export.)
     */
    private static void writeWhole(byte[] bytes, Path file) {
        Path target = file.toAbsolutePath();
        Path temporary = target.resolveSibling("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".partial");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("SparkTraining.checkpoint: cannot write " + file + " (" + e.getMessage()
                    + "); the previous checkpoint, if any, is kept.", e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // The move succeeded or the write failed; either way the target is whole.
            }
        }
    }

    /**
     * Reads a checkpoint.
     *
     * @throws IllegalArgumentException naming the file, if it is missing, no Spark checkpoint, of another version, or damaged
     */
    static Contents read(Path file) {
        String where = "SparkTraining.resumeFrom " + file + ": ";
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + "cannot read it (" + e + ").", e);
        }
        if (all.length < MAGIC.length + Long.BYTES || !java.util.Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException(where + "not a Spark training checkpoint (they are written by"
                    + " SparkTraining.checkpoint(path, everyRounds)); a model file is read with Sequential.load.");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - Long.BYTES);
        long stored = ByteBuffer.wrap(all, all.length - Long.BYTES, Long.BYTES).order(ByteOrder.BIG_ENDIAN).getLong();
        if (stored != crc.getValue()) {
            throw new IllegalArgumentException(where + "the file is damaged (its CRC-32 does not match); use an older checkpoint.");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - Long.BYTES))) {
            in.skipNBytes(MAGIC.length);
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException(where + "checkpoint version " + version + "; this nn-spark reads version " + VERSION + ".");
            }
            String settings = new String(in.readNBytes(checkedLength(in.readInt(), all.length, where)), StandardCharsets.UTF_8);
            Position p = new Position(in.readInt(), in.readInt(), in.readLong(), in.readDouble(), in.readDouble(), in.readDouble());
            int count = in.readInt();
            List<History.Epoch> epochs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                epochs.add(new History.Epoch(in.readInt(), in.readFloat(), in.readFloat(), in.readFloat(), in.readFloat(), in.readFloat(),
                        in.readDouble()));
            }
            byte[] model = new byte[in.readInt()];
            in.readFully(model);
            long steps = in.readLong();
            float rate = in.readFloat();
            float best = in.readFloat();
            int waited = in.readInt();
            int arrays = in.readInt();
            LinkedHashMap<String, float[]> named = new LinkedHashMap<>();
            for (int i = 0; i < arrays; i++) {
                String name = in.readUTF();
                named.put(name, readFloats(in));
            }
            return new Contents(settings, p, epochs, model, new Stepper.State(named, steps, rate, best, waited));
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalArgumentException(where + "the file is damaged (" + e + "); use an older checkpoint.", e);
        }
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available() / Float.BYTES) {
            throw new IOException("an array claims " + n + " values, more than the file holds");
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readFloat();
        }
        return v;
    }
}
