/**
 * The command line (picocli): {@code train}, {@code cv}, {@code predict}, {@code evaluate}, {@code inspect},
 * {@code bench} (and the others in {@link dev.sparkfit.cli.Main}).
 * Commands are {@code Callable<Integer>}; {@link dev.sparkfit.cli.ExitCodes} is the one place where
 * exceptions become the documented exit codes and one-line messages.
 */
package dev.sparkfit.cli;
