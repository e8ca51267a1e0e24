/** nnj examples: one runnable program per problem, and the command-line entry. */
module dev.nnj.examples {
    // The model, layers, losses, optimizers and training DSL every example uses.
    requires dev.nnj.core;
    // TabularData and IdxData, for the iris, digits, Fashion-MNIST and regression examples.
    requires dev.nnj.data;
    // Plots, for the pictures example.
    requires dev.nnj.plot;
    // No code here names nn-simd; requiring it makes sure the fast kernels are on the module graph
    // whenever the examples are (nn-core finds them as a service).
    requires dev.nnj.simd;
    // xor-speed reads the per-thread allocation counter (com.sun.management).
    requires jdk.management;
    // spark-fashion-mnist uses nn-spark and Spark from the class path: Spark's jars cannot be modules
    // (their derived names are not legal), so the build adds --add-reads dev.nnj.examples=ALL-UNNAMED.
}
