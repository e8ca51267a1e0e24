package dev.nnj.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every setup of the guide is named by the expected finding, and its fix trains with no finding. */
class DiagnosesTest {

    @Test
    void eachBrokenSetupIsNamedAndItsFixTrainsCleanly() {
        List<Diagnoses.Outcome> outcomes = ExampleOutputs.diagnoses().outcomes();
        String out = ExampleOutputs.diagnoses().text();
        assertEquals(Diagnoses.CASES.size(), outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            Diagnoses.Case c = Diagnoses.CASES.get(i);
            Diagnoses.Outcome o = outcomes.get(i);
            assertTrue(!o.broken().isEmpty() && o.broken().get(0).kind() == c.expected(), c.name() + ": " + o.broken());
            assertTrue(o.fixed().findings().isEmpty(), c.name() + " fixed: " + o.fixed().findings());
            assertTrue(o.fixed().solved(), c.name() + " fixed: " + o.fixed().result());
            assertTrue(out.contains("== " + c.name() + ": ") && out.contains("nnj diagnosis: " + c.expected()), c.name());
        }
    }

    @Test
    void oneSetupRunsByItsNameAndAnUnknownNameListsThem() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertEquals(1, Diagnoses.run(out, "no-hidden-layer").size());
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("NOT_SEPARABLE"));
        assertTrue(Diagnoses.run(out, "no-such-setup").isEmpty());
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("shuffled-labels"), "lists the names");
    }

    @Test
    void theRangeTestSuggestsARateForTheGuidesClassifier() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        dev.nnj.core.LearningRateCurve curve = Diagnoses.rangeTest(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertTrue(curve.suggested() > 1e-3f && curve.suggested() < 10f, curve.toString());
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("suggests"), bytes.toString(StandardCharsets.UTF_8));
    }
}
