package dev.nnj.plot;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownsampleTest {

    static double[] epochs(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    @Test
    void aShortSeriesIsKeptWhole() {
        assertArrayEquals(new int[]{0, 1, 2, 3, 4}, Downsample.indices(epochs(5), new double[5], 500));
    }

    @Test
    void aLongSeriesKeepsExactlyTheLimitInOrderWithItsEnds() {
        int n = 10_000;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 1.0 / (i + 1) + 0.01 * Math.sin(i);
        }
        int[] kept = Downsample.indices(epochs(n), y, 500);
        assertEquals(500, kept.length);
        assertEquals(0, kept[0]);
        assertEquals(n - 1, kept[499]);
        for (int i = 1; i < kept.length; i++) {
            assertTrue(kept[i] > kept[i - 1], "indices out of order at " + i);
        }
    }

    @Test
    void aOneEpochSpikeSurvivesWhereEveryTwentiethPointWouldLoseIt() {
        int n = 10_000;
        double[] y = new double[n];
        Arrays.fill(y, 0.1);
        y[5_003] = 7.5; // a diverging epoch, not on a multiple of 20
        int[] kept = Downsample.indices(epochs(n), y, 500);
        assertTrue(Arrays.stream(kept).anyMatch(i -> i == 5_003), "the spike was dropped");
    }

    @Test
    void aLineStaysOnTheLine() {
        int n = 3_000;
        double[] x = epochs(n);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 2 * x[i] + 1;
        }
        for (int i : Downsample.indices(x, y, 100)) {
            assertEquals(2 * x[i] + 1, y[i]);
        }
        assertThrows(IllegalArgumentException.class, () -> Downsample.indices(x, y, 2));
    }
}
