/**
 * The command line (picocli): {@code train}, {@code predict}, {@code evaluate}. Commands are
 * {@code Callable<Integer>}; {@link dev.sparkfit.cli.ExitCodes} is the one place where exceptions become
 * the documented exit codes and one-line messages.
 */
package dev.sparkfit.cli;
