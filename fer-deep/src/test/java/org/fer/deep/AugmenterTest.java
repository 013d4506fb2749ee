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

    @Test
    void randomErasingReplacesOneRectangleWithNoiseInRange() {
        Augmenter eraseOnly = new Augmenter(0, 0, 0, false, 1.0);
        float[] plain = run(Augmenter.NONE, 3, 0);
        for (long seed = 0; seed < 30; seed++) {
            float[] a = run(eraseOnly, 3, seed);
            int minX = 48, minY = 48, maxX = -1, maxY = -1, changed = 0;
            for (int y = 0; y < 48; y++)
                for (int x = 0; x < 48; x++) {
                    float v = a[y * 48 + x];
                    assertTrue(v >= -1f && v <= 1f, "value out of range: " + v);
                    if (v != plain[y * 48 + x]) {
                        changed++;
                        minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
                    }
                }
            int box = (maxX - minX + 1) * (maxY - minY + 1);
            assertTrue(changed > 0, "seed " + seed + ": nothing erased with probability 1");
            assertTrue(box <= 0.36 * Face48.PIXELS, "seed " + seed + ": erased box too large: " + box);
            assertTrue(box >= 0.01 * Face48.PIXELS, "seed " + seed + ": erased box too small: " + box);
            assertTrue(changed >= 0.9 * box, "seed " + seed + ": changes are not one filled rectangle (" + changed + " of " + box + ")");
        }
    }

    @Test
    void randomErasingHappensWithItsProbability() {
        Augmenter half = new Augmenter(0, 0, 0, false, 0.5);
        float[] plain = run(Augmenter.NONE, 0, 0);
        int erased = 0;
        for (long seed = 0; seed < 200; seed++) if (!java.util.Arrays.equals(plain, run(half, 0, seed))) erased++;
        assertTrue(erased > 70 && erased < 130, "expected about 100 of 200 erased, got " + erased);
        assertArrayEquals(plain, run(new Augmenter(0, 0, 0, false, 0), 0, 5), "erasing off must leave the face alone");
        assertThrows(org.fer.core.FerException.class, () -> new Augmenter(0, 0, 0, false, 1.5));
    }

    @Test
    void erasingIsRecordedInTheTrainConfigAndOlderConfigsReadAsOff() {
        TrainConfig on = TrainConfig.defaults("tiny");
        on = new TrainConfig(on.network(), on.epochs(), on.batch(), on.lr(), on.l2(), on.seed(), on.balanced(), Augmenter.DEFAULT.withEraseProb(0.5),
                on.patience(), on.lrPatience(), on.lrFactor(), on.minLr(), on.maxMinutes(), on.trainLimit(), on.replicas(), on.targets());
        assertEquals(0.5, TrainConfig.fromMap(on.toMap()).augment().eraseProb());
        java.util.Map<String, Object> off = TrainConfig.defaults("tiny").toMap();
        assertFalse(((java.util.Map<?, ?>) off.get("augment")).containsKey("erase_prob"), "runs without erasing keep their old keys");
        assertEquals(Augmenter.DEFAULT, TrainConfig.fromMap(off).augment());
    }
}
