package dev.nnj.examples;

import dev.nnj.core.Dataset;
import dev.nnj.core.Sequential;
import dev.nnj.data.TabularData;
import dev.nnj.data.TabularDataset;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Optimizers.sgd;

/**
 * Where a trained model goes: the iris network, trained on raw centimetres with its
 * standardisation as the first layer, saved as an nnj file (safetensors, which PyTorch reads) and
 * exported as ONNX (which ONNX Runtime runs in Java, Python, C#, C++ and the browser). It prints
 * the commands that use both files; docs/interop.md explains them.
 * <pre>
 * mvn -q -DskipTests package exec:exec -Dexample=interop            (writes nn-examples/target/interop/)
 * mvn -q -DskipTests package exec:exec -Dexample="interop /tmp/out"
 * </pre>
 */
public final class Interop {

    private Interop() {
    }

    /** {@code Interop [folder]}: trains, writes iris.nnj and iris.onnx into the folder (default target/interop). */
    public static void main(String[] args) {
        cli(System.out, args);
    }

    /** What {@link #main} does, printing to {@code out}: for a command-line registry. */
    public static void cli(PrintStream out, String... args) {
        run(Path.of(args.length > 0 ? args[0] : "target/interop"), out);
    }

    /** Trains the iris network (seed 42), writes both files into {@code folder} and returns the model. */
    public static Sequential run(Path folder, PrintStream out) {
        TabularDataset data = TabularData.csv(Interop.class.getResourceAsStream("/data/iris.csv"), "iris.csv")
                .label("species").standardize().build();
        Dataset.Split split = data.split(0.8, 42);
        Sequential model = Sequential.of(split.train().preprocessing(), dense(4, 8), relu(), dense(8, 3), softmax())
                .initialize(42);
        model.train().on(split.train()).loss(crossEntropy()).optimizer(sgd(0.1f)).epochs(200).batchSize(16).seed(42).quiet().run();
        out.printf("iris: %s, test accuracy %.3f%n", model, model.evaluate(split.test()).accuracy());

        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("interop: cannot create the folder " + folder.toAbsolutePath() + " (" + e + ").", e);
        }
        Path nnj = folder.resolve("iris.nnj").toAbsolutePath();
        Path onnx = folder.resolve("iris.onnx").toAbsolutePath();
        model.save(nnj);
        model.exportOnnx(onnx);
        out.printf("wrote %s (%,d bytes) and %s (%,d bytes)%n", nnj, size(nnj), onnx, size(onnx));

        float[] row = {5.1f, 3.5f, 1.4f, 0.2f};
        float[] p = model.predict(row);
        out.printf("nnj predicts [5.1, 3.5, 1.4, 0.2] (raw centimetres) -> [%.4f, %.4f, %.4f]%n", p[0], p[1], p[2]);
        out.println();
        out.println("The same model from Python with ONNX Runtime (pip install onnxruntime numpy):");
        out.println("  python3 -c \"import numpy as np, onnxruntime as ort; s = ort.InferenceSession('" + onnx + "');"
                + " print(s.run(['output'], {'input': np.array([[5.1, 3.5, 1.4, 0.2]], dtype=np.float32)})[0])\"");
        out.println("Checked by the ONNX project's checker (Debian: apt-get install python3-onnx):");
        out.println("  python3 -c \"import onnx; onnx.checker.check_model(onnx.load('" + onnx + "'), full_check=True); print('ok')\"");
        out.println("In PyTorch, with nnj_torch.py from docs/interop.md:");
        out.println("  python3 -c \"import torch, nnj_torch; print(nnj_torch.to_torch('" + nnj + "')(torch.tensor([[5.1, 3.5, 1.4, 0.2]])))\"");
        return model;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
