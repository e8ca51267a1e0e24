package dev.nnj.spark;

import dev.nnj.core.Stepper;

import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link Stepper} carries from one update to the next: the optimizer's arrays (momentum,
 * Adam's moments, RMSprop's averages, named {@code <parameter>.<kind>} as in nn-core's
 * checkpoints), the update count, the learning rate and reduce-on-plateau's state. A checkpoint
 * keeps it, and local steps send it to the executors and average it back.
 *
 * <p>nn-core's Stepper does not expose this state yet, so it is read and written here through
 * reflection on nn-core's package-private fields, which works on the class path (where Spark runs
 * applications) and fails with a clear message elsewhere. It is a stopgap: with a public
 * {@code Stepper.state()} / {@code Stepper.restore(State)} in nn-core (see docs/spark.md) this class
 * shrinks to those two calls, and a rename inside nn-core makes this module's tests fail loudly.
 *
 * @param steps        the updates applied so far (Adam's t)
 * @param learningRate the rate of the current epoch
 * @param plateauBest  reduce-on-plateau's best monitored loss
 * @param plateauWaited epochs reduce-on-plateau has waited
 * @param arrays       the optimizer's arrays by name, in the optimizer's order
 */
record StepperState(long steps, float learningRate, float plateauBest, int plateauWaited, LinkedHashMap<String, float[]> arrays)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Reads a stepper's state (copies of its arrays). */
    static StepperState of(Stepper stepper) {
        try {
            Object updater = field(Stepper.class, "updater").get(stepper);
            Object scheduler = field(Stepper.class, "scheduler").get(stepper);
            LinkedHashMap<String, float[]> copies = new LinkedHashMap<>();
            for (Map.Entry<String, float[]> e : live(updater).entrySet()) {
                copies.put(e.getKey(), e.getValue().clone());
            }
            Class<?> u = updaterClass();
            Class<?> s = scheduler.getClass();
            return new StepperState(field(u, "steps").getLong(updater), field(u, "learningRate").getFloat(updater),
                    field(s, "best").getFloat(scheduler), field(s, "waited").getInt(scheduler), copies);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    /**
     * Puts this state into a stepper of the same model and optimizer.
     *
     * @throws IllegalArgumentException if the arrays do not match the stepper's (another model or optimizer)
     */
    void restore(Stepper stepper) {
        Map<String, float[]> target;
        Object updater;
        Object scheduler;
        try {
            updater = field(Stepper.class, "updater").get(stepper);
            scheduler = field(Stepper.class, "scheduler").get(stepper);
            target = live(updater);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw unavailable(e);
        }
        if (!target.keySet().equals(arrays.keySet())) {
            throw new IllegalArgumentException("the optimizer state holds " + arrays.keySet() + ", but this run's optimizer keeps "
                    + target.keySet() + "; resume with the same model and optimizer.");
        }
        for (Map.Entry<String, float[]> e : target.entrySet()) {
            if (e.getValue().length != arrays.get(e.getKey()).length) {
                throw new IllegalArgumentException("the optimizer state's " + e.getKey() + " has " + arrays.get(e.getKey()).length
                        + " values, this run's " + e.getValue().length + "; resume with the same model and optimizer.");
            }
        }
        try {
            for (Map.Entry<String, float[]> e : target.entrySet()) {
                float[] from = arrays.get(e.getKey());
                System.arraycopy(from, 0, e.getValue(), 0, from.length);
            }
            Class<?> u = updaterClass();
            field(u, "steps").setLong(updater, steps);
            field(u, "learningRate").setFloat(updater, learningRate);
            Class<?> s = scheduler.getClass();
            field(s, "rate").setFloat(scheduler, learningRate);
            field(s, "best").setFloat(scheduler, plateauBest);
            field(s, "waited").setInt(scheduler, plateauWaited);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, float[]> live(Object updater) throws ReflectiveOperationException {
        Method state = updaterClass().getDeclaredMethod("state");
        state.setAccessible(true);
        return (Map<String, float[]>) state.invoke(updater);
    }

    private static Class<?> updaterClass() throws ClassNotFoundException {
        return Class.forName("dev.nnj.core.Updater", false, Stepper.class.getClassLoader());
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    private static IllegalStateException unavailable(Exception cause) {
        return new IllegalStateException("nn-spark cannot reach the optimizer state of nn-core's Stepper (" + cause
                + "). Run with nn-core of nn-spark's own version on the class path (as spark-submit does), or, with nn-core on"
                + " the module path, add --add-opens dev.nnj.core/dev.nnj.core=ALL-UNNAMED to the JVM.", cause);
    }
}
