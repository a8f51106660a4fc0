/**
 * Input rows on their way to the network. {@link dev.sparkfit.data.InputTables} reads a path with
 * Spark's readers, decides column types and the task, and checks every row once, naming the file,
 * column and value of the first bad one. Training rows from CSV and Parquet are checked in one pass over
 * Spark's internal rows (for a plain CSV file or flat Parquet, read by sparkfit's own readers over the
 * splits Spark plans, without Spark SQL) into cached typed arrays ({@link dev.sparkfit.data.CheckedRows}); the split, the
 * preprocessing statistics and the packed blocks are then computed from those arrays. {@link dev.sparkfit.data.Preprocessing} is the unfitted
 * Spark ML feature pipeline; fitted on training rows only it becomes
 * {@link dev.sparkfit.data.FittedPreprocessing}; {@link dev.sparkfit.data.FixedPreprocessing} is one that
 * learns nothing, for a network trained elsewhere; {@link dev.sparkfit.data.FeatureRecipe} reads a fitted one
 * back as plain numbers for the exporters. {@link dev.sparkfit.data.Blocks} packs each
 * worker's rows into one cached float {@link dev.sparkfit.data.Block}, encoding checked arrays in Java with the
 * fitted pipeline's own numbers ({@code RowEncoder}).
 */
package dev.sparkfit.data;
