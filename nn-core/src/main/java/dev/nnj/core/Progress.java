package dev.nnj.core;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * A run's console output, Keras-style: one line per epoch ({@code epoch 3/20  1.2s  loss 0.452100
 * accuracy 0.8620  val_loss 0.481100  val_accuracy 0.8500}), and, only when the output is a
 * terminal, a bar that redraws itself within the epoch. By default a run stays silent until it
 * has taken two seconds (quick runs print nothing), and then prints at most one line a second
 * (and the last epoch), so a long run in a CI log is a few dozen lines, not thousands.
 */
final class Progress {

    enum Mode { AUTO, ALWAYS, NEVER }

    /** A run that finishes within this many seconds prints nothing in AUTO mode. */
    static final double QUIET_SECONDS = 2.0;

    private final Mode mode;
    private final PrintStream out;
    private final boolean terminal;
    private final int epochs;
    private final long start = System.nanoTime();
    private long lastLine;
    private long lastBar;
    private boolean barShown;

    Progress(Mode mode, PrintStream out, int epochs) {
        this.mode = mode;
        this.out = out;
        this.epochs = epochs;
        this.terminal = mode != Mode.NEVER && out == System.out && isTerminal();
    }

    /** True on an interactive console: System.console() on JDK 17 to 21, Console.isTerminal() from 22 on. */
    static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;   // before JDK 22 a console exists only for a terminal
        }
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    private boolean active() {
        return mode == Mode.ALWAYS || mode == Mode.AUTO && seconds() >= QUIET_SECONDS;
    }

    /** Within an epoch: redraws the bar on a terminal, at most ten times a second. */
    void batch(int epoch, int done, int total, float runningLoss) {
        if (!terminal || total < 2 || !active()) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastBar < 100_000_000L && done < total) {
            return;
        }
        lastBar = now;
        int filled = 30 * done / total;
        out.print(String.format(Locale.ROOT, "\r epoch %d/%d [%s%s] %d/%d  loss %.6f ", epoch, epochs,
                "=".repeat(filled), " ".repeat(30 - filled), done, total, runningLoss));
        out.flush();
        barShown = true;
    }

    /** True if the epoch that just ended gets a line (so its record is worth making). */
    boolean due(boolean last) {
        if (!active()) {
            return false;
        }
        return mode == Mode.ALWAYS || last || lastLine == 0 || System.nanoTime() - lastLine >= 1_000_000_000L;
    }

    /** After an epoch: its line, when the mode and the rate limit allow (the last epoch always, once printing). */
    void epoch(History.Epoch e, boolean last) {
        if (!due(last)) {
            return;
        }
        lastLine = System.nanoTime();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  %.1fs  loss %.6f", e.number(), epochs,
                e.seconds(), e.loss()));
        if (!Float.isNaN(e.accuracy())) {
            s.append(String.format(Locale.ROOT, "  accuracy %.4f", e.accuracy()));
        }
        if (!Float.isNaN(e.validationLoss())) {
            s.append(String.format(Locale.ROOT, "  val_loss %.6f", e.validationLoss()));
        }
        if (!Float.isNaN(e.validationAccuracy())) {
            s.append(String.format(Locale.ROOT, "  val_accuracy %.4f", e.validationAccuracy()));
        }
        s.append(String.format(Locale.ROOT, "  lr %.3g", e.learningRate()));
        clearBar();
        out.println(s);
    }

    /** A message that ends or explains the run (early stop, divergence): printed unless the run is silenced. */
    void note(String message) {
        if (mode == Mode.NEVER) {
            return;
        }
        clearBar();
        out.println(message);
    }

    private void clearBar() {
        if (barShown) {
            out.print("\r" + " ".repeat(79) + "\r");
            barShown = false;
        }
    }
}
