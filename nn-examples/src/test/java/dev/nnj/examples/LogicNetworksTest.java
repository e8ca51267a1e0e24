package dev.nnj.examples;

import dev.nnj.core.Sequential;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each seed example, as the CLI runs it, ends with every prediction right. */
class LogicNetworksTest {

    final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    void assertAllRight(Sequential model, float[][] targets) {
        assertAllRight(model, LogicNetworks.INPUTS, targets);
    }

    void assertAllRight(Sequential model, float[][] inputs, float[][] targets) {
        float[][] p = model.predict(inputs);
        for (int r = 0; r < targets.length; r++) {
            for (int c = 0; c < targets[r].length; c++) {
                assertTrue((p[r][c] > 0.5f) == (targets[r][c] > 0.5f), "row " + r + ": " + buffer);
            }
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains(targets.length + " of " + targets.length + " right"), printed);
        assertTrue(printed.contains("loss"), printed);
    }

    @Test
    void xor() {
        assertAllRight(LogicNetworks.xor(out), LogicNetworks.XOR);
    }

    @Test
    void deepXor() {
        assertAllRight(LogicNetworks.deepXor(out), LogicNetworks.XOR);
    }

    @Test
    void xor2321() {
        assertAllRight(LogicNetworks.xor2321(out), LogicNetworks.XOR);
    }

    @Test
    void xorOneHot() {
        assertAllRight(LogicNetworks.xorOneHot(out), LogicNetworks.XOR_ONE_HOT);
    }

    @Test
    void reluXor() {
        assertAllRight(LogicNetworks.reluXor(out), LogicNetworks.XOR);
    }

    @Test
    void xorWithABiasColumn() {
        assertAllRight(LogicNetworks.xorBiasColumn(out), LogicNetworks.INPUTS_WITH_BIAS, LogicNetworks.XOR);
    }

    @Test
    void twoPatternsAreNotStuckAtTheirAverage() {
        Sequential model = LogicNetworks.twoPatterns(out);
        assertAllRight(model, LogicNetworks.TWO_PATTERNS, LogicNetworks.TWO_PATTERN_TARGETS);
        float[][] p = model.predict(LogicNetworks.TWO_PATTERNS);
        assertTrue(p[0][0] < 0.2f && p[1][0] > 0.8f, "far from the average 0.5: " + p[0][0] + ", " + p[1][0]);
    }

    @Test
    void andChain() {
        assertAllRight(LogicNetworks.andChain(out), LogicNetworks.AND);
    }

    @Test
    void gates() {
        Sequential[] models = LogicNetworks.gates(out);
        assertTrue(models.length == 4 && buffer.toString(StandardCharsets.UTF_8).split("4 of 4 right", -1).length == 5, buffer.toString());
    }

    @Test
    void everyExampleNameIsUniqueAndTheDemoIsTheXorNetworks() {
        assertTrue(Main.EXAMPLES.stream().map(Main.Example::name).distinct().count() == Main.EXAMPLES.size());
        assertTrue(Main.EXAMPLES.stream().filter(Main.Example::demo).allMatch(e -> e.name().contains("xor")));
    }

    @Test
    void xorSpeedReportsASteadyStateThatAllocatesOnlyHistory() {
        XorSpeed.Result result = XorSpeed.measure(out);
        // 20 bytes per epoch are History's record (loss, accuracy, rate, time); the run's one-off setup (a few KB
        // over 10,000 steps) adds well under 1 per step, while anything a step allocated would add at least 16.
        assertTrue(result.steadyBytesPerStep() < 21, result.toString());
        assertTrue(result.steadyMedianMillis() > 0 && result.firstRunMillis() > 0, result.toString());
        assertTrue(buffer.toString(StandardCharsets.UTF_8).contains("per step"));
    }
}
