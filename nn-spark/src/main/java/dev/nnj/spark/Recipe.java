package dev.nnj.spark;

import dev.nnj.core.Loss;
import dev.nnj.core.Losses;
import dev.nnj.core.Optimizer;
import dev.nnj.core.Optimizers;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The loss and optimizer of a run as the text of their factory calls, which executors turn back
 * into the same objects: nn-core's losses and optimizers are not {@link Serializable}, and Spark
 * ships a task's closure with Java serialization. {@link #of} checks on the driver that the text
 * rebuilds an equal object, so nothing is lost on the way (an optimizer made with settings its
 * text does not carry, such as Adam's betas, is refused there, naming the fix).
 */
final class Recipe implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final String NUMBER = "(-?[0-9.eE+-]+|NaN|-?Infinity)";
    private static final Pattern ONE = Pattern.compile("(\\w+)\\(" + NUMBER + "\\)");
    private static final Pattern SGD_MOMENTUM = Pattern.compile("sgd\\(" + NUMBER + ", momentum " + NUMBER + "\\)");
    private static final Pattern NESTEROV = Pattern.compile("nesterov\\(" + NUMBER + ", " + NUMBER + "\\)");
    private static final Pattern ADAMW = Pattern.compile("adamW\\(" + NUMBER + ", weight decay " + NUMBER + "\\)");
    private static final Pattern WEIGHTED = Pattern.compile("(crossEntropy|sparseCrossEntropy)\\((.*)\\)");

    private final String loss;
    private final String optimizer;

    private Recipe(String loss, String optimizer) {
        this.loss = loss;
        this.optimizer = optimizer;
    }

    /**
     * The recipe of a loss and, when executors run the optimizer too ({@code withOptimizer}), of the
     * optimizer; both are checked to rebuild equal objects.
     *
     * @throws IllegalArgumentException if the optimizer cannot travel as text (names the fix)
     */
    static Recipe of(Loss loss, Optimizer optimizer, boolean withOptimizer) {
        String lossText = loss.toString();
        Loss rebuilt = loss(lossText);
        if (rebuilt == null || !rebuilt.toString().equals(lossText)) {
            throw new IllegalArgumentException("SparkTraining: the loss " + lossText + " cannot be sent to the executors;"
                    + " use one of Losses' factories (mse(), binaryCrossEntropy(), crossEntropy(...), sparseCrossEntropy(...)).");
        }
        if (!withOptimizer) {
            return new Recipe(lossText, null);
        }
        String optimizerText = optimizer.toString();
        Optimizer again = optimizer(optimizerText);
        if (!optimizer.equals(again)) {
            throw new IllegalArgumentException("SparkTraining: localSteps(k > 1) runs the optimizer on the executors, and "
                    + optimizerText + " was made with settings its description does not carry (Adam's betas or epsilon,"
                    + " RMSprop's alpha or epsilon), so the executors would run another optimizer. Use the factory's defaults"
                    + " (e.g. adam(lr), adamW(lr, decay), rmsprop(lr)) or localSteps(1), where only the driver runs the optimizer.");
        }
        return new Recipe(lossText, optimizerText);
    }

    Loss loss() {
        return loss(loss);
    }

    Optimizer optimizer() {
        if (optimizer == null) {
            throw new IllegalStateException("Recipe: this recipe carries no optimizer (the run computes gradients only).");
        }
        return optimizer(optimizer);
    }

    static Loss loss(String text) {
        switch (text) {
            case "mse":
                return Losses.mse();
            case "binaryCrossEntropy":
                return Losses.binaryCrossEntropy();
            case "crossEntropy":
                return Losses.crossEntropy();
            case "sparseCrossEntropy":
                return Losses.sparseCrossEntropy();
            default:
                Matcher m = WEIGHTED.matcher(text);
                if (!m.matches()) {
                    return null;
                }
                String[] parts = m.group(2).split(", ");
                float[] weights = new float[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    weights[i] = Float.parseFloat(parts[i]);
                }
                return m.group(1).equals("crossEntropy") ? Losses.crossEntropy(weights) : Losses.sparseCrossEntropy(weights);
        }
    }

    static Optimizer optimizer(String text) {
        Matcher m = SGD_MOMENTUM.matcher(text);
        if (m.matches()) {
            return Optimizers.sgd(f(m, 1), f(m, 2));
        }
        m = NESTEROV.matcher(text);
        if (m.matches()) {
            return Optimizers.nesterov(f(m, 1), f(m, 2));
        }
        m = ADAMW.matcher(text);
        if (m.matches()) {
            return Optimizers.adamW(f(m, 1), f(m, 2));
        }
        m = ONE.matcher(text);
        if (m.matches()) {
            float rate = f(m, 2);
            switch (m.group(1)) {
                case "sgd":
                    return Optimizers.sgd(rate);
                case "adam":
                    return Optimizers.adam(rate);
                case "rmsprop":
                    return Optimizers.rmsprop(rate);
                default:
                    break;
            }
        }
        return null;
    }

    private static float f(Matcher m, int group) {
        return Float.parseFloat(m.group(group));
    }

    @Override
    public String toString() {
        return loss + (optimizer == null ? "" : "; " + optimizer);
    }
}
