package dev.nnj.core;

import dev.nnj.core.spi.Kernels;
import org.junit.jupiter.api.Test;

import static dev.nnj.core.Layers.dense;
import static dev.nnj.core.Optimizers.adam;
import static dev.nnj.core.Optimizers.adamW;
import static dev.nnj.core.Optimizers.nesterov;
import static dev.nnj.core.Optimizers.rmsprop;
import static dev.nnj.core.Optimizers.sgd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each optimizer over four steps of given gradients, against the parameters PyTorch 1.13's
 * optimizers reach from the same start with the same gradients (printed by torch.optim.SGD,
 * Adam, AdamW and RMSprop with their defaults and the settings named here), and against the
 * published update rules computed in double precision.
 */
class OptimizersTest {

    /** Weights w1, w2 and bias b of a dense(2, 1) layer. */
    static final float[] START = {0.5f, -0.3f, 0.1f};
    static final float[][] GRADIENTS = {{0.2f, -0.4f, 0.05f}, {-0.1f, 0.3f, 0.2f}, {0.25f, 0.1f, -0.3f}, {0.05f, -0.05f, 0.1f}};

    static float[][] steps(Optimizer optimizer, float l2) {
        Sequential model = Sequential.of(dense(2, 1));
        Matrix w = model.parameters().get(0).value();
        Matrix b = model.parameters().get(1).value();
        w.set(0, 0, START[0]);
        w.set(1, 0, START[1]);
        b.set(0, 0, START[2]);
        Updater updater = Updater.start(optimizer, Kernels.active(), model, l2);
        float[][] after = new float[GRADIENTS.length][];
        for (int s = 0; s < GRADIENTS.length; s++) {
            Matrix gw = model.parameters().get(0).gradient();
            gw.set(0, 0, GRADIENTS[s][0]);
            gw.set(1, 0, GRADIENTS[s][1]);
            model.parameters().get(1).gradient().set(0, 0, GRADIENTS[s][2]);
            updater.step();
            after[s] = new float[] {w.get(0, 0), w.get(1, 0), b.get(0, 0)};
        }
        return after;
    }

    static void assertSteps(String name, double[][] expected, float[][] actual, double tolerance) {
        for (int s = 0; s < expected.length; s++) {
            for (int i = 0; i < 3; i++) {
                assertEquals(expected[s][i], actual[s][i], tolerance, name + " step " + (s + 1) + ", value " + i);
            }
        }
    }

    @Test
    void sgdAndMomentumAsPyTorch() {
        assertSteps("sgd(0.1)", new double[][] {{0.479999989, -0.26000002, 0.0949999988}, {0.48999998, -0.290000021, 0.0749999955},
                {0.464999974, -0.300000012, 0.104999997}, {0.459999979, -0.295000017, 0.0949999988}}, steps(sgd(0.1f), 0f), 1e-7);
        assertSteps("sgd(0.1, 0.9)", new double[][] {{0.479999989, -0.26000002, 0.0949999988}, {0.472000003, -0.254000008, 0.0705000013},
                {0.439799994, -0.258599997, 0.0784500018}, {0.405819982, -0.257739991, 0.075605005}}, steps(sgd(0.1f, 0.9f), 0f), 1e-7);
    }

    @Test
    void nesterovAsPyTorch() {
        assertSteps("nesterov(0.1, 0.9)", new double[][] {{0.462000012, -0.224000007, 0.0905000046}, {0.4648, -0.248600006, 0.0484500043},
                {0.410820007, -0.262740016, 0.0856050104}, {0.375238001, -0.256966025, 0.0730445087}},
                steps(nesterov(0.1f, 0.9f), 0f), 2e-7);
        // By the rule: v = μv + g; w -= lr (g + μv), in double.
        double[] w = {START[0], START[1], START[2]};
        double[] v = new double[3];
        float[][] actual = steps(nesterov(0.1f, 0.9f), 0f);
        for (int s = 0; s < GRADIENTS.length; s++) {
            for (int i = 0; i < 3; i++) {
                v[i] = 0.9 * v[i] + GRADIENTS[s][i];
                w[i] -= 0.1 * (GRADIENTS[s][i] + 0.9 * v[i]);
                assertEquals(w[i], actual[s][i], 1e-6, "nesterov by the rule, step " + (s + 1));
            }
        }
    }

