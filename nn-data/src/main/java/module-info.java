/** nnj data: tables to datasets through Tablesaw. */
module dev.nnj.data {
    // Dataset and Layer, which this module produces.
    requires transitive dev.nnj.core;
}
