package dev.nnj.simd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A tiny fork-join for one job at a time: {@code count − 1} daemon workers plus the calling
 * thread each run one part of a {@link Job}. Handing over a job allocates nothing; workers spin
 * briefly after a job (the next product of a training step usually follows within microseconds)
 * and then park.
 */
final class Workers {

    /** One parallel job; {@code part} is 0 for the caller, 1.. for the workers. */
    interface Job {
        void run(int part);
    }

    /** How long a worker spins for the next job before it parks, in nanoseconds. */
    private static final long SPIN_NANOS = 50_000;

    private final Thread[] threads;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile int epoch;
    private volatile Job job;
    private volatile int parts;
    private volatile Thread caller;
    private volatile Throwable failure;

    Workers(int count) {
        threads = new Thread[count - 1];
        for (int i = 0; i < threads.length; i++) {
            int part = i + 1;
            Thread t = new Thread(() -> loop(part), "nnj-simd-worker-" + part);
            t.setDaemon(true);
            threads[i] = t;
            t.start();
        }
    }

    /** Total threads a job can use, the caller included. */
    int count() {
        return threads.length + 1;
    }

    /**
     * Tries to take the workers for one job; false when another thread is using them (the
     * caller then runs alone). Pair with {@link #release()}.
     */
    boolean tryAcquire() {
        return lock.tryLock();
    }

    void release() {
        lock.unlock();
    }

    /** Runs parts {@code 0 .. parts−1} of the job, part 0 on the calling thread; needs {@link #tryAcquire()}. */
    void run(Job j, int partCount) {
        if (partCount <= 1) {
            j.run(0);
            return;
        }
        job = j;
        parts = partCount;
        caller = Thread.currentThread();
        failure = null;
        remaining.set(threads.length);
        epoch = epoch + 1;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        Throwable mine = null;
        try {
            j.run(0);
        } catch (Throwable t) {
            mine = t;
        }
        long start = System.nanoTime();
        while (remaining.get() != 0) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 100_000);
            }
        }
        job = null;
        Throwable theirs = failure;
        if (mine != null || theirs != null) {
            Throwable t = mine != null ? mine : theirs;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(t);
        }
    }

    private void loop(int part) {
        int seen = 0;
        while (true) {
            long start = System.nanoTime();
            int e;
            while ((e = epoch) == seen) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = e;
            Job j = job;
            try {
                if (j != null && part < parts) {
                    j.run(part);
                }
            } catch (Throwable t) {
                failure = t;
            }
            if (remaining.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }
}