    @Test
    void adamAndAdamWAsPyTorch() {
        assertSteps("adam(0.01)", new double[][] {{0.49000001, -0.290000021, 0.0900000036}, {0.487336636, -0.289106786, 0.0811562389},
                {0.48120144, -0.289683551, 0.0825516656}, {0.475373328, -0.289585888, 0.0821134225}}, steps(adam(0.01f), 0f), 1e-6);
        assertSteps("adamW(0.01, 0.1)", new double[][] {{0.489500016, -0.289700031, 0.0899000019}, {0.486347139, -0.288517058, 0.0809663385},
                {0.479725599, -0.288805306, 0.0822807997}, {0.473417759, -0.288418829, 0.0817602798}}, steps(adamW(0.01f, 0.1f), 0f), 1e-6);
    }

    @Test
    void rmspropAsPyTorch() {
        assertSteps("rmsprop(0.01)", new double[][] {{0.400000036, -0.200000033, 1.93715096e-07}, {0.444901347, -0.260192931, -0.0970425606},
                {0.370067179, -0.279960394, -0.0144860148}, {0.355192274, -0.2700755, -0.0411427468}}, steps(rmsprop(0.01f), 0f), 2e-6);
    }

    /** L2 decays weight matrices as PyTorch's SGD weight_decay does, and leaves biases alone. */
    @Test
    void l2DecaysWeightsNotBiases() {
        float[][] decayed = steps(sgd(0.1f), 0.05f);
        double[][] torchWeights = {{0.477499992, -0.25850001}, {0.485112488, -0.287207514}, {0.457686931, -0.29577148},
            {0.450398505, -0.289292634}};
        float[][] plain = steps(sgd(0.1f), 0f);
        for (int s = 0; s < 4; s++) {
            assertEquals(torchWeights[s][0], decayed[s][0], 1e-7);
            assertEquals(torchWeights[s][1], decayed[s][1], 1e-7);
            assertEquals(plain[s][2], decayed[s][2], "the bias is not decayed");
        }
    }

    @Test
    void badSettingsAreRefusedInTheFactory() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> nesterov(0.1f, 0f)).getMessage().contains("(0, 1)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> adamW(0.1f, -1f)).getMessage().contains("weight decay"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> rmsprop(0.1f, 1f, 1e-8f)).getMessage().contains("alpha"));
        assertEquals("adamW(0.001, weight decay 0.01)", adamW(0.001f, 0.01f).toString());
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T value) throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    /** What nn-spark relies on: an optimizer sent to another JVM arrives equal, every setting with it. */
    @Test
    void optimizersSurviveSerializationEqual() throws Exception {
        for (Optimizer o : new Optimizer[] {sgd(0.1f), sgd(0.1f, 0.9f), nesterov(0.05f, 0.8f), adam(0.01f),
            adam(0.01f, 0.8f, 0.95f, 1e-6f), adamW(0.001f, 0.01f), rmsprop(0.01f), rmsprop(0.02f, 0.9f, 1e-6f)}) {
            Optimizer back = roundTrip(o);
            assertEquals(o, back);
            assertEquals(o.toString(), back.toString());
        }
    }

    /** A loss sent to another JVM computes what it computed here, class weights included. */
    @Test
    void lossesSurviveSerializationAndComputeTheSame() throws Exception {
        float[][] x = {{0.2f, -0.4f}, {1.5f, 0.3f}, {-0.7f, 0.9f}};
        float[][] oneHot = {{1, 0}, {0, 1}, {0, 1}};
        float[][] indices = {{0}, {1}, {1}};
        Sequential model = Sequential.of(dense(2, 2), Layers.softmax()).initialize(3);
        Loss[] losses = {Losses.mse(), Losses.crossEntropy(), Losses.crossEntropy(0.5f, 2f)};
        for (Loss loss : losses) {
            Loss back = roundTrip(loss);
            assertEquals(loss.toString(), back.toString());
            assertEquals(model.loss(x, oneHot, loss), model.loss(x, oneHot, back), loss.toString());
        }
        Loss sparse = Losses.sparseCrossEntropy(2f, 1f);
        assertEquals(model.loss(x, indices, sparse), model.loss(x, indices, roundTrip(sparse)));
        Sequential binary = Sequential.of(dense(2, 1), Layers.sigmoid()).initialize(4);
        float[][] labels = {{0}, {1}, {1}};
        assertEquals(binary.loss(x, labels, Losses.binaryCrossEntropy()), binary.loss(x, labels, roundTrip(Losses.binaryCrossEntropy())));
    }
}
