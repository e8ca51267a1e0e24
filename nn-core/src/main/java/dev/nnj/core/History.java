package dev.nnj.core;

import java.util.AbstractList;
import java.util.List;

/**
 * What a training run recorded: the mean training loss of every epoch.
 * <pre>{@code
 * History history = model.train().on(x, y).loss(mse()).optimizer(sgd(0.1f)).epochs(100).run();
 * System.out.println(history.finalLoss());
 * history.epochs().forEach(System.out::println);   // epoch 1  loss 0.693147 ...
 * }</pre>
 */
public final class History {

    /**
     * One epoch's record.
     *
     * @param number the epoch, counting from 1
     * @param loss   the mean training loss over the epoch's batches (weighted by batch size),
     *               measured while the parameters were being updated
     */
    public record Epoch(int number, float loss) {
        @Override
        public String toString() {
            return String.format("epoch %d  loss %.6f", number, loss);
        }
    }

    // One float per epoch, preallocated, so recording allocates nothing during training.
    private final float[] losses;
    private int count;

    History(int epochs) {
        this.losses = new float[epochs];
    }

    void record(float loss) {
        losses[count++] = loss;
    }

    /** The per-epoch records, in order. */
    public List<Epoch> epochs() {
        int size = count;
        return new AbstractList<>() {
            @Override
            public Epoch get(int index) {
                if (index < 0 || index >= size) {
                    throw new IndexOutOfBoundsException("History: epoch index " + index + " of " + size);
                }
                return new Epoch(index + 1, losses[index]);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** The last epoch's mean loss. @throws IllegalStateException if no epoch completed */
    public float finalLoss() {
        if (count == 0) {
            throw new IllegalStateException("History: no epoch has completed.");
        }
        return losses[count - 1];
    }

    @Override
    public String toString() {
        return "History[" + count + " epochs" + (count > 0 ? ", final loss " + finalLoss() : "") + "]";
    }
}
