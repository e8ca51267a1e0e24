/**
 * nnj data: tables to datasets through Tablesaw ({@link dev.nnj.data.TabularData}), their
 * preprocessing and splits ({@link dev.nnj.data.TabularDataset}), and the IDX (MNIST) reader
 * ({@link dev.nnj.data.IdxData}).
 */
module dev.nnj.data {
    exports dev.nnj.data;

    // Dataset and Layer, which this module produces and which users name.
    requires transitive dev.nnj.core;
    // Tablesaw reads the CSV files, and its Table is part of our API (TabularData.from(Table)), hence
    // transitive. tablesaw-core 0.44.4 has no module descriptor nor Automatic-Module-Name, so its
    // automatic module name comes from the jar's file name.
    requires transitive tablesaw.core;
    // An automatic module declares no dependencies, so on the module path nothing would resolve the
    // dependencies of tablesaw-core that are explicit modules; Tablesaw needs them at run time:
    // ClassGraph (Table's class initialiser scans for readers), SLF4J (its logging) and RoaringBitmap
    // (row selections). Naming them here makes `java -p ... -m dev.nnj.examples/...` work without
    // --add-modules.
    requires io.github.classgraph;
    requires org.slf4j;
    requires roaringbitmap;
}
