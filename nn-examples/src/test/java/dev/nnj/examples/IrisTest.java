package dev.nnj.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

class IrisTest {

    @Test
    void classifiesHeldOutFlowersForEverySeed() {
        for (long seed = 1; seed <= 5; seed++) {
            double accuracy = Iris.run(seed, new PrintStream(PrintStream.nullOutputStream()));
            assertTrue(accuracy >= 0.9, "seed " + seed + ": test accuracy " + accuracy);
        }
    }

    @Test
    void printsTheLossAndTheTestAccuracy() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        double accuracy = Iris.run(42, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("epoch  200  loss"), out);
        assertTrue(out.contains("test accuracy"), out);
        assertTrue(accuracy >= 0.9, "test accuracy " + accuracy);
    }
}
