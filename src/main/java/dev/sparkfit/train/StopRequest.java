package dev.sparkfit.train;

import sun.misc.Signal;

/**
 * A scheduler's SIGTERM, turned into a request that training honours at the next averaging-round
 * boundary: it commits a checkpoint and stops with {@link StoppedException}. A second SIGTERM ends
 * the process at once.
 */
public final class StopRequest {

    /** The exit status of a run stopped by SIGTERM after committing a checkpoint (128 + 15, as a shell reports it). */
    public static final int EXIT_STATUS = 143;

    private static volatile boolean requested;
    private static volatile boolean installed;

    private StopRequest() {
    }

    /** Installs the SIGTERM handler once per JVM. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            Signal.handle(new Signal("TERM"), s -> {
                if (requested) {
                    Runtime.getRuntime().halt(EXIT_STATUS);
                }
                requested = true;
                System.err.println("sparkfit: SIGTERM received; finishing the current averaging round and"
                        + " committing a checkpoint (send it again to stop at once)");
            });
            installed = true;
        } catch (IllegalArgumentException e) {
            // no SIGTERM on this platform: nothing to install
        }
    }

    public static boolean requested() {
        return requested;
    }

    /** For tests in one JVM: forget a request. */
    public static void reset() {
        requested = false;
    }

    /** For tests: request a stop as SIGTERM would. */
    public static void request() {
        requested = true;
    }
}
