package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.util.List;

/** One training run's optimizer state, bound to the model's parameters; {@link #step()} applies one update. */
abstract sealed class Updater {

    final Kernels kernels;
    final Parameter[] parameters;

    private Updater(Kernels kernels, List<Parameter> parameters) {
        this.kernels = kernels;
        this.parameters = parameters.toArray(Parameter[]::new);
    }

    static Updater start(Optimizer optimizer, Kernels kernels, List<Parameter> parameters) {
        if (optimizer instanceof Sgd sgd) {
            return sgd.momentum() == 0f ? new Plain(sgd, kernels, parameters) : new Momentum(sgd, kernels, parameters);
        }
        return new AdamState((Adam) optimizer, kernels, parameters);
    }

    abstract void step();

    private static float[][] zerosLike(Parameter[] parameters) {
        float[][] state = new float[parameters.length][];
        for (int i = 0; i < parameters.length; i++) {
            state[i] = new float[parameters[i].value().data().length];
        }
        return state;
    }

    private static final class Plain extends Updater {
        private final float lr;

        Plain(Sgd sgd, Kernels kernels, List<Parameter> parameters) {
            super(kernels, parameters);
            this.lr = sgd.learningRate();
        }

        @Override
        void step() {
            for (Parameter p : parameters) {
                float[] w = p.value().data();
                kernels.sgdUpdate(w.length, lr, w, 0, p.gradient().data(), 0);
            }
        }
    }

    private static final class Momentum extends Updater {
        private final float lr;
        private final float momentum;
        private final float[][] velocity;

        Momentum(Sgd sgd, Kernels kernels, List<Parameter> parameters) {
            super(kernels, parameters);
            this.lr = sgd.learningRate();
            this.momentum = sgd.momentum();
            this.velocity = zerosLike(this.parameters);
        }

        @Override
        void step() {
            for (int i = 0; i < parameters.length; i++) {
                float[] w = parameters[i].value().data();
                kernels.momentumUpdate(w.length, lr, momentum, w, 0, parameters[i].gradient().data(), 0, velocity[i], 0);
            }
        }
    }

    private static final class AdamState extends Updater {
        private final Adam settings;
        private final float[][] m;
        private final float[][] v;
        private int t;

        AdamState(Adam adam, Kernels kernels, List<Parameter> parameters) {
            super(kernels, parameters);
            this.settings = adam;
            this.m = zerosLike(this.parameters);
            this.v = zerosLike(this.parameters);
        }

        @Override
        void step() {
            t++;
            float c1 = (float) (1 - Math.pow(settings.beta1(), t));
            float c2 = (float) (1 - Math.pow(settings.beta2(), t));
            for (int i = 0; i < parameters.length; i++) {
                float[] w = parameters[i].value().data();
                kernels.adamUpdate(w.length, settings.learningRate(), settings.beta1(), settings.beta2(), settings.epsilon(),
                        c1, c2, w, 0, parameters[i].gradient().data(), 0, m[i], 0, v[i], 0);
            }
        }
    }
}
