package dev.nnj.core;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's checkpoint: a model file (format 2, so {@code Sequential.load} reads the model from it)
 * that also holds what the run needs to continue exactly as if it had never stopped: the
 * optimizer's state ({@code optimizer.<parameter>.<kind>}), early stopping's best weights
 * ({@code best.<tensor>}), the history so far ({@code history.<record>}) and, in the
 * {@code checkpoint} metadata entry, the epoch, the step count, the schedule's and early stopping's
 * state, and the settings the run must be resumed with. Epoch orders and dropout masks are
 * functions of the seed, the epoch and the step, so nothing random needs saving.
 */
final class Checkpoint {

    private Checkpoint() {
    }

    static boolean isRunState(String tensorName) {
        return tensorName.startsWith("optimizer.") || tensorName.startsWith("best.") || tensorName.startsWith("history.");
    }

    static void write(Path file, Sequential model, Trainer trainer, int epoch, History history, EarlyStop early) {
        Map<String, float[]> extra = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : trainer.updater.state().entrySet()) {
            extra.put("optimizer." + e.getKey(), e.getValue());
        }
        if (early != null && early.bestWeights() != null) {
            for (Map.Entry<String, float[]> e : early.bestWeights().recorded().entrySet()) {
                extra.put("best." + e.getKey(), e.getValue());
            }
        }
        extra.putAll(history.recorded());
        RateSchedule.Scheduler s = trainer.scheduler;
        Json.ObjectWriter state = new Json.ObjectWriter().put("epoch", epoch).put("steps", trainer.steps())
                .put("settings", trainer.settings)
                .put("rate", Float.floatToIntBits(s.rate)).put("plateauBest", Float.floatToIntBits(s.best))
                .put("plateauWaited", s.waited);
        if (early != null) {
            state.put("earlyBest", Float.floatToIntBits(early.bestValue)).put("earlyBestEpoch", early.bestEpoch)
                    .put("earlyWaited", early.waited);
        }
        byte[] bytes = ModelFile.encode(model, extra, state.toString());
        ModelFile.write(bytes, file);
    }

    /**
     * Puts a checkpoint's state into a run about to continue: the model's tensors, the optimizer's,
     * the history, the schedule and early stopping. Returns the last epoch the checkpoint holds.
     *
     * @throws IllegalArgumentException naming the file, if it is no checkpoint, belongs to another
     *                                  model or another run's settings, or is damaged
     */
    static int read(Path path, Sequential model, Trainer trainer, History history, EarlyStop early, int epochs) {
        String where = "resumeFrom " + path + ": ";
        SafeTensors file = SafeTensors.parse(ModelFile.read(path, "resumeFrom"), path.toString());
        ModelFile.checkIntegrity(file, where);
        String text = file.metadata.get("checkpoint");
        if (text == null) {
            throw new IllegalArgumentException(where + "a model file, not a checkpoint: it holds no run state. Load models"
                    + " with Sequential.load(path); checkpoints are written by .checkpoint(path, everyEpochs).");
        }
        String architecture = ModelFile.architecture(model);
        if (!architecture.equals(file.metadata.get("architecture"))) {
            throw new IllegalArgumentException(where + "the checkpoint holds another model: " + file.metadata.get("architecture")
                    + ", but this run trains " + architecture + ".");
        }
        Map<?, ?> state;
        try {
            Object parsed = Json.parse(text);
            if (!(parsed instanceof Map)) {
                throw new Json.Malformed("the checkpoint entry is not an object");
            }
            state = (Map<?, ?>) parsed;
        } catch (Json.Malformed e) {
            throw new IllegalArgumentException(where + "the checkpoint entry is damaged (" + e.getMessage() + ").", e);
        }
        if (!trainer.settings.equals(state.get("settings"))) {
            throw new IllegalArgumentException(where + "the checkpoint was written by a run with " + state.get("settings")
                    + ", but this run has " + trainer.settings + ". Resume with the same loss, optimizer, seed and batch size.");
        }
        int epoch = whole(state, "epoch", where);
        if (epoch < 0 || epoch > epochs) {
            throw new IllegalArgumentException(where + "the checkpoint is at epoch " + epoch + ", beyond this run's " + epochs
                    + " epochs; ask for more epochs to continue it.");
        }
        Map<String, float[]> optimizer = trainer.updater.state();
        Map<String, float[]> best = early != null && early.bestWeights() != null ? early.bestWeights().recorded() : Map.of();
        // Check every tensor before changing anything, so a refused checkpoint leaves the model as it was.
        for (Map.Entry<String, float[]> e : optimizer.entrySet()) {
            LayerCodec.expect(file, "optimizer." + e.getKey(), where, e.getValue().length);
        }
        for (Map.Entry<String, float[]> e : best.entrySet()) {
            LayerCodec.expect(file, "best." + e.getKey(), where, e.getValue().length);
        }
        Map<String, float[]> recorded = new LinkedHashMap<>();
        for (String name : history.recorded().keySet()) {
            recorded.put(name, new float[LayerCodec.expect(file, name, where, epoch)]);
        }
        Operation[] layers = model.operations();
        for (int i = 0; i < layers.length; i++) {
            for (Tensor t : layers[i].tensors()) {
                LayerCodec.expect(file, i + "." + t.name(), where, t.fileShape());
            }
        }
        long stamp = model.lockForUpdate();
        try {
            java.util.Set<String> used = new HashSet<>();
            for (int i = 0; i < layers.length; i++) {
                ModelFile.fill(layers[i], i, file, where, used);
            }
        } finally {
            model.unlockUpdate(stamp);
        }
        for (Map.Entry<String, float[]> e : optimizer.entrySet()) {
            file.readFloats(file.entry("optimizer." + e.getKey()), e.getValue());
        }
        for (Map.Entry<String, float[]> e : best.entrySet()) {
            file.readFloats(file.entry("best." + e.getKey()), e.getValue());
        }
        for (Map.Entry<String, float[]> e : recorded.entrySet()) {
            file.readFloats(file.entry(e.getKey()), e.getValue());
        }
        history.restore(recorded, epoch);
        trainer.updater.steps = number(state, "steps", where);
        RateSchedule.Scheduler s = trainer.scheduler;
        s.rate = Float.intBitsToFloat(whole(state, "rate", where));
        s.best = Float.intBitsToFloat(whole(state, "plateauBest", where));
        s.waited = whole(state, "plateauWaited", where);
        if (early != null) {
            if (!state.containsKey("earlyBest")) {
                throw new IllegalArgumentException(where + "the checkpoint was written by a run without early stopping;"
                        + " resume it without .earlyStopping(...).");
            }
            early.bestValue = Float.intBitsToFloat(whole(state, "earlyBest", where));
            early.bestEpoch = whole(state, "earlyBestEpoch", where);
            early.waited = whole(state, "earlyWaited", where);
        }
        return epoch;
    }

    private static long number(Map<?, ?> state, String key, String where) {
        Object v = state.get(key);
        if (!(v instanceof Json.Num)) {
            throw new IllegalArgumentException(where + "the checkpoint entry has no '" + key + "'; the file is damaged.");
        }
        try {
            return ((Json.Num) v).longValue(key);
        } catch (Json.Malformed e) {
            throw new IllegalArgumentException(where + "the checkpoint entry is damaged: " + e.getMessage() + ".", e);
        }
    }

    private static int whole(Map<?, ?> state, String key, String where) {
        long v = number(state, key, where);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(where + "the checkpoint entry is damaged: " + key + " is " + v + ".");
        }
        return (int) v;
    }
}
