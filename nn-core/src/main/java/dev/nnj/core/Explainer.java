package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds an {@link Explanation}: runs one forward and backward pass in a workspace of its own
 * (the model's gradients are left alone), reads every slot, names each matrix as numpy code
 * would, and takes the optimizer's step on a copy of the model.
 */
final class Explainer {

    private final Sequential model;
    private final Operation[] layers;
    private final Sequential.Batch batch;
    private final LossFunction loss;
    private final List<Explanation.Entry> entries = new ArrayList<>();
    private final Set<String> used = new HashSet<>();
    /** The name of each layer's output (z1, a1, ...), and of each dense layer's index ℓ. */
    private final String[] outputs;
    private final int[] denseIndex;

    private Explainer(Sequential model, Sequential.Batch batch, LossFunction loss) {
        this.model = model;
        this.layers = model.operations();
        this.batch = batch;
        this.loss = loss;
        this.outputs = new String[layers.length];
        this.denseIndex = new int[layers.length];
    }

    static Explanation explain(Sequential model, Sequential.Batch batch, LossFunction loss, Optimizer optimizer) {
        return model.reading(() -> new Explainer(model, batch, loss).run(optimizer));
    }

    private Explanation run(Optimizer optimizer) {
        Kernels kernels = Kernels.active();
        int m = batch.rows();
        float[][] gradients = Parameter.zerosLike(model.parameters());
        Workspace ws = new Workspace(model, kernels, Workspace.Mode.TRAINING, gradients);
        ws.startRun(0, false);
        ws.reserve(m, batch.xWidth());
        float lossValue = ws.lossAndGradients(batch.x(), batch.y(), m, loss);
        boolean fused = loss.fusesWith(layers[layers.length - 1]);
        int end = fused ? layers.length - 1 : layers.length;
        // What the backward pass left: d(loss)/d(output) of every layer it went through.
        float[][] outputGradient = new float[layers.length][];
        int width = batch.xWidth();
        int[] widths = new int[layers.length + 1];
        widths[0] = width;
        for (int i = 0; i < layers.length; i++) {
            widths[i + 1] = layers[i].outputWidth(widths[i]);
        }
        for (int i = model.firstTrainable(); i < end; i++) {
            float[] g = i == end - 1 ? ws.lossGradient() : ws.inputGradient(i + 1);
            outputGradient[i] = java.util.Arrays.copyOf(g, m * widths[i + 1]);
        }
        // Forward again, layer by layer, for each output (the same masks: the same seed and step).
        float[][] values = new float[layers.length][];
        for (int i = 0; i < layers.length; i++) {
            values[i] = java.util.Arrays.copyOf(ws.forward(batch.x(), m, i + 1), m * widths[i + 1]);
        }

        forward(values, widths);
        backward(outputGradient, gradients, widths, fused, end);
        if (optimizer != null) {
            update(optimizer, kernels);
        }
        String title = "One training step of " + model + " on " + m + " rows (m = " + m + "), " + loss
                + (optimizer != null ? ", " + optimizer : "");
        return new Explanation(title, lossValue, lossFormula(), entries);
    }

    private void add(String section, String name, String formula, String note, int rows, int cols, float[] data) {
        String unique = name;
        while (!used.add(unique)) {
            unique = unique + "'";
        }
        entries.add(new Explanation.Entry(section, unique, formula, note, new Matrix(rows, cols, data.clone())));
    }

    private void forward(float[][] values, int[] widths) {
        int m = batch.rows();
        add("forward", "X", "", "", m, widths[0], batch.x());
        String input = "X";
        int dense = 0;
        for (int i = 0; i < layers.length; i++) {
            Operation op = layers[i];
            String name;
            String formula;
            String note = "";
            if (op instanceof Dense) {
                dense++;
                Dense d = (Dense) op;
                add("forward", "W" + dense, "", "", d.in(), d.out(), d.weight().data());
                add("forward", "b" + dense, "", "", 1, d.out(), d.bias().data());
                name = "z" + dense;
                formula = input + "·W" + dense + " + b" + dense;
            } else if (op instanceof Activation) {
                name = "a" + dense;
                formula = op instanceof Identity ? input : op.kind() + "(" + input + ")";
            } else if (op instanceof Normalization) {
                name = "x" + (dense == 0 ? "" : dense) + "n";
                formula = "(" + input + " − center) / spread";
                note = "preprocessing fitted on the training rows; not trained";
            } else if (op instanceof Dropout) {
                name = "d" + dense;
                formula = input + " ∘ mask / (1 − " + ((Dropout) op).rate() + ")";
                note = "training only; prediction passes " + input + " through";
            } else {
                name = "bn" + dense;
                formula = "γ ∘ (" + input + " − mean) / sqrt(var + ε) + β";
                note = "mean and var of this batch, per column";
            }
            denseIndex[i] = dense;
            add("forward", name, formula, note, batch.rows(), widths[i + 1], values[i]);
            outputs[i] = entries.get(entries.size() - 1).name();
            input = outputs[i];
        }
        if (batch.yWidth() > 0) {
            add("forward", "y", "", "the targets", m, batch.yWidth(), batch.y());
        }
    }

    private void backward(float[][] outputGradient, float[][] gradients, int[] widths, boolean fused, int end) {
        int m = batch.rows();
        int parameter = gradients.length;
        for (int i = end - 1; i >= model.firstTrainable(); i--) {
            Operation op = layers[i];
            int count = model.trainableCount(i);
            parameter -= count;
            if (!(op instanceof Dense) && count == 0) {
                continue;
            }
            String input = i == 0 ? "X" : outputs[i - 1];
            if (op instanceof Dense) {
                int l = denseIndex[i];
                float[] delta = outputGradient[i].clone();
                for (int k = 0; k < delta.length; k++) {
                    delta[k] *= m;
                }
                String[] how = deltaFormula(i, fused, end);
                add("backward", "δ" + l, how[0], how[1], m, widths[i + 1], delta);
                Dense d = (Dense) op;
                add("backward", "dW" + l, input + "ᵀ·δ" + l + " / m", "", d.in(), d.out(), gradients[parameter]);
                add("backward", "db" + l, "sum of δ" + l + "'s rows / m", "", 1, d.out(), gradients[parameter + 1]);
            } else {
                // A layer with parameters of its own (batch norm's γ and β).
                int l = denseIndex[i];
                add("backward", "dγ" + l, "", "batch norm's scale", 1, widths[i + 1], gradients[parameter]);
                add("backward", "dβ" + l, "", "batch norm's shift", 1, widths[i + 1], gradients[parameter + 1]);
            }
        }
    }

    /** How δ of the dense layer at {@code i} came from the layers above it: {formula, note}. */
    private String[] deltaFormula(int i, boolean fused, int end) {
        int l = denseIndex[i];
        List<Operation> between = new ArrayList<>();
        int j = i + 1;
        while (j < layers.length && !(layers[j] instanceof Dense)) {
            between.add(layers[j]);
            j++;
        }
        boolean top = j >= layers.length;
        String z = "z" + l;
        if (top) {
            Operation last = layers[layers.length - 1];
            if (fused && between.size() == 1) {
                String a = outputs[layers.length - 1];
                int k = batch.yWidth();
                String over = loss instanceof CrossEntropy || k == 1 ? "" : " / " + k;
                String why = last instanceof Sigmoid
                        ? "sigmoid + binary cross-entropy: the sigmoid's derivative a(1 − a) cancels the loss's 1/(a(1 − a))"
                        : "softmax + cross-entropy: the softmax's Jacobian cancels the loss's 1/a";
                if (!over.isEmpty()) {
                    why += "; binary cross-entropy averages over the " + k + " outputs too";
                }
                return new String[] {over.isEmpty() ? a + " − y" : "(" + a + " − y)" + over, why};
            }
            String derivative = lossDerivative();
            if (between.isEmpty()) {
                return new String[] {derivative, "the loss's derivative with respect to the output " + z};
            }
            if (between.size() == 1 && between.get(0) instanceof Activation) {
                Activation f = (Activation) between.get(0);
                return new String[] {derivative + " ∘ " + derivative(f, outputs[i + 1], z),
                        "the loss's derivative, times the " + f.kind() + "'s: " + derivativeNote(f)};
            }
            return new String[] {derivative + ", back through " + names(between), "each layer's backward, from the output down"};
        }
        int next = denseIndex[j];
        String propagated = "δ" + next + "·W" + next + "ᵀ";
        if (between.isEmpty()) {
            return new String[] {propagated, "no activation between the two dense layers"};
        }
        if (between.size() == 1 && between.get(0) instanceof Activation) {
            Activation f = (Activation) between.get(0);
            return new String[] {"(" + propagated + ") ∘ " + derivative(f, outputs[i + 1], z),
                    "the " + f.kind() + "'s derivative " + derivativeNote(f)};
        }
        return new String[] {"(" + propagated + "), back through " + names(between), "each layer's backward, from the top down"};
    }

    private static String names(List<Operation> ops) {
        List<String> names = new ArrayList<>();
        for (int k = ops.size() - 1; k >= 0; k--) {
            names.add(ops.get(k).toString());
        }
        return String.join(", ", names);
    }

    /** f'(z) written as numpy code would, with the activation's output a where that is how it is computed. */
    private static String derivative(Activation f, String a, String z) {
        if (f instanceof Sigmoid) {
            return a + "(1 − " + a + ")";
        }
        if (f instanceof Tanh) {
            return "(1 − " + a + "²)";
        }
        if (f instanceof Relu) {
            return "(" + z + " > 0)";
        }
        if (f instanceof LeakyRelu) {
            return "(" + z + " > 0 ? 1 : " + ((LeakyRelu) f).slope() + ")";
        }
        if (f instanceof Identity) {
            return "1";
        }
        return "softmax'(" + z + ")";
    }

    private static String derivativeNote(Activation f) {
        if (f instanceof Sigmoid) {
            return "σ'(z) = σ(z)(1 − σ(z)), computed from the output a, not from z";
        }
        if (f instanceof Tanh) {
            return "tanh'(z) = 1 − tanh(z)², computed from the output a";
        }
        if (f instanceof Relu || f instanceof LeakyRelu) {
            return "1 where z > 0, " + (f instanceof Relu ? "0" : "the slope") + " elsewhere (0 at exactly 0)";
        }
        if (f instanceof Identity) {
            return "1";
        }
        return "the softmax's Jacobian: s ∘ (g − Σ g∘s) per row";
    }

    private String lossDerivative() {
        String a = outputs[layers.length - 1];
        int k = batch.yWidth();
        if (loss instanceof MeanSquaredError) {
            return k == 1 ? "2(" + a + " − y)" : "2(" + a + " − y) / " + k;
        }
        if (loss instanceof BinaryCrossEntropy) {
            return "(" + a + " − y) / (" + a + "(1 − " + a + "))" + (k == 1 ? "" : " / " + k);
        }
        return "−y / " + a;
    }

    private String lossFormula() {
        String a = outputs[layers.length - 1];
        if (loss instanceof MeanSquaredError) {
            return "mean((" + a + " − y)²)";
        }
        if (loss instanceof BinaryCrossEntropy) {
            return "mean(−[y·log " + a + " + (1 − y)·log(1 − " + a + ")])";
        }
        return "mean over rows of −Σ y·log " + a;
    }

    private void update(Optimizer optimizer, Kernels kernels) {
        Sequential after = model.copy();
        Trainer trainer = new Trainer(after, kernels, batch, loss, optimizer, batch.rows(), false, 0);
        trainer.startEpoch(1);
        trainer.epoch(1, null);
        String rule = rule(optimizer);
        Operation[] stepped = after.operations();
        for (int i = 0; i < stepped.length; i++) {
            if (stepped[i] instanceof Dense) {
                Dense d = (Dense) stepped[i];
                int l = denseIndex[i];
                add("update", "W" + l + "'", rule.replace("θ", "W" + l).replace("g", "dW" + l), "", d.in(), d.out(), d.weight().data());
                add("update", "b" + l + "'", rule.replace("θ", "b" + l).replace("g", "db" + l), "", 1, d.out(), d.bias().data());
            }
        }
    }

    private static String rule(Optimizer optimizer) {
        if (optimizer instanceof Sgd) {
            Sgd sgd = (Sgd) optimizer;
            String lr = Float.toString(sgd.learningRate());
            // On the first step the velocity starts at 0, so momentum's step equals plain SGD's (Nesterov's is 1 + μ times it).
            return sgd.nesterov() ? "θ − " + lr + "·(1 + " + sgd.momentum() + ")·g" : "θ − " + lr + "·g";
        }
        if (optimizer instanceof Adam) {
            return "θ − lr·m̂/(√v̂ + ε), m̂ = g, v̂ = g² on the first step" + (((Adam) optimizer).weightDecay() > 0 ? ", after decay" : "");
        }
        return "θ − lr·g / (sqrt(s) + ε), s = (1 − α)·g² on the first step";
    }
}
