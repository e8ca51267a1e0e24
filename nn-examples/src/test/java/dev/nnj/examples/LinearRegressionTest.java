package dev.nnj.examples;

import org.junit.jupiter.api.Test;

import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinearRegressionTest {

    @Test
    void rawColumnsDivergeAndStandardizedOnesRecoverTheLine() {
        LinearRegression.Result result = LinearRegression.run(42, new PrintStream(PrintStream.nullOutputStream()));
        assertTrue(result.rawDivergedAt() > 0, "gradient descent on raw areas should diverge: " + result);
        assertEquals(LinearRegression.TRUE_SLOPE, result.slope(), 0.005, result.toString());
        assertEquals(LinearRegression.TRUE_INTERCEPT, result.intercept(), 8, result.toString());
        // What is left is the noise (sd 10, variance about 100).
        assertTrue(result.finalLoss() < 150, result.toString());
    }
}
