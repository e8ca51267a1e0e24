package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One training run's optimizer state, bound to the model's parameters; {@link #step()} applies one
 * update with the current learning rate (a schedule changes it between epochs). The state arrays
 * are named as PyTorch's optimizers name them ({@code momentum_buffer}, {@code exp_avg},
 * {@code exp_avg_sq}, {@code square_avg}), so a checkpoint can hold them.
 */
abstract sealed class Updater {

    final Kernels kernels;
    final Parameter[] parameters;
    private final boolean[] matrices;
    private final float l2;
    float learningRate;
    /** Updates applied so far (Adam's t). */
    long steps;

    private Updater(Kernels kernels, Sequential model, float learningRate, float l2) {
        this.kernels = kernels;
        this.parameters = model.parameters().toArray(new Parameter[0]);
        this.matrices = new boolean[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            matrices[i] = model.isWeightMatrix(i);
        }
        this.learningRate = learningRate;
        this.l2 = l2;
    }

    /**
     * The state for one run of {@code optimizer} on {@code model}'s parameters.
     *
     * @param l2 added to each weight matrix's gradient as {@code l2 · w} before the update (0 for none)
     */
    static Updater start(Optimizer optimizer, Kernels kernels, Sequential model, float l2) {
        if (optimizer instanceof Sgd) {
            Sgd sgd = (Sgd) optimizer;
            // Nesterov needs a momentum (Sgd refuses nesterov with 0), so it is never Plain.
            return sgd.momentum() == 0f ? new Plain(sgd, kernels, model, l2) : new Momentum(sgd, kernels, model, l2);
        }
        if (optimizer instanceof RmsProp) {
            return new RmsPropState((RmsProp) optimizer, kernels, model, l2);
        }
        return new AdamState((Adam) optimizer, kernels, model, l2);
    }

    /** Applies L2, then the optimizer's update, to every parameter. */
    final void step() {
        steps++;
        if (l2 > 0f) {
            for (int i = 0; i < parameters.length; i++) {
                if (matrices[i]) {
                    float[] w = parameters[i].value().data();
                    kernels.axpy(w.length, l2, w, 0, parameters[i].gradient().data(), 0);
                }
            }
        }
        update();
    }

    abstract void update();

    /** The optimizer's state arrays by name ({@code parameter.kind}), live: a checkpoint reads and restores them. */
    abstract Map<String, float[]> state();

    private static float[][] zerosLike(Parameter[] parameters) {
        return Parameter.zerosLike(java.util.Arrays.asList(parameters));
    }

    Map<String, float[]> named(List<String> kinds, float[][]... arrays) {
        Map<String, float[]> state = new LinkedHashMap<>();
        for (int i = 0; i < parameters.length; i++) {
            for (int k = 0; k < arrays.length; k++) {
                state.put(parameters[i].name() + "." + kinds.get(k), arrays[k][i]);
            }
        }
        return state;
    }

    private static final class Plain extends Updater {
        Plain(Sgd sgd, Kernels kernels, Sequential model, float l2) {
            super(kernels, model, sgd.learningRate(), l2);
        }

        @Override
        void update() {
            for (Parameter p : parameters) {
                float[] w = p.value().data();
                kernels.sgdUpdate(w.length, learningRate, w, 0, p.gradient().data(), 0);
            }
        }

        @Override
        Map<String, float[]> state() {
            return Map.of();
        }
    }

    private static final class Momentum extends Updater {
        private final float momentum;
        private final boolean nesterov;
        private final float[][] velocity;

        Momentum(Sgd sgd, Kernels kernels, Sequential model, float l2) {
            super(kernels, model, sgd.learningRate(), l2);
            this.momentum = sgd.momentum();
            this.nesterov = sgd.nesterov();
            this.velocity = zerosLike(this.parameters);
        }

        @Override
        void update() {
            for (int i = 0; i < parameters.length; i++) {
                float[] w = parameters[i].value().data();
                float[] g = parameters[i].gradient().data();
                if (nesterov) {
                    kernels.nesterovUpdate(w.length, learningRate, momentum, w, 0, g, 0, velocity[i], 0);
                } else {
                    kernels.momentumUpdate(w.length, learningRate, momentum, w, 0, g, 0, velocity[i], 0);
                }
            }
        }

        @Override
        Map<String, float[]> state() {
            return named(List.of("momentum_buffer"), velocity);
        }
    }

    private static final class RmsPropState extends Updater {
        private final RmsProp settings;
        private final float[][] squares;

        RmsPropState(RmsProp rms, Kernels kernels, Sequential model, float l2) {
            super(kernels, model, rms.learningRate(), l2);
            this.settings = rms;
            this.squares = zerosLike(this.parameters);
        }

        @Override
        void update() {
            for (int i = 0; i < parameters.length; i++) {
                float[] w = parameters[i].value().data();
                kernels.rmspropUpdate(w.length, learningRate, settings.alpha(), settings.epsilon(), w, 0,
                        parameters[i].gradient().data(), 0, squares[i], 0);
            }
        }

        @Override
        Map<String, float[]> state() {
            return named(List.of("square_avg"), squares);
        }
    }

    private static final class AdamState extends Updater {
        private final Adam settings;
        private final float[][] m;
        private final float[][] v;

        AdamState(Adam adam, Kernels kernels, Sequential model, float l2) {
            super(kernels, model, adam.learningRate(), l2);
            this.settings = adam;
            this.m = zerosLike(this.parameters);
            this.v = zerosLike(this.parameters);
        }

        @Override
        void update() {
            float c1 = (float) (1 - Math.pow(settings.beta1(), steps));
            float c2 = (float) (1 - Math.pow(settings.beta2(), steps));
            float decay = -learningRate * settings.weightDecay();
            for (int i = 0; i < parameters.length; i++) {
                float[] w = parameters[i].value().data();
                if (decay != 0f) {
                    kernels.axpy(w.length, decay, w, 0, w, 0);
                }
                kernels.adamUpdate(w.length, learningRate, settings.beta1(), settings.beta2(), settings.epsilon(),
                        c1, c2, w, 0, parameters[i].gradient().data(), 0, m[i], 0, v[i], 0);
            }
        }

        @Override
        Map<String, float[]> state() {
            return named(List.of("exp_avg", "exp_avg_sq"), m, v);
        }
    }
}
