package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the tensors of a safetensors file into a model that already exists, for
 * {@link Sequential#loadWeights}: the state_dict of a PyTorch {@code nn.Sequential} saved with
 * {@code safetensors.torch.save_file}, or another nnj model file of the same layers.
 *
 * <p>Names go by layer position, as PyTorch names the modules of an {@code nn.Sequential}: the
 * model's layer i takes {@code i.weight} and {@code i.bias} (dense: out x in, as PyTorch's Linear
 * stores them), {@code i.running_mean} and {@code i.running_var} (batch norm), {@code i.center} and
 * {@code i.spread} (normalization). Every tensor the model holds must be in the file as F32 with
 * its shape; the file may hold nothing else, except batch norm's {@code i.num_batches_tracked}
 * (PyTorch's I64 step counter, which nnj has no use for) and a checkpoint's run state. Everything
 * is checked, every problem listed, before any value of the model changes.
 */
final class WeightsFile {

    /** The misfits a message lists; a file of another model entirely would otherwise give a page. */
    static final int MAX_LISTED = 12;

    private WeightsFile() {
    }

    /**
     * The model's new tensor values, read from {@code path} into layer copies (which also checks
     * what a layer checks of its values, such as a normalisation's non-zero spread).
     *
     * @throws IllegalArgumentException naming the file and every tensor that is missing, unexpected,
     *                                  of the wrong shape or type, or not finite
     */
    static Operation[] read(Sequential model, Path path) {
        String source = path.toString();
        SafeTensors.Wording wording = SafeTensors.Wording.weights(source);
        String where = wording.where();
        SafeTensors file = SafeTensors.parse(ModelFile.read(path, "loadWeights"), source, wording);
        boolean nnjFile = ModelFile.FORMAT.equals(file.metadata.get("format"));
        if (nnjFile) {
            ModelFile.checkIntegrity(file, where);
        }
        Operation[] layers = model.operations();
        List<String> problems = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < layers.length; i++) {
            for (Tensor t : layers[i].tensors()) {
                String name = i + "." + t.name();
                used.add(name);
                SafeTensors.Entry e = file.entry(name);
                long[] shape = t.fileShape();
                String needed = "layer " + i + " " + layers[i] + " needs F32 " + shapeText(shape);
                if (e == null) {
                    problems.add("missing " + name + " (" + needed + ")");
                } else if (!e.dtype().equals("F32") || !Arrays.equals(e.shape(), shape)) {
                    problems.add(name + " is " + e.dtype() + " " + e.shapeText() + ", but " + needed + hint(e, t));
                }
            }
        }
        for (SafeTensors.Entry e : file.entries.values()) {
            if (!used.contains(e.name()) && !ignored(e, layers) && !(nnjFile && file.metadata.containsKey("checkpoint")
                    && Checkpoint.isRunState(e.name()))) {
                problems.add("unexpected " + e.name() + " (" + e.dtype() + " " + e.shapeText() + ")");
            }
        }
        if (!problems.isEmpty()) {
            String listed = String.join("; ", problems.subList(0, Math.min(problems.size(), MAX_LISTED)))
                    + (problems.size() > MAX_LISTED ? "; and " + (problems.size() - MAX_LISTED) + " more" : "");
            throw new IllegalArgumentException(where + "the file does not fit the model " + model + ": " + listed
                    + ". Tensors are named by layer position, as in a PyTorch nn.Sequential of the same layers"
                    + " (docs/interop.md); the model was not changed.");
        }
        Operation[] loaded = new Operation[layers.length];
        Kernels kernels = Kernels.active();
        for (int i = 0; i < layers.length; i++) {
            loaded[i] = layers[i].copy();
            try {
                ModelFile.fill(loaded[i], i, file, where, new HashSet<>());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "layer " + i + " " + layers[i] + " cannot take these values: "
                        + e.getMessage() + " The model was not changed.", e);
            }
            for (Tensor t : loaded[i].tensors()) {
                float[] values = t.value().data();
                int bad = kernels.indexOfFirstOutside(t.value().rows() * t.value().cols(), values, 0, -Float.MAX_VALUE, Float.MAX_VALUE);
                if (bad >= 0) {
                    throw new IllegalArgumentException(where + "tensor " + i + "." + t.name() + " holds " + values[bad] + " at "
                            + Arrays.toString(fileIndex(t, bad)) + "; every weight must be a finite number. The model was not changed.");
                }
            }
        }
        return loaded;
    }

    /** Copies the values of {@code loaded} (from {@link #read}) into the model's layers; the caller holds the model. */
    static void replace(Sequential model, Operation[] loaded) {
        Operation[] layers = model.operations();
        for (int i = 0; i < layers.length; i++) {
            List<Tensor> target = layers[i].tensors();
            List<Tensor> source = loaded[i].tensors();
            for (int t = 0; t < target.size(); t++) {
                float[] from = source.get(t).value().data();
                System.arraycopy(from, 0, target.get(t).value().data(), 0, from.length);
            }
            layers[i].tensorsLoaded();
        }
    }

    /** The position of held element {@code index} in the file's layout, as PyTorch would index it. */
    private static int[] fileIndex(Tensor t, int index) {
        int cols = t.value().cols();
        int r = index / cols;
        int c = index % cols;
        switch (t.layout()) {
            case VECTOR:
                return new int[] {index};
            case TRANSPOSED:
                return new int[] {c, r};
            default:
                return new int[] {r, c};
        }
    }

    /** PyTorch's BatchNorm step counter: an I64 scalar nnj has no use for. */
    private static boolean ignored(SafeTensors.Entry e, Operation[] layers) {
        int dot = e.name().indexOf('.');
        if (dot < 1 || !e.name().substring(dot + 1).equals("num_batches_tracked") || !e.dtype().equals("I64") || e.count() != 1) {
            return false;
        }
        try {
            int i = Integer.parseInt(e.name().substring(0, dot));
            return i < layers.length && layers[i] instanceof BatchNorm;
        } catch (NumberFormatException notAPosition) {
            return false;
        }
    }

    private static String hint(SafeTensors.Entry e, Tensor t) {
        long[] shape = t.fileShape();
        if (!e.dtype().equals("F32")) {
            return " (save float32 tensors: net.float() before saving)";
        }
        if (shape.length == 2 && Arrays.equals(e.shape(), new long[] {shape[1], shape[0]})) {
            return " (it looks transposed: PyTorch's Linear stores out x in, the file must too)";
        }
        return "";
    }

    private static String shapeText(long[] shape) {
        return new SafeTensors.Entry("", "F32", shape, 0, 0).shapeText();
    }
}
