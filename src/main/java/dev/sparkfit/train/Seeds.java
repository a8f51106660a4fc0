package dev.sparkfit.train;

/** Derives independent, reproducible seeds from the run's seed; there is no global RNG. */
public final class Seeds {

    private Seeds() {
    }

    /** A seed for {@code purpose} and the given indices (epoch, partition, fold, ...). */
    public static long derive(long seed, String purpose, long... parts) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ purpose.hashCode());
        for (long p : parts) {
            h = mix(h ^ p);
        }
        return h;
    }

    /** A seeded Fisher-Yates permutation of 0..n-1. */
    public static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static long mix(long z) { // SplitMix64 finaliser
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
