package io.stampede.core.scenario.read;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean" suggestions for misspelt keys, values and names. */
final class Hints {

    private Hints() {
    }

    /** The candidate closest to {@code word}, if it is close enough to be a likely typo. */
    static Optional<String> closest(String word, Collection<String> candidates) {
        int limit = Math.max(1, word.length() / 3);
        return candidates.stream()
                .map(c -> new Object() {
                    final String candidate = c;
                    final int distance = levenshtein(word.toLowerCase(), c.toLowerCase());
                })
                .filter(c -> c.distance <= limit)
                .min(Comparator.comparingInt(c -> c.distance))
                .map(c -> c.candidate);
    }

    /** "did you mean 'x'? allowed: a, b, c" or "allowed: a, b, c". */
    static String didYouMean(String word, Collection<String> candidates, String listLabel) {
        String list = listLabel + ": " + String.join(", ", candidates);
        return closest(word, candidates).map(c -> "did you mean '" + c + "'? " + list).orElse(list);
    }

    static int levenshtein(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
