package example;

import dev.nnj.core.Sequential;
import dev.nnj.core.spi.Kernels;
import dev.nnj.data.TabularData;

import java.nio.file.Path;

import static dev.nnj.core.Layers.*;
import static dev.nnj.core.Losses.*;
import static dev.nnj.core.Optimizers.*;

/**
 * The README's iris snippet in a user's project that depends on nn-data (and, in CI's JDK 25 run,
 * nn-simd). Every line it prints starts with "consumer: ", so that CI can tell them from anything
 * printed that the program did not ask for. Exits non-zero if the model does not learn.
 */
public class Iris {

    public static void main(String[] args) {
        var data  = TabularData.csv(Path.of(args[0])).label("species").standardize().build();
        var split = data.split(0.8, 42);
        var model = Sequential.of(split.train().preprocessing(), dense(4, 8), relu(), dense(8, 3), softmax());
        model.train().on(split.train()).loss(crossEntropy()).optimizer(sgd(0.1f)).epochs(200).run();
        float[][] p = model.predict(split.test().features());

        float[][] y = split.test().targets();
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            right += argmax(p[i]) == argmax(y[i]) ? 1 : 0;
        }
        double accuracy = (double) right / p.length;
        System.out.printf("consumer: iris test accuracy %.3f on %d flowers%n", accuracy, p.length);
        System.out.println("consumer: kernels " + Kernels.active().name());
        if (accuracy < 0.8) {
            throw new AssertionError("iris did not learn: test accuracy " + accuracy);
        }
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int j = 1; j < row.length; j++) {
            if (row[j] > row[best]) {
                best = j;
            }
        }
        return best;
    }
}
