package dev.nnj.spark;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A partition's rows and its batches do not depend on the order Spark delivers the rows in. */
class PartTest {

    static Part build(float[][] x, float[][] y, int[] order) {
        Part.Builder b = new Part.Builder(0);
        for (int i : order) {
            b.add(x[i], y[i], "x", "y");
        }
        return b.build();
    }

    @Test
    void rowsDeliveredInAnyOrderMakeTheSamePart() {
        float[][] x = Data.blobs(20, 61);
        float[][] y = Data.oneHot(Data.blobClasses(x.length), 3);
        x[7] = x[3].clone();   // a duplicate row, with its target
        y[7] = y[3].clone();
        int[] forward = new int[x.length];
        int[] backward = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            forward[i] = i;
            backward[i] = x.length - 1 - i;
        }
        Part a = build(x, y, forward);
        Part b = build(x, y, backward);
        assertArrayEquals(a.x(), b.x());
        assertArrayEquals(a.y(), b.y());
        assertEquals(x.length, a.rows());
        Set<String> in = new HashSet<>();
        Set<String> out = new HashSet<>();
        for (int i = 0; i < x.length; i++) {
            in.add(java.util.Arrays.toString(x[i]) + java.util.Arrays.toString(y[i]));
            float[][][] row = a.gather(new int[] {i}, 0, 1);
            out.add(java.util.Arrays.toString(row[0][0]) + java.util.Arrays.toString(row[1][0]));
        }
        assertEquals(in, out, "the same rows, each with its own target");
    }

    @Test
    void batchesCoverEveryRowOnceAnEpochAndOrdersChangeWithTheEpoch() {
        int rows = 37;
        int batches = Batches.perEpoch(rows, 8);
        assertEquals(5, batches);
        int[] order = Batches.order(rows, 3, 1, 0, true);
        boolean[] seen = new boolean[rows];
        int covered = 0;
        for (int b = 0; b < batches; b++) {
            for (int i = Batches.from(rows, b, batches); i < Batches.from(rows, b + 1, batches); i++) {
                assertEquals(false, seen[order[i]]);
                seen[order[i]] = true;
                covered++;
            }
        }
        assertEquals(rows, covered);
        assertArrayEquals(order, Batches.order(rows, 3, 1, 0, true), "a function of seed, epoch and partition");
        assertNotEquals(java.util.Arrays.toString(order), java.util.Arrays.toString(Batches.order(rows, 3, 2, 0, true)));
        assertNotEquals(java.util.Arrays.toString(order), java.util.Arrays.toString(Batches.order(rows, 3, 1, 1, true)));
    }
}
