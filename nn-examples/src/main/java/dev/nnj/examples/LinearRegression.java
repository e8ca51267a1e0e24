package dev.nnj.examples;

import dev.nnj.core.Dataset;
import dev.nnj.core.History;
import dev.nnj.core.Sequential;
import dev.nnj.data.TabularData;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

import java.io.PrintStream;
import java.util.SplittableRandom;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Losses.mse;
import static dev.nnj.core.Optimizers.sgd;

/**
 * The linear-regression seed: fit a line {@code price = m · area + b} by gradient descent, first on
 * the raw columns (areas in the thousands of square feet), then the same fit after
 * {@code standardize()}.
 *
 * <p>On raw columns the gradient of the squared error grows with {@code area²} (millions), so
 * a learning rate that suits scaled data multiplies the error on every step and the loss explodes
 * within two epochs: nnj stops the run, keeps the last finite weights, and its stop reason
 * ({@code history.stopReason()}) says why and what to do. Standardising
 * the feature puts it near [−2, 2]; the same optimizer then converges, and because the
 * standardisation is the first layer of the model, the model still takes raw areas.
 * <pre>
 * mvn -q -pl nn-examples -am package exec:exec -Dexample=linear-regression
 * </pre>
 */
public final class LinearRegression {

    /** The line the data is drawn around: price (thousands) = 0.15 · area (square feet) + 50. */
    static final float TRUE_SLOPE = 0.15f;
    static final float TRUE_INTERCEPT = 50f;

    /**
     * What happened: the epoch in which the raw fit diverged (0 if it did not), and the line the
     * standardised fit found.
     */
    public record Result(int rawDivergedAt, float slope, float intercept, float finalLoss) {
    }

    private LinearRegression() {
    }

    /** {@code LinearRegression [seed]}: draws the houses with the seed (default 42), fits both ways and prints. */
    public static void main(String[] args) {
        cli(System.out, args);
    }

    /** What {@link #main} does, printing to {@code out}: for a command-line registry. */
    public static void cli(PrintStream out, String... args) {
        run(args.length > 0 ? Long.parseLong(args[0]) : 42, out);
    }

    /** Draws 100 houses with {@code seed}, fits both ways, prints what happens, and returns it. */
    public static Result run(long seed, PrintStream out) {
        Table houses = houses(100, seed);

        out.println("1. Gradient descent on the raw columns (area 500–3500 sq ft):");
        Dataset raw = TabularData.from(houses).label("price").build();
        int divergedAt = 0;
        History history = fit(Sequential.of(raw.preprocessing(), dense(1, 1)).initialize(seed), raw, seed, out);
        if (history.stopReason().kind() == History.StopReason.Kind.DIVERGED) {
            // The run stops at the first non-finite loss and keeps the last finite weights; its stop reason says why.
            divergedAt = history.stopReason().epoch() + 1;
            out.println("   " + history.stopReason().message());
        } else {
            out.println("   converged (unexpected for raw areas)");
        }

        out.println("2. The same fit after standardize():");
        Dataset scaled = TabularData.from(houses).label("price").standardize().build();
        Sequential model = Sequential.of(scaled.preprocessing(), dense(1, 1)).initialize(seed);
        fit(model, scaled, seed, out);
        // The model starts with the standardisation, so it takes raw areas: read the line off it.
        float at0 = model.predict(new float[] {0f})[0];
        float at1000 = model.predict(new float[] {1000f})[0];
        float slope = (at1000 - at0) / 1000f;
        float finalLoss = model.loss(scaled.features(), scaled.targets(), mse());
        out.printf("   fitted price = %.4f · area + %.2f (drawn from %.2f · area + %.2f plus noise), mse %.1f%n",
                slope, at0, TRUE_SLOPE, TRUE_INTERCEPT, finalLoss);
        return new Result(divergedAt, slope, at0, finalLoss);
    }

    /** Full-batch gradient descent with the same settings for both runs. */
    private static History fit(Sequential model, Dataset data, long seed, PrintStream out) {
        return model.train().on(data)
                .loss(mse())
                .optimizer(sgd(0.1f))
                .epochs(200)
                .batchSize(data.size())
                .seed(seed)
                .every(40, epoch -> out.printf("   epoch %4d  loss %.3f%n", epoch.number(), epoch.loss()))
                .quiet()
                .run();
    }

    /** Areas uniform in [500, 3500] square feet, prices (thousands) on the line plus noise of sd 10. */
    static Table houses(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] area = new double[count];
        double[] price = new double[count];
        for (int i = 0; i < count; i++) {
            area[i] = Math.round(500 + 3000 * random.nextDouble());
            double noise = 10 * Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            price[i] = Math.round((TRUE_SLOPE * area[i] + TRUE_INTERCEPT + noise) * 10) / 10.0;
        }
        return Table.create("houses", DoubleColumn.create("area", area), DoubleColumn.create("price", price));
    }
}
