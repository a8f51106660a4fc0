/**
 * Input rows on their way to the network. {@link dev.sparkfit.data.InputTables} reads a path with
 * Spark's readers, decides column types and the task, and checks every row once, naming the file,
 * column and value of the first bad one. {@link dev.sparkfit.data.Preprocessing} is the unfitted
 * Spark ML feature pipeline; fitted on training rows only it becomes
 * {@link dev.sparkfit.data.FittedPreprocessing}; {@link dev.sparkfit.data.FixedPreprocessing} is one that
 * learns nothing, for a network trained elsewhere; {@link dev.sparkfit.data.FeatureRecipe} reads a fitted one
 * back as plain numbers for the exporters. {@link dev.sparkfit.data.Blocks} packs each
 * partition into one cached float {@link dev.sparkfit.data.Block}.
 */
package dev.sparkfit.data;
