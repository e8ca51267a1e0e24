package dev.nnj.simd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A tiny fork-join for one job at a time: the calling thread and {@code count − 1} daemon
 * workers share the parts of a {@link Job}. Each part is claimed by exactly one thread: the
 * caller runs part 0, then claims whatever parts no worker has started, so a worker that is
 * asleep or descheduled (a machine busy with other work) delays the job by nothing, and a job cut
 * into more parts than threads balances itself. Handing over a job allocates nothing; workers
 * spin briefly after a job (the next product of a training step usually follows within
 * microseconds) and then park.
 *
 * <p>Which thread runs a part never changes what the part computes, so results do not depend on
 * the scheduling.
 */
final class Workers {

    /** One parallel job; {@code part} runs from 0 to the part count given to {@link #run}. */
    interface Job {
        void run(int part);
    }

    /** How long a worker spins for the next job before it parks, in nanoseconds. */
    private static final long SPIN_NANOS = 50_000;
    /** The most parts a job may have with few threads; with many, twice the threads (an update's split). */
    static final int MAX_PARTS = 64;

    private final Thread[] threads;
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Per part: −e while job e offers it, +e once a thread has claimed it for job e. Set for
     * every part of a job before the job is published, so a claim can only succeed for the job
     * the claiming thread read, never for an earlier or a later one.
     */
    private final AtomicIntegerArray claims;
    private final AtomicInteger done = new AtomicInteger();
    /** The current job's number; written after {@link #job} and {@link #parts}, so a reader of it sees both. */
    private volatile int epoch;
    private volatile Job job;
    private volatile int parts;
    private volatile Thread caller;
    private volatile Throwable failure;

    Workers(int count) {
        claims = new AtomicIntegerArray(Math.max(MAX_PARTS, 2 * count));
        threads = new Thread[count - 1];
        for (int i = 0; i < threads.length; i++) {
            int first = i + 1;
            Thread t = new Thread(() -> loop(first), "nnj-simd-worker-" + first);
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

    /** Runs parts {@code 0 .. partCount−1} of the job on this thread and the workers; needs {@link #tryAcquire()}. */
    void run(Job j, int partCount) {
        if (partCount <= 1) {
            j.run(0);
            return;
        }
        if (partCount > claims.length()) {
            throw new IllegalArgumentException("at most " + claims.length() + " parts, got " + partCount);
        }
        int e = epoch + 1;
        job = j;
        parts = partCount;
        caller = Thread.currentThread();
        failure = null;
        done.set(0);
        for (int p = 0; p < partCount; p++) {
            claims.set(p, -e);
        }
        epoch = e;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        // Part 0 first, then every part no worker has claimed yet.
        for (int p = 0; p < partCount; p++) {
            if (claim(p, e)) {
                runPart(j, p);
            }
        }
        long start = System.nanoTime();
        while (done.get() != partCount) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 100_000);
            }
        }
        job = null;
        // Nothing of the finished job stays reachable from the pool: not its caller, not its failure.
        caller = null;
        Throwable t = failure;
        failure = null;
        if (t != null) {
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(t);
        }
    }

    /** Claims part p for job e; false if another thread has, or if job e is not the one on offer (a worker that woke up late). */
    private boolean claim(int p, int e) {
        return claims.compareAndSet(p, -e, e);
    }

    private void runPart(Job j, int p) {
        try {
            j.run(p);
        } catch (Throwable t) {
            failure = t;
        }
        done.incrementAndGet();
    }

    private void loop(int first) {
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
            int n = parts;
            if (j == null) {
                continue;
            }
            // Worker i starts at part i·n/count and goes on in order, the caller at part 0: each
            // thread normally runs the same contiguous share of every job (with 2 threads and 4
            // parts, the caller 0-1 and the worker 2-3), so the rows of dW a product leaves in one
            // core's cache are the range the next update job reads on that core. Starting at part i
            // interleaved the shares and moved them between cores at random: the W2 step at 2 threads
            // took 261-275 us instead of 223-253.
            boolean ran = false;
            int from = first * n / count();
            for (int k = 0; k < n; k++) {
                int p = (from + k) % n;
                if (claim(p, e)) {
                    runPart(j, p);
                    ran = true;
                }
            }
            if (ran && done.get() == n) {
                LockSupport.unpark(caller);
            }
        }
    }
}
