package dev.nnj.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * {@link Workers}: every part of every job runs exactly once whichever thread claims it, back to
 * back jobs with different part counts never see each other's parts, and a failure in a part is
 * rethrown on the caller.
 */
class WorkersTest {

    @Test
    void everyPartOfEveryJobRunsExactlyOnce() {
        Workers workers = new Workers(3);
        assertTrue(workers.tryAcquire());
        try {
            for (int job = 0; job < 20_000; job++) {
                int parts = 1 + job % 9;
                AtomicIntegerArray runs = new AtomicIntegerArray(parts);
                int spin = job % 7 == 0 ? 2_000 : 0;      // some jobs with slower parts
                workers.run(part -> {
                    for (int i = 0; i < spin; i++) {
                        Thread.onSpinWait();
                    }
                    runs.incrementAndGet(part);
                }, parts);
                for (int p = 0; p < parts; p++) {
                    assertEquals(1, runs.get(p), "job " + job + ", part " + p + " of " + parts);
                }
            }
        } finally {
            workers.release();
        }
    }

    @Test
    void aFailingPartIsRethrownOnTheCaller() {
        Workers workers = new Workers(2);
        assertTrue(workers.tryAcquire());
        try {
            IllegalStateException boom = new IllegalStateException("part 1 failed");
            for (int rep = 0; rep < 50; rep++) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> workers.run(part -> {
                    if (part == 1) {
                        throw boom;
                    }
                }, 4));
                assertSame(boom, e);
            }
            // and the next job runs normally
            AtomicIntegerArray runs = new AtomicIntegerArray(4);
            workers.run(runs::incrementAndGet, 4);
            for (int p = 0; p < 4; p++) {
                assertEquals(1, runs.get(p));
            }
        } finally {
            workers.release();
        }
    }

    @Test
    void aSecondCallerRunsAloneWhileTheWorkersAreTaken() throws InterruptedException {
        Workers workers = new Workers(2);
        assertTrue(workers.tryAcquire());
        boolean[] second = new boolean[1];
        Thread other = new Thread(() -> second[0] = workers.tryAcquire());
        other.start();
        other.join();
        workers.release();
        assertEquals(false, second[0]);
    }
}
