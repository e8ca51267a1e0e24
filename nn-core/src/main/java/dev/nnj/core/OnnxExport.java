package dev.nnj.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model as an ONNX graph (opset 13, IR version 7), for {@link Sequential#exportOnnx}. One float
 * input {@code "input"} of shape [batch, inputs] and one output {@code "output"} of shape
 * [batch, outputs]; the batch dimension is symbolic, so any number of rows can be run. Each layer
 * becomes the ONNX operators that compute what nnj's {@code predict} computes:
 * <pre>
 * dense          Gemm(x, i.weight, i.bias), transB = 1: the weight stored out x in, PyTorch's layout
 * normalization  Mul(x, i.scale) then Add(·, i.shift), with scale = 1 / spread and shift = −center / spread,
 *                the multiply-add form nnj itself computes, so the two agree to the bit
 * batchNorm      BatchNormalization(x, i.weight, i.bias, i.running_mean, i.running_var), epsilon as set
 * dropout        Identity: dropout passes data through at prediction
 * sigmoid, tanh, relu, identity   Sigmoid, Tanh, Relu, Identity
 * leakyRelu      LeakyRelu, alpha = the slope
 * softmax        Softmax over axis 1 (each row)
 * </pre>
 * Dense and batch norm initializers are named like the model file's tensors ({@code 0.weight},
 * {@code 3.running_var}), with the same shapes and values. Batch norm stays a BatchNormalization node rather than being
 * folded into the dense layer before it: it may follow any layer (an activation, the input), and
 * folding would change the rounding of every weight. The protobuf is written by {@link Protobuf};
 * the field numbers are those of onnx/onnx.proto.
 */
final class OnnxExport {

    /** The operator set: 13 (ONNX 1.8, 2020), which ONNX Runtime reads since its version 1.6 and every current tool reads. */
    static final int OPSET = 13;
    /** The IR version that goes with opset 13. */
    static final int IR_VERSION = 7;
    static final String INPUT = "input";
    static final String OUTPUT = "output";
    /** The name of the symbolic batch dimension. */
    static final String BATCH = "batch";
    /** A protobuf message is at most 2 GiB; this leaves room for the graph around the weights. */
    static final long MAX_WEIGHT_BYTES = Integer.MAX_VALUE - (16L << 20);

    // onnx.proto's field numbers and enum values.
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_DOC_STRING = 6;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int OPSET_VERSION = 2;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int NODE_DOC_STRING = 6;
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_F = 2;
    private static final int ATTRIBUTE_I = 3;
    private static final int ATTRIBUTE_TYPE = 20;
    private static final int ATTRIBUTE_TYPE_FLOAT = 1;
    private static final int ATTRIBUTE_TYPE_INT = 2;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int FLOAT = 1;
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR_TYPE = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private final List<Protobuf> nodes = new ArrayList<>();
    private final List<Protobuf> initializers = new ArrayList<>();

    private OnnxExport() {
    }

    /**
     * The ONNX model's bytes (a serialised ModelProto).
     *
     * @throws IllegalArgumentException if the weights do not fit in one ONNX file (2 GiB)
     */
    static byte[] encode(Sequential model) {
        Operation[] layers = model.operations();
        long bytes = 0;
        for (Operation op : layers) {
            for (Tensor t : op.tensors()) {
                bytes += (long) t.value().rows() * t.value().cols() * Float.BYTES;
            }
        }
        checkSize(bytes);
        OnnxExport graph = new OnnxExport();
        String value = INPUT;
        for (int i = 0; i < layers.length; i++) {
            String output = i == layers.length - 1 ? OUTPUT : i + "." + layers[i].kind();
            graph.layer(layers[i], i, value, output);
            value = output;
        }
        Protobuf g = new Protobuf();
        for (Protobuf node : graph.nodes) {
            g.message(GRAPH_NODE, node);
        }
        g.string(GRAPH_NAME, "nnj");
        for (Protobuf initializer : graph.initializers) {
            g.message(GRAPH_INITIALIZER, initializer);
        }
        int inputWidth = model.inputWidth();
        g.message(GRAPH_INPUT, valueInfo(INPUT, inputWidth));
        g.message(GRAPH_OUTPUT, valueInfo(OUTPUT, model.outputWidth(inputWidth)));
        return new Protobuf()
                .varint(MODEL_IR_VERSION, IR_VERSION)
                .string(MODEL_PRODUCER_NAME, "nnj")
                .string(MODEL_DOC_STRING, model.toString())
                .message(MODEL_GRAPH, g)
                .message(MODEL_OPSET_IMPORT, new Protobuf().varint(OPSET_VERSION, OPSET))   // the default domain, ai.onnx
                .toByteArray();
    }

    /** Refuses weights that one protobuf message cannot hold, before anything is written. */
    static void checkSize(long weightBytes) {
        if (weightBytes > MAX_WEIGHT_BYTES) {
            throw new IllegalArgumentException("exportOnnx: the model's weights take " + weightBytes + " bytes, but an ONNX"
                    + " file holds at most 2 GiB in one protobuf message (larger models need ONNX's external-data form,"
                    + " which nnj does not write). Use smaller layers, or save the model with model.save(path).");
        }
    }

