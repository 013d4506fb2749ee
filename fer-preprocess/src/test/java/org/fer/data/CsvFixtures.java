package org.fer.data;

import java.util.Random;

/** Builds small FER2013-layout CSV text for tests (random pixels; no real data). */
public final class CsvFixtures {
    private CsvFixtures() {}

    public static String pixels(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2304; i++) {
            if (i > 0) sb.append(' ');
            sb.append(r.nextInt(256));
        }
        return sb.toString();
    }

    public static String row(int label, String pixels, String usage) {
        return label + "," + pixels + "," + usage + "\n";
    }

    /** n rows cycling through labels 0..6, all with the given usage. */
    public static String rows(int n, String usage, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(row(i % 7, pixels(r), usage));
        return sb.toString();
    }

    public static final String HEADER = "emotion,pixels,Usage\n";
}
