// nnj's jshell start-up: the imports a session needs, and XOR's data to try them on.
import dev.nnj.core.*;
import dev.nnj.data.*;
import static dev.nnj.core.Layers.*;
import static dev.nnj.core.Losses.*;
import static dev.nnj.core.Optimizers.*;
import static dev.nnj.core.Initializers.*;
import static dev.nnj.core.Schedules.*;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

float[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
float[][] y = {{0}, {1}, {1}, {0}};

System.out.println("""
        nnj shell: dev.nnj.core and dev.nnj.data are imported, with the factories (dense, sigmoid, mse, sgd, adam ...).
        x and y hold XOR. Try:
          var model = Sequential.of(dense(2, 3), sigmoid(), dense(3, 1), sigmoid());
          System.out.println(model.explain(x, y, binaryCrossEntropy(), sgd(0.1f)));
          model.train().on(x, y).loss(binaryCrossEntropy()).optimizer(sgd(0.1f)).epochs(10_000).batchSize(4).run();
          Arrays.deepToString(model.predict(x))
        /exit leaves.""");
