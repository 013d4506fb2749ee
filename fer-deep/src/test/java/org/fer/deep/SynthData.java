package org.fer.deep;

import org.fer.core.Emotion;
import org.fer.core.Face48;
import org.fer.data.Split;
import org.fer.synth.SyntheticFaces;

/** Small synthetic splits made in memory (tests must not need the real data). */
final class SynthData {
    private SynthData() {}

    /** {@code perClass} faces of each emotion, interleaved by class, face numbers starting at {@code first}. */
    static Split split(String name, int perClass, int first, long seed) {
        SyntheticFaces f = new SyntheticFaces(seed);
        int n = perClass * Emotion.COUNT;
        byte[] x = new byte[n * Face48.PIXELS];
        int[] y = new int[n], rows = new int[n];
        for (int i = 0; i < n; i++) {
            Emotion e = Emotion.values()[i % Emotion.COUNT];
            System.arraycopy(f.face(first + i, e), 0, x, i * Face48.PIXELS, Face48.PIXELS);
            y[i] = e.ordinal();
            rows[i] = first + i;
        }
        return new Split(name, x, y, rows);
    }
}
