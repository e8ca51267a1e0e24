package dev.nnj.examples;

import dev.nnj.core.Dataset;
import dev.nnj.core.History;
import dev.nnj.core.Optimizer;
import dev.nnj.core.Sequential;
import dev.nnj.data.TabularData;
import dev.nnj.data.TabularDataset;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Layers.relu;
import static dev.nnj.core.Layers.softmax;
import static dev.nnj.core.Layers.tanh;
import static dev.nnj.core.Losses.crossEntropy;
import static dev.nnj.core.Optimizers.adam;
import static dev.nnj.core.Optimizers.sgd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Healthy runs on real data (iris and digits, read with nn-data) and the seed examples raise no
 * finding: the diagnosis stays silent when nothing is wrong.
 */
class HealthyDiagnosisTest {

    static TabularDataset iris(boolean standardize) {
        TabularData table = TabularData.csv(HealthyDiagnosisTest.class.getResourceAsStream("/data/iris.csv"), "iris.csv")
                .label("species");
        return (standardize ? table.standardize() : table).build();
    }

    /** Trains on the split's training part; returns the findings if the run met its bar (else null: judged elsewhere). */
    static List<String> findingsOfASuccessfulRun(Dataset.Split split, Sequential model, Optimizer optimizer, int epochs,
                                                 boolean validation, long seed) {
        var training = model.train().on(split.train()).loss(crossEntropy()).optimizer(optimizer).epochs(epochs).batchSize(16)
                .seed(seed).quiet();
        History h = (validation ? training.validation(split.test()) : training).run();
        if (model.evaluate(split.test()).accuracy() < 0.9) {
            return null;
        }
        List<String> found = new ArrayList<>();
        h.findings().forEach(f -> found.add(f.message()));
        return found;
    }

    @Test
    void irisAndDigitsRunsRaiseNoFinding() {
        TabularDataset standardized = iris(true);
        TabularDataset raw = iris(false);
        int runs = 0;
        List<String> alarms = new ArrayList<>();
        for (long seed = 1; seed <= 5; seed++) {
            Dataset.Split s = standardized.split(0.8, seed);
            Dataset.Split r = raw.split(0.8, seed);
            List<List<String>> results = List.of(
                    findingsOfASuccessfulRun(s, Sequential.of(s.train().preprocessing(), dense(4, 8), relu(), dense(8, 3), softmax())
                            .initialize(seed), sgd(0.1f), 200, false, seed),
                    findingsOfASuccessfulRun(s, Sequential.of(s.train().preprocessing(), dense(4, 16), tanh(), dense(16, 3),
                            softmax()).initialize(seed), adam(0.01f), 100, true, seed),
                    // Raw centimetres (means up to 5.8) work for a relu net with Adam: no symptom, so no finding about scale.
                    findingsOfASuccessfulRun(r, Sequential.of(dense(4, 8), relu(), dense(8, 3), softmax()).initialize(seed),
                            adam(0.01f), 300, false, seed));
            for (List<String> found : results) {
                if (found != null) {
                    runs++;
                    alarms.addAll(found);
                }
            }
        }
        TabularDataset digits = TabularData.csv(HealthyDiagnosisTest.class.getResourceAsStream("/data/digits.csv"), "digits.csv")
                .label("digit").classification().standardize().build();
        for (long seed = 1; seed <= 3; seed++) {
            Dataset.Split d = digits.split(0.8, seed);
            List<String> found = findingsOfASuccessfulRun(d, Sequential.of(d.train().preprocessing(), dense(64, 32), relu(),
                    dense(32, 10), softmax()).initialize(seed), sgd(0.05f, 0.9f), 30, true, seed);
            if (found != null) {
                runs++;
                alarms.addAll(found);
            }
        }
        System.out.println("iris and digits: " + runs + " runs met their bar; " + alarms.size() + " findings");
        assertTrue(runs >= 15, runs + " runs met their bar");
        assertEquals(List.of(), alarms);
    }

    @Test
    void theSeedExamplesPrintNoFinding() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream sink = new PrintStream(PrintStream.nullOutputStream());
        try {
            // The examples' runs print through the default progress output, which is System.out.
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            LogicNetworks.xor(sink);
            LogicNetworks.deepXor(sink);
            LogicNetworks.xor2321(sink);
            LogicNetworks.xorOneHot(sink);
            LogicNetworks.reluXor(sink);
            LogicNetworks.andChain(sink);
            LogicNetworks.gates(sink);
            LogicNetworks.xorBiasColumn(sink);
            LogicNetworks.twoPatterns(sink);
            Iris.run(42, sink);
            Digits.run(42, sink);
        } finally {
            System.setOut(stdout);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertTrue(!printed.contains("nnj diagnosis"), printed);
    }
}
