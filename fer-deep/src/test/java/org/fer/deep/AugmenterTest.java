package org.fer.deep;

import org.fer.core.Face48;
import org.fer.data.Split;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class AugmenterTest {
    private final Split s = SynthData.split("t", 3, 0, 7);

    private float[] run(Augmenter a, int idx, long seed) {
        float[] out = new float[Face48.PIXELS];
        a.apply(s.x(), idx, new SplittableRandom(seed), out, 0);
        return out;
    }

    @Test
    void noneIsExactlyTheContract() {
        float[] expected = new float[Face48.PIXELS];
        FaceTensorContract.fill(s.x(), 4 * Face48.PIXELS, expected, 0);
        assertArrayEquals(expected, run(Augmenter.NONE, 4, 1));
    }

    @Test
    void keepsShapeAndRangeAndChangesTheImage() {
        for (int i = 0; i < s.size(); i++) {
            float[] a = run(Augmenter.DEFAULT, i, 100 + i);
            assertEquals(Face48.PIXELS, a.length);
            for (float v : a) assertTrue(v >= -1f && v <= 1f, "value out of range: " + v);
            assertFalse(java.util.Arrays.equals(a, run(Augmenter.NONE, i, 0)), "augmentation left face " + i + " unchanged");
        }
    }

    @Test
    void sameSeedSameResult() {
        assertArrayEquals(run(Augmenter.DEFAULT, 2, 9), run(Augmenter.DEFAULT, 2, 9));
        assertFalse(java.util.Arrays.equals(run(Augmenter.DEFAULT, 2, 9), run(Augmenter.DEFAULT, 2, 10)));
    }

    @Test
    void flipMirrorsExactly() {
        Augmenter flipOnly = new Augmenter(0, 0, 0, true);
        float[] plain = run(Augmenter.NONE, 1, 0);
        int mirrored = 0;
        for (long seed = 0; seed < 10; seed++) {
            float[] a = run(flipOnly, 1, seed);
            boolean isMirror = true, isSame = true;
            for (int y = 0; y < 48; y++)
                for (int x = 0; x < 48; x++) {
                    if (Math.abs(a[y * 48 + x] - plain[y * 48 + 47 - x]) > 1e-5) isMirror = false;
                    if (Math.abs(a[y * 48 + x] - plain[y * 48 + x]) > 1e-5) isSame = false;
                }
            assertTrue(isMirror || isSame);
            if (isMirror) mirrored++;
        }
        assertTrue(mirrored > 0 && mirrored < 10, "flip should happen about half the time, got " + mirrored + "/10");
    }
}
