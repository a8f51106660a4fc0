package dev.sparkfit.ml;

import org.apache.spark.ml.util.Identifiable$;

/**
 * A Java subclass of a Spark ML class cannot set its uid before the Scala constructor creates the
 * inherited Params (which read {@code uid()}); a constructor given a uid stashes it here first, and
 * {@code uid()} takes it, or a random one, on its first call.
 */
final class Uids {

    private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

    private Uids() {
    }

    /** Stashes {@code uid} for the constructor that is about to run; returns a token to pass on. */
    static String stash(String uid) {
        PENDING.set(uid);
        return uid;
    }

    /** The stashed uid, or a new random one with {@code prefix}. */
    static String take(String prefix) {
        String uid = PENDING.get();
        PENDING.remove();
        return uid != null ? uid : Identifiable$.MODULE$.randomUID(prefix);
    }
}
