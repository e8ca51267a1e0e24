package dev.nnj.examples;

import org.junit.jupiter.api.Test;

import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

class DigitsTest {

    @Test
    void classifiesHeldOutDigits() {
        double accuracy = Digits.run(42, new PrintStream(PrintStream.nullOutputStream()));
        assertTrue(accuracy >= 0.93, "test accuracy " + accuracy);
    }
}
