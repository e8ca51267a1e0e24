package example;

import dev.nnj.core.Dataset;
import dev.nnj.core.Evaluation;
import dev.nnj.core.Finding;
import dev.nnj.core.GradientCheck;
import dev.nnj.core.History;
import dev.nnj.core.Layer;
import dev.nnj.core.LearningRateCurve;
import dev.nnj.core.Loss;
import dev.nnj.core.Matrix;
import dev.nnj.core.Optimizer;
import dev.nnj.core.Parameter;
import dev.nnj.core.Sequential;
import dev.nnj.core.Training;
import dev.nnj.core.spi.Kernels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.nnj.core.Layers.*;
import static dev.nnj.core.Losses.*;
import static dev.nnj.core.Optimizers.*;

/**
 * Every pinned name of the public API (the project's design document), used the way a user would, on nn-core alone; exits non-zero if anything
 * is off. Every line it prints starts with "consumer: ", so that CI can tell them from anything
 * printed that the program did not ask for.
 */
public class PinnedApi {

    public static void main(String[] args) {
        float[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        float[][] y = {{0}, {1}, {1}, {0}};

        Sequential model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
        Training training = model.train()
                .on(x, y)
                .loss(binaryCrossEntropy())
                .optimizer(sgd(0.1f))
                .epochs(10_000)
                .batchSize(4)
                .seed(1)
                .every(5_000, epoch -> System.out.println("consumer: " + epoch));
        History history = training.run();
        float[][] p = model.predict(x);
        float[] one = model.predict(new float[] {1, 0});
        check(history.epochs().size() == 10_000 && history.finalLoss() < 0.1f, "XOR trains: " + history);
        check(p[1][0] > 0.5f && p[0][0] < 0.5f && one[0] > 0.5f, "XOR predicts");

        List<Parameter> parameters = model.parameters();
        Parameter w = parameters.get(0);
        Matrix value = w.value();
        Matrix gradient = w.gradient();
        check(w.name().equals("0.weight") && value.rows() == 2 && value.cols() == 3 && gradient.rows() == 2, "parameters");
        float loss = model.computeGradients(x, y, binaryCrossEntropy());
        check(Math.abs(loss - model.loss(x, y, binaryCrossEntropy())) < 1e-6, "computeGradients and loss agree");
        value.set(0, 0, value.get(0, 0));
        check(Matrix.of(value.toArray()).get(1, 2) == value.get(1, 2), "Matrix round trip");
        check(model.initialize(7) == model, "initialize returns the model");

        Layer[] everyLayer = {dense(2, 2), sigmoid(), tanh(), relu(), leakyRelu(), leakyRelu(0.2f), softmax(), identity()};
        Loss[] everyLoss = {mse(), binaryCrossEntropy(), crossEntropy()};
        Optimizer[] everyOptimizer = {sgd(0.1f), sgd(0.1f, 0.9f), adam(0.01f)};
        check(everyLayer.length == 8 && everyLoss.length == 3 && everyOptimizer.length == 3, "factories");

        float[][] oneHot = {{1, 0}, {0, 1}, {0, 1}, {1, 0}, {1, 0}, {0, 1}};
        float[][] rows = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {0.1f, 0.1f}, {0.9f, 0.1f}};
        Dataset data = Dataset.of(rows, oneHot);
        Dataset.Split split = data.split(0.5, 42);
        check(data.size() == 6 && data.features().length == 6 && data.targets()[0].length == 2, "Dataset");
        Sequential classifier = Sequential.of(split.train().preprocessing(), dense(2, 8), tanh(), dense(8, 2), softmax());
        classifier.train().on(split.train()).loss(crossEntropy()).optimizer(adam(0.05f)).epochs(50).batchSize(2).run();
        check(classifier.predict(split.test().features()).length == split.test().size(), "train on a Dataset split");

        // The second wave's pinned names: copy, summary, evaluate, the optimizers, dropout and batch norm,
        // validation, early stopping, ONNX export and loading weights.
        Sequential twin = model.copy();
        check(twin.predict(x)[1][0] == model.predict(x)[1][0] && twin.summary().contains("dense(2 -> 3)"), "copy and summary");
        Optimizer[] more = {nesterov(0.1f, 0.9f), adamW(0.01f, 0.01f), rmsprop(0.01f)};
        check(more.length == 3, "optimizers");
        Sequential regularised = Sequential.of(dense(2, 8), batchNorm(), relu(), dropout(0.1f), dense(8, 2), softmax());
        History stopped = regularised.train().on(data).validation(split.test()).loss(crossEntropy())
                .optimizer(adamW(0.01f, 0.01f)).epochs(200).batchSize(3).earlyStopping(5).quiet().run();
        History held = regularised.copy().train().on(data).validationSplit(0.5).loss(crossEntropy()).optimizer(rmsprop(0.01f))
                .epochs(3).quiet().run();
        check(!Float.isNaN(stopped.epochs().get(0).validationLoss()) && !Float.isNaN(held.epochs().get(0).validationLoss()),
                "validation");
        Evaluation evaluation = regularised.evaluate(data);
        int[][] confusion = evaluation.confusionMatrix();
        check(confusion.length == 2 && evaluation.accuracy() >= 0 && evaluation.loss() > 0, "evaluate: " + evaluation);
        try {
            Path folder = Files.createTempDirectory("nnj-consumer");
            model.exportOnnx(folder.resolve("xor.onnx"));
            model.save(folder.resolve("xor.nnj"));
            Sequential same = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid()).loadWeights(folder.resolve("xor.nnj"));
            check(same.predict(x)[1][0] == model.predict(x)[1][0] && Files.size(folder.resolve("xor.onnx")) > 0,
                    "exportOnnx and loadWeights");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Training diagnosis (issue 12): a healthy run has no findings; all-zero weights are named before training.
        check(history.findings().isEmpty(), "a healthy run has no findings: " + history.findings());
        Sequential stuck = Sequential.of(dense(2, 3, dev.nnj.core.Initializers.zeros()), sigmoid(),
                dense(3, 1, dev.nnj.core.Initializers.zeros()), sigmoid());
        List<Finding> findings = stuck.train().on(x, y).loss(binaryCrossEntropy()).optimizer(sgd(0.5f)).epochs(100)
                .batchSize(4).quiet().run().findings();
        Finding finding = findings.get(0);
        Finding.Kind kind = finding.kind();
        int layer = finding.layer();
        String message = finding.message();
        check(kind == Finding.Kind.SYMMETRIC_WEIGHTS && layer == 0 && message.contains("SYMMETRIC_WEIGHTS"), message);
        float[][] labelsOneTwo = {{1}, {2}, {2}, {1}};
        List<Finding> onDemand = model.diagnose(Dataset.of(x, labelsOneTwo), binaryCrossEntropy());
        check(onDemand.get(0).kind() == Finding.Kind.LOSS_MISMATCH, "diagnose: " + onDemand);
        check(Finding.Kind.values().length == 13 && Finding.Kind.valueOf("NOT_SEPARABLE") != null
                && Finding.Kind.valueOf("OVERFITTING") != null, "the kinds");
        check(model.train().on(x, y).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(10).diagnosis(false).quiet()
                .run().findings().isEmpty(), "diagnosis(false)");
        LearningRateCurve curve = model.findLearningRate(x, y, binaryCrossEntropy(), sgd(0.1f));
        check(curve.rates().length == curve.losses().length && curve.rates().length > 0, "findLearningRate: " + curve);
        System.out.println("consumer: " + curve);

        GradientCheck.Result result = GradientCheck.check(model, x, y, binaryCrossEntropy());
        check(result.passed(), result.toString());
        System.out.println("consumer: " + result);
        System.out.println("consumer: all pinned names compile and run");
        System.out.println("consumer: kernels " + Kernels.active().name());
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("pinned API check failed: " + what);
        }
    }
}
