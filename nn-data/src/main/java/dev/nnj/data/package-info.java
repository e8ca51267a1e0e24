/**
 * Real tables in, clean datasets out.
 *
 * <p>Two lines load a CSV file into a {@link dev.nnj.core.Dataset} with the right preprocessing:
 * <pre>{@code
 * var data  = TabularData.csv(Path.of("iris.csv")).label("species").standardize().build();
 * var split = data.split(0.8, 42);   // stratified; the scaler is fitted on the training rows only
 * var model = Sequential.of(split.train().preprocessing(), dense(4, 8), relu(), dense(8, 3), softmax());
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.nnj.data.TabularData}: reads a CSV file or stream (its own strict parser) or a
 *       Tablesaw table; label, features, one-hot encoding, standardisation or min-max scaling, missing
 *       cells, class and category limits.</li>
 *   <li>{@link dev.nnj.data.TabularDataset}: the result; stratified train/test and
 *       train/validation/test splits and k-fold cross-validation.</li>
 *   <li>{@link dev.nnj.data.IdxData}: the IDX format of MNIST and Fashion-MNIST.</li>
 * </ul>
 *
 * <p>Bad input is an {@link java.lang.IllegalArgumentException} whose message names the file, column
 * and row and says what to do: "row i" is the 0-based index into the dataset's rows
 * ({@code features()[i]}), "line n" the 1-based line of the file, e.g. "row 17 (line 19 of iris.csv)".
 * Nothing is silently coerced: a CSV file is strict UTF-8 (or the charset named), a gzipped file is
 * verified before it is parsed, and sizes are checked before anything is allocated for them.
 */
package dev.nnj.data;
