/** nnj examples: one runnable program per problem, and the command-line entry. */
module dev.nnj.examples {
    requires dev.nnj.core;
    requires dev.nnj.data;
    requires dev.nnj.simd;
    // The xor example reports its allocation from the per-thread counter (com.sun.management).
    requires jdk.management;
}
