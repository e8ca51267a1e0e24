package dev.nnj.core;

import java.util.Map;

/**
 * Rebuilds a layer from its entry in a model file's architecture: one case per kind of layer,
 * each checking the sizes it declares against the tensors in the file before allocating anything.
 * A layer kind missing here fails {@code ModelFileTest}'s round trip of every kind.
 */
final class LayerCodec {

    private LayerCodec() {
    }

    /** The architecture entry of one layer: its kind, version and configuration. */
    static String encode(Operation op) {
        Json.ObjectWriter w = new Json.ObjectWriter().put("kind", op.kind()).put("version", op.version());
        op.writeConfig(w);
        return w.toString();
    }

    /**
     * Builds layer {@code index} from its architecture entry. Its tensors are not filled in yet,
     * but their entries in {@code file} are known to exist with the shapes the configuration implies.
     *
     * @throws IllegalArgumentException naming the file, the layer and what is wrong
     */
    static Operation decode(Object entry, int index, SafeTensors file, String where) {
        if (!(entry instanceof Map)) {
            throw new IllegalArgumentException(where + "the architecture is damaged: layer " + index + " is not a JSON object.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) entry;
        String layer = "layer " + index;
        String kind = text(config, "kind", layer, where);
        int version = whole(config, "version", layer, where);
        Operation op;
        try {
            op = build(kind, config, index, file, where, layer);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(where)) {
                throw e;
            }
            throw new IllegalArgumentException(where + layer + " (" + kind + ") is damaged: " + e.getMessage(), e);
        }
        if (version > op.version()) {
            throw new IllegalArgumentException(where + layer + " (" + kind + ") is stored in version " + version
                    + ", but this nnj reads " + kind + " layers up to version " + op.version() + "; upgrade nnj to load it.");
        }
        return op;
    }

    private static Operation build(String kind, Map<String, Object> config, int index, SafeTensors file, String where,
                                   String layer) {
        Operation op;
        switch (kind) {
            case "dense": {
                int in = whole(config, "in", layer, where);
                int out = whole(config, "out", layer, where);
                try {
                    Dense.checkSizes(in, out);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + "the architecture is damaged: " + layer + " is " + e.getMessage(), e);
                }
                expect(file, index + ".weight", where, out, in);
                expect(file, index + ".bias", where, out);
                op = new Dense(in, out, initializer(config, layer, where));
                break;
            }
            case "normalization": {
                int width = whole(config, "width", layer, where);
                float[] center = new float[expect(file, index + ".center", where, width)];
                float[] spread = new float[expect(file, index + ".spread", where, width)];
                file.readFloats(file.entry(index + ".center"), center);
                file.readFloats(file.entry(index + ".spread"), spread);
                try {
                    op = new Normalization(center, spread);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + layer + " is damaged: " + e.getMessage(), e);
                }
                break;
            }
            case "dropout":
                op = new Dropout(number(config, "rate", layer, where).floatValue());
                break;
            case "batchNorm": {
                int width = whole(config, "width", layer, where);
                for (String tensor : new String[] {"weight", "bias", "running_mean", "running_var"}) {
                    expect(file, index + "." + tensor, where, width);
                }
                try {
                    op = new BatchNorm(width, number(config, "momentum", layer, where).floatValue(),
                            number(config, "epsilon", layer, where).floatValue());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + layer + " is damaged: " + e.getMessage(), e);
                }
                break;
            }
            case "leakyRelu":
                op = new LeakyRelu(number(config, "slope", layer, where).floatValue());
                break;
            case "sigmoid":
                op = new Sigmoid();
                break;
            case "tanh":
                op = new Tanh();
                break;
            case "relu":
                op = new Relu();
                break;
            case "softmax":
                op = new Softmax();
                break;
            case "identity":
                op = new Identity();
                break;
            default:
                throw new IllegalArgumentException(where + layer + " is of kind '" + kind + "', which this nnj does not know;"
                        + " the file was written by a newer nnj (upgrade nnj to load it) or is damaged.");
        }
        return op;
    }

    private static Initializer initializer(Map<String, Object> config, String layer, String where) {
        Object name = config.get("init");
        if (name == null) {
            return Initializers.auto();
        }
        Init.Scheme scheme = name instanceof String ? Init.Scheme.named((String) name) : null;
        if (scheme == null) {
            throw new IllegalArgumentException(where + layer + " names the initializer '" + name + "', which this nnj does not"
                    + " know; the file was written by a newer nnj (upgrade nnj to load it) or is damaged.");
        }
        float a = config.containsKey("initA") ? number(config, "initA", layer, where).floatValue() : 0f;
        float b = config.containsKey("initB") ? number(config, "initB", layer, where).floatValue() : 0f;
        return new Init(scheme, a, b);
    }

    /** Checks that {@code name} is an F32 tensor of the given shape in the file; returns its element count. */
    static int expect(SafeTensors file, String name, String where, long... shape) {
        SafeTensors.Entry e = file.entry(name);
        if (e == null) {
            throw new IllegalArgumentException(where + "the file has no tensor '" + name + "', which its architecture needs;"
                    + " the file is damaged or was not written by nnj.");
        }
        if (!e.dtype().equals("F32") || !java.util.Arrays.equals(e.shape(), shape)) {
            throw new IllegalArgumentException(where + "tensor '" + name + "' is " + e.dtype() + " " + e.shapeText()
                    + ", but the architecture needs F32 " + new SafeTensors.Entry(name, "F32", shape, 0, 0).shapeText() + ".");
        }
        return (int) e.count();
    }

    private static String text(Map<String, Object> config, String key, String layer, String where) {
        Object v = config.get(key);
        if (!(v instanceof String)) {
            throw new IllegalArgumentException(where + "the architecture is damaged: " + layer + " has no '" + key + "'.");
        }
        return (String) v;
    }

    private static Json.Num number(Map<String, Object> config, String key, String layer, String where) {
        Object v = config.get(key);
        if (!(v instanceof Json.Num)) {
            throw new IllegalArgumentException(where + "the architecture is damaged: " + layer + " has no number '" + key + "'.");
        }
        return (Json.Num) v;
    }

    private static int whole(Map<String, Object> config, String key, String layer, String where) {
        try {
            return number(config, key, layer, where).intValue(layer + " " + key);
        } catch (Json.Malformed e) {
            throw new IllegalArgumentException(where + "the architecture is damaged: " + e.getMessage() + ".", e);
        }
    }
}
