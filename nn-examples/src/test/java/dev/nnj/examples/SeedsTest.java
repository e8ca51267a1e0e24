package dev.nnj.examples;

import dev.nnj.core.BackpropCheck.Mistake;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every seed of the guide: the check names the mistake its wrong code was written with, says
 * "matches" for its right code, the diagnosis names the faulty setup, and the right version trains.
 */
class SeedsTest {

    @Test
    void eachSeedsWrongCodeIsNamedItsRightCodeMatchesAndItsRightVersionTrains() {
        ExampleOutputs.Run<Seeds.Outcome> run = ExampleOutputs.seeds();
        assertEquals(Seeds.SEEDS.size(), run.outcomes().size());
        for (int i = 0; i < Seeds.SEEDS.size(); i++) {
            Seeds.Seed seed = Seeds.SEEDS.get(i);
            Seeds.Outcome o = run.outcomes().get(i);
            assertEquals(seed.name(), o.name());
            assertEquals(seed.mistakes(), o.mistakes(), seed.name() + ": what the check named for the wrong code");
            assertEquals(Mistake.NONE, o.right(), seed.name() + ": the right code must match nnj's gradients");
            assertEquals(seed.findings(), o.findings(), seed.name() + ": the diagnosis of the faulty setup");
            assertTrue(o.fixed().isEmpty(), seed.name() + ": the right version trains without a finding, got " + o.fixed());
            assertTrue(o.solved(), seed.name() + ": the right version reaches its bar");
            assertTrue(run.text().contains("== " + seed.name() + ": " + seed.symptom() + "   (docs/guide/" + seed.page() + ")"),
                    seed.name());
        }
        // What each page says happens from most starting weights, not only from the one it shows: the wrong code's symptom
        // from at least 8 of 10, the right code's success from at least 8 (the 2-2-2 net, whose two hidden units leave
        // plain SGD stuck for about half the starts with right code too, from at least 3 and fewer than the wrong code fails).
        for (Seeds.Outcome o : run.outcomes()) {
            List<Integer> c = o.counts();
            switch (o.name()) {
                case "two-bugs" -> assertTrue(c.get(0) <= 1 && c.get(1) >= 8, o.name() + " " + c);
                case "one-hot-slicing" -> assertTrue(c.get(0) >= 8 && c.get(1) >= 3 && Seeds.STARTS - c.get(0) < c.get(1),
                        o.name() + " " + c);
                case "regression-nan" -> assertTrue(c.isEmpty(), o.name() + " starts from zeros: nothing to vary");
                default -> assertTrue(!c.isEmpty() && c.stream().allMatch(n -> n >= 8), o.name() + " " + c);
            }
        }
        // Each kind the pages promise is printed, not only returned.
        for (Seeds.Seed seed : Seeds.SEEDS) {
            String section = ExampleOutputs.sections(run.text()).get(seed.name());
            seed.findings().forEach(k -> assertTrue(section.contains("nnj diagnosis: " + k), seed.name() + " prints " + k));
        }
    }

    @Test
    void oneSeedRunsByItsNameAndAnUnknownNameListsThem() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<Seeds.Outcome> one = Seeds.run(out, "online-sgd");
        assertEquals(1, one.size());
        assertEquals(List.of(Mistake.TRANSPOSED), one.get(0).mistakes());
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("operands could not be broadcast together with shapes (2,3) (3,2)"));
        assertTrue(Seeds.run(out, "no-such-seed").isEmpty());
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("no seed named [no-such-seed]; the names are:")
                && bytes.toString(StandardCharsets.UTF_8).contains("  neuron-chain"), "lists the names");
    }

    @Test
    void theLearnersArraysBehaveAsNumpysDo() {
        double[][] a = {{1, 2, 3}, {4, 5, 6}};
        assertArrayEquals(new double[][] {{14}, {32}}, Seeds.dot(a, new double[][] {{1}, {2}, {3}}));
        IllegalArgumentException misaligned = assertThrows(IllegalArgumentException.class, () -> Seeds.dot(a, a));
        assertEquals("shapes (2,3) and (2,3) not aligned: 3 (dim 1) != 2 (dim 0)", misaligned.getMessage());
        // A bias row stretches over the rows, a column over the columns; other shapes are refused.
        assertArrayEquals(new double[][] {{2, 4, 6}, {5, 7, 9}}, Seeds.add(a, new double[][] {{1, 2, 3}}));
        assertArrayEquals(new double[][] {{2, 4, 6}, {8, 10, 12}}, Seeds.mul(a, new double[][] {{2}, {2}}));
        assertThrows(IllegalArgumentException.class, () -> Seeds.add(a, new double[][] {{1, 2}}));
        double[][] w = {{1, 1, 1}, {1, 1, 1}};
        Seeds.minusEquals(w, Seeds.times(0.5, a));
        assertArrayEquals(new double[][] {{0.5, 0, -0.5}, {-1, -1.5, -2}}, w);
        // w -= d must keep w's shape, as numpy's in-place operators do.
        assertThrows(IllegalArgumentException.class, () -> Seeds.minusEquals(new double[][] {{1}, {1}}, new double[][] {{1, 1}}));
        assertArrayEquals(new double[][] {{5, 7, 9}}, Seeds.sumRows(a));
        assertArrayEquals(new double[][] {{1, 4}, {2, 5}, {3, 6}}, Seeds.T(a));
    }
}
