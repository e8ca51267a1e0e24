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
 *   <li>{@link dev.nnj.data.TabularData}: reads a CSV file, stream or Tablesaw table; label, features,
 *       one-hot encoding, standardisation or min-max scaling, missing cells.</li>
 *   <li>{@link dev.nnj.data.TabularDataset}: the result; stratified train/test and
 *       train/validation/test splits and k-fold cross-validation.</li>
 *   <li>{@link dev.nnj.data.IdxData}: the IDX format of MNIST and Fashion-MNIST.</li>
 * </ul>
 *
 * <p>Bad input is an {@link java.lang.IllegalArgumentException} whose message names the file, column
 * and row (rows are 1-based data rows; for a file also its line, the header being line 1) and says
 * what to do. Nothing is silently coerced.
 */
package dev.nnj.data;
