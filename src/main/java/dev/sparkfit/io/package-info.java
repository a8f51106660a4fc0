/**
 * Plumbing every stage shares, with no sparkfit dependency of its own: publishing a file by writing a
 * temporary sibling, forcing it to disk and renaming it into place ({@link dev.sparkfit.io.AtomicFiles}),
 * and the one JSON mapper ({@link dev.sparkfit.io.Json}). Any package may import it; it imports none.
 */
package dev.sparkfit.io;
