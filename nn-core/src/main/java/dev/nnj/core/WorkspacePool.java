package dev.nnj.core;

import dev.nnj.core.spi.Kernels;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The inference workspaces of one model, lent to {@code predict} and {@code loss} calls. A call
 * takes any free workspace (or makes one when all are lent out) and puts it back when done, so in
 * steady state a call allocates nothing but its result, and N threads predicting at once use N
 * workspaces. Lock-free: taking and returning are one compare-and-set each.
 */
final class WorkspacePool {

    private final Sequential model;
    private final AtomicReferenceArray<Workspace> free;

    WorkspacePool(Sequential model, int size) {
        this.model = model;
        this.free = new AtomicReferenceArray<>(size);
    }

    Workspace take() {
        for (int i = 0; i < free.length(); i++) {
            Workspace w = free.get(i);
            if (w != null && free.compareAndSet(i, w, null)) {
                return w;
            }
        }
        return new Workspace(model, Kernels.active(), Workspace.Mode.INFERENCE, null);
    }

    /** Returns a workspace; when the pool is full (more threads than slots were busy at once) it is dropped. */
    void give(Workspace w) {
        for (int i = 0; i < free.length(); i++) {
            if (free.get(i) == null && free.compareAndSet(i, null, w)) {
                return;
            }
        }
    }
}
