package dev.nnj.examples;

import dev.nnj.core.History;
import dev.nnj.core.Sequential;

import java.io.PrintStream;

/** How every example prints: a heading, the loss as it trains, the predictions at the end. */
final class Report {

    private Report() {
    }

    static void heading(PrintStream out, String title, Sequential model) {
        out.println();
        out.println("== " + title);
        out.println("   " + model);
    }

    static void epoch(PrintStream out, History.Epoch epoch) {
        out.println("   " + epoch);
    }

    static void predictions(PrintStream out, Sequential model, float[][] x, float[][] y) {
        float[][] p = model.predict(x);
        int right = 0;
        for (int r = 0; r < x.length; r++) {
            boolean ok = true;
            for (int c = 0; c < y[r].length; c++) {
                ok &= (p[r][c] > 0.5f) == (y[r][c] > 0.5f);
            }
            right += ok ? 1 : 0;
            out.printf("   %s -> %s   (target %s)%s%n", format(x[r]), format(p[r]), format(y[r]), ok ? "" : "   WRONG");
        }
        out.printf("   %d of %d right%n", right, x.length);
    }

    static String format(float[] row) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < row.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format("%.3f", row[i]));
        }
        return s.append(']').toString();
    }
}
