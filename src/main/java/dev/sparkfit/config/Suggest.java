package dev.sparkfit.config;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" suggestions: the closest known word by edit distance (at most 2) or by prefix. */
final class Suggest {

    private static final int MAX_DISTANCE = 2;

    private Suggest() {
    }

    /** The known word closest to {@code word}, if any is close enough. */
    static Optional<String> closest(String word, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(word.toLowerCase(), candidate);
            boolean prefix = word.length() >= 2 && (candidate.startsWith(word) || word.startsWith(candidate));
            if ((distance <= MAX_DISTANCE || prefix) && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance between two strings. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