    /** Adds the nodes and initializers of layer {@code i}, reading {@code input} and writing {@code output}. */
    private void layer(Operation op, int i, String input, String output) {
        // The layer's settings as the model file records them, so the export follows the file format.
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) Json.parse(LayerCodec.encode(op));
        String name = i + "." + op.kind();
        String doc = op.toString();
        switch (op.kind()) {
            case "dense":
                tensors(op, i);
                nodes.add(node(name, "Gemm", doc, output, input, i + ".weight", i + ".bias").message(NODE_ATTRIBUTE, intAttribute("transB", 1)));
                break;
            case "normalization": {
                Normalization n = (Normalization) op;
                float[] center = n.center();
                float[] spread = n.spread();
                float[] scale = new float[center.length];
                float[] shift = new float[center.length];
                for (int j = 0; j < center.length; j++) {
                    scale[j] = 1f / spread[j];   // as Normalization computes them
                    shift[j] = -center[j] / spread[j];
                }
                initializers.add(tensor(i + ".scale", new long[] {scale.length}, ModelFile.littleEndian(scale)));
                initializers.add(tensor(i + ".shift", new long[] {shift.length}, ModelFile.littleEndian(shift)));
                String scaled = name + ".scaled";
                String why = doc + ": (x − center) / spread as x · (1 / spread) + (−center / spread)";
                nodes.add(node(name + ".scale", "Mul", why, scaled, input, i + ".scale"));
                nodes.add(node(name, "Add", why, output, scaled, i + ".shift"));
                break;
            }
            case "batchNorm":
                tensors(op, i);
                nodes.add(node(name, "BatchNormalization", doc + ": at prediction, with the running statistics", output,
                        input, i + ".weight", i + ".bias", i + ".running_mean", i + ".running_var")
                        .message(NODE_ATTRIBUTE, floatAttribute("epsilon", number(config, "epsilon")))
                        // ONNX's momentum weighs the old running value, nnj's (and PyTorch's) the new batch.
                        .message(NODE_ATTRIBUTE, floatAttribute("momentum", 1f - number(config, "momentum"))));
                break;
            case "dropout":
                nodes.add(node(name, "Identity", doc + ": passes data through at prediction", output, input));
                break;
            case "leakyRelu":
                nodes.add(node(name, "LeakyRelu", doc, output, input).message(NODE_ATTRIBUTE, floatAttribute("alpha", number(config, "slope"))));
                break;
            case "sigmoid":
                nodes.add(node(name, "Sigmoid", doc, output, input));
                break;
            case "tanh":
                nodes.add(node(name, "Tanh", doc, output, input));
                break;
            case "relu":
                nodes.add(node(name, "Relu", doc, output, input));
                break;
            case "softmax":
                nodes.add(node(name, "Softmax", doc + ": each row", output, input).message(NODE_ATTRIBUTE, intAttribute("axis", 1)));
                break;
            case "identity":
                nodes.add(node(name, "Identity", doc, output, input));
                break;
            default:
                throw new IllegalStateException("exportOnnx: layer " + i + " " + op + " is of kind '" + op.kind()
                        + "', which has no ONNX translation yet; add one to OnnxExport.");
        }
    }

    /** The layer's tensors as initializers, named, shaped and laid out as in the model file. */
    private void tensors(Operation op, int i) {
        for (Tensor t : op.tensors()) {
            initializers.add(tensor(i + "." + t.name(), t.fileShape(), ModelFile.littleEndian(t)));
        }
    }

    private static float number(Map<String, Object> config, String key) {
        return ((Json.Num) config.get(key)).floatValue();
    }

    private static Protobuf node(String name, String opType, String doc, String output, String... inputs) {
        Protobuf node = new Protobuf();
        for (String input : inputs) {
            node.string(NODE_INPUT, input);
        }
        return node.string(NODE_OUTPUT, output).string(NODE_NAME, name).string(NODE_OP_TYPE, opType).string(NODE_DOC_STRING, doc);
    }

    private static Protobuf intAttribute(String name, long value) {
        return new Protobuf().string(ATTRIBUTE_NAME, name).varint(ATTRIBUTE_I, value).varint(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INT);
    }

    private static Protobuf floatAttribute(String name, float value) {
        return new Protobuf().string(ATTRIBUTE_NAME, name).float32(ATTRIBUTE_F, value).varint(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_FLOAT);
    }

    private static Protobuf tensor(String name, long[] dims, byte[] littleEndian) {
        Protobuf t = new Protobuf();
        for (long d : dims) {
            t.varint(TENSOR_DIMS, d);
        }
        return t.varint(TENSOR_DATA_TYPE, FLOAT).string(TENSOR_NAME, name).bytes(TENSOR_RAW_DATA, littleEndian);
    }

    /** A float tensor [batch, width]; a width of {@link Operation#ANY} (a model of activations only) is the symbol "features". */
    private static Protobuf valueInfo(String name, int width) {
        Protobuf features = width == Operation.ANY ? new Protobuf().string(DIM_PARAM, "features") : new Protobuf().varint(DIM_VALUE, width);
        Protobuf shape = new Protobuf().message(SHAPE_DIM, new Protobuf().string(DIM_PARAM, BATCH)).message(SHAPE_DIM, features);
        Protobuf tensorType = new Protobuf().varint(TENSOR_TYPE_ELEM_TYPE, FLOAT).message(TENSOR_TYPE_SHAPE, shape);
        return new Protobuf().string(VALUE_INFO_NAME, name).message(VALUE_INFO_TYPE, new Protobuf().message(TYPE_TENSOR_TYPE, tensorType));
    }
}
