package org.fer.model;

import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.data.Split;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TestTimeAugmentedTest {
    /** Says Angry (0.4) when the left half is brighter, else Disgust (0.35): a classifier that is not mirror-symmetric. */
    static final class LeftSided implements EmotionClassifier {
        int calls;

        @Override public float[][] predictProba(List<Face48> faces) {
            calls++;
            float[][] p = new float[faces.size()][];
            for (int i = 0; i < p.length; i++) {
                long left = 0, right = 0;
                Face48 f = faces.get(i);
                for (int y = 0; y < 48; y++) for (int x = 0; x < 48; x++) { if (x < 24) left += f.get(x, y); else right += f.get(x, y); }
                float[] r = new float[7];
                if (left > right) { r[0] = 0.4f; r[1] = 0f; } else { r[0] = 0f; r[1] = 0.35f; }
                float rest = (1 - r[0] - r[1]) / 5;
                for (int c = 2; c < 7; c++) r[c] = rest;
                p[i] = r;
            }
            return p;
        }

        @Override public Map<String, Object> describe() { return new LinkedHashMap<>(Map.of("kind", "left-sided")); }
    }

    static Face48 halfLit(boolean leftBright, int seed) {
        byte[] px = new byte[Face48.PIXELS];
        for (int y = 0; y < 48; y++)
            for (int x = 0; x < 48; x++) px[y * 48 + x] = (byte) (((x < 24) == leftBright ? 200 : 40) + (x * 7 + y * 3 + seed) % 13);
        return Face48.of(px);
    }

    @Test
    void mirrorMapsColumnXToColumn47MinusX() {
        Face48 f = halfLit(true, 3), m = TestTimeAugmented.mirror(f);
        for (int y = 0; y < 48; y += 5) for (int x = 0; x < 48; x++) assertEquals(f.get(x, y), m.get(47 - x, y));
        assertEquals(f, TestTimeAugmented.mirror(m));
    }

    @Test
    void averagesTheFaceAndItsMirrorInOneCall() {
        LeftSided inner = new LeftSided();
        EmotionClassifier tta = TestTimeAugmented.apply(inner, TestTimeAugmented.Mode.FLIP);
        float[][] p = tta.predictProba(List.of(halfLit(true, 1), halfLit(false, 2)));
        assertEquals(1, inner.calls, "both views go to the model in one batch");
        for (float[] r : p) {
            assertEquals(0.2f, r[0], 1e-6); // (0.4 + 0) / 2
            assertEquals(0.175f, r[1], 1e-6); // (0 + 0.35) / 2
            double sum = 0;
            for (float v : r) sum += v;
            assertEquals(1.0, sum, 1e-5);
        }
        assertSame(inner, TestTimeAugmented.apply(inner, TestTimeAugmented.Mode.NONE));
        assertThrows(FerException.class, () -> TestTimeAugmented.apply(inner, TestTimeAugmented.Mode.AUTO));
        assertThrows(FerException.class, () -> TestTimeAugmented.Mode.parse("mirror"));
    }

    static Split split(String name, boolean leftBright, int label, int n) {
        byte[] x = new byte[n * Face48.PIXELS];
        int[] y = new int[n], idx = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(halfLit(leftBright, i).bytes(), 0, x, i * Face48.PIXELS, Face48.PIXELS);
            y[i] = label;
            idx[i] = i;
        }
        return new Split(name, x, y, idx);
    }

    @Test
    void autoChoosesOnTheValSplitOnly() {
        // left-lit Angry faces: plain says Angry (0.4), flip-averaged too (0.2 > 0.175): a tie keeps the cheaper none
        Map<String, Object> rec = new LinkedHashMap<>();
        assertEquals(TestTimeAugmented.Mode.NONE, EvaluateCommand.chooseOnVal(new LeftSided(), List.of(split("val", true, 0, 6)), rec));
        assertEquals(1.0, (Double) rec.get("val_accuracy_none"), 1e-12);
        assertEquals(1.0, (Double) rec.get("val_accuracy_flip"), 1e-12);
        // right-lit Angry faces: plain says Disgust (0 %), flip-averaged says Angry (100 %) -> flip; the test split must not matter
        rec.clear();
        List<Split> splits = new ArrayList<>(List.of(split("public_test", true, 1, 4), split("val", false, 0, 6)));
        assertEquals(TestTimeAugmented.Mode.FLIP, EvaluateCommand.chooseOnVal(new LeftSided(), splits, rec));
        assertEquals(0.0, (Double) rec.get("val_accuracy_none"), 1e-12);
        assertEquals(1.0, (Double) rec.get("val_accuracy_flip"), 1e-12);
        assertEquals(1.0, (Double) rec.get("val_accuracy_flip_shift"), 1e-12, "shifts keep the bright half: a tie, which keeps flip");
        assertEquals("val", rec.get("chosen_on"));
        var e = assertThrows(FerException.class, () -> EvaluateCommand.chooseOnVal(new LeftSided(), List.of(split("public_test", true, 0, 2)), new LinkedHashMap<>()));
        assertTrue(e.getMessage().contains("val split"), e.getMessage());
    }

    /** Says Angry (1.0) for a face {@code angry} accepts, else Disgust (0.2); records the size of each call. */
    static final class Sees implements EmotionClassifier {
        final java.util.function.Predicate<Face48> angry;
        final List<Integer> batchSizes = new ArrayList<>();

        Sees(java.util.function.Predicate<Face48> angry) { this.angry = angry; }

        @Override public float[][] predictProba(List<Face48> faces) {
            batchSizes.add(faces.size());
            float[][] p = new float[faces.size()][];
            for (int i = 0; i < p.length; i++)
                p[i] = angry.test(faces.get(i)) ? new float[]{1, 0, 0, 0, 0, 0, 0} : new float[]{0, 0.2f, 0.16f, 0.16f, 0.16f, 0.16f, 0.16f};
            return p;
        }

        @Override public Map<String, Object> describe() { return new LinkedHashMap<>(Map.of("kind", "sees")); }
    }

    /** Angry when the three leftmost columns are equal: what a 2-px shift to the right leaves. */
    static Sees seesShifts() {
        return new Sees(f -> {
            boolean edge = true;
            for (int y = 0; y < 48; y++) edge &= f.get(0, y) == f.get(1, y) && f.get(1, y) == f.get(2, y);
            return edge;
        });
    }

    /** Angry when a corner column's top and bottom differ: only rotated views of {@link #ramp} (its columns are constant). */
    static Sees seesWarps() { return new Sees(f -> f.get(0, 0) != f.get(0, 47) || f.get(47, 0) != f.get(47, 47)); }

    static Face48 noise(int seed) {
        byte[] px = new byte[Face48.PIXELS];
        new java.util.Random(seed).nextBytes(px);
        return Face48.of(px);
    }

    @Test
    void shiftMovesThePixelsAndReplicatesTheEdge() {
        Face48 f = noise(5);
        Face48 right = TestTimeAugmented.shift(f, 2, 0), up = TestTimeAugmented.shift(f, 0, -2);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                assertEquals(f.get(Math.max(0, x - 2), y), right.get(x, y), "right " + x + "," + y);
                assertEquals(f.get(x, Math.min(47, y + 2)), up.get(x, y), "up " + x + "," + y);
            }
        }
        assertEquals(f, TestTimeAugmented.shift(f, 0, 0));
    }

    @Test
    void flipShiftAveragesTenViewsInOneCall() {
        Sees inner = seesShifts();
        EmotionClassifier tta = TestTimeAugmented.apply(inner, TestTimeAugmented.Mode.FLIP_SHIFT);
        float[][] p = tta.predictProba(List.of(noise(1), noise(2), noise(3)));
        assertEquals(List.of(30), inner.batchSizes, "ten views of three faces, one batch");
        for (float[] r : p) {
            assertEquals(0.2f, r[0], 1e-6, "2 of 10 views (the face and its mirror shifted right) say Angry");
            assertEquals(0.16f, r[1], 1e-6);
        }
        assertEquals(TestTimeAugmented.Mode.FLIP_SHIFT, TestTimeAugmented.modeOf(tta));
        assertEquals(TestTimeAugmented.Mode.NONE, TestTimeAugmented.modeOf(inner));
        assertEquals(TestTimeAugmented.Mode.FLIP_SHIFT, TestTimeAugmented.Mode.parse("flip-shift"));
        assertEquals("flip-shift", TestTimeAugmented.Mode.FLIP_SHIFT.label());
        // on val, Angry noise faces: none and flip say Disgust (0 %), flip-shift says Angry (100 %)
        byte[] x = new byte[4 * Face48.PIXELS];
        for (int i = 0; i < 4; i++) System.arraycopy(noise(10 + i).bytes(), 0, x, i * Face48.PIXELS, Face48.PIXELS);
        Map<String, Object> rec = new LinkedHashMap<>();
        Split val = new Split("val", x, new int[4], new int[]{0, 1, 2, 3});
        assertEquals(TestTimeAugmented.Mode.FLIP_SHIFT, EvaluateCommand.chooseOnVal(seesShifts(), List.of(val), rec));
        assertEquals(0.0, (Double) rec.get("val_accuracy_flip"), 1e-12);
        assertEquals(1.0, (Double) rec.get("val_accuracy_flip_shift"), 1e-12);
    }

    @Test
    void affineRotatesAndScalesAboutTheCentre() {
        Face48 f = noise(7);
        assertEquals(f, TestTimeAugmented.affine(f, 0, 1), "no rotation, no scale: the face itself");
        // positive degrees turn clockwise on screen (y grows downwards): a dot right of the centre ends below it
        byte[] px = new byte[Face48.PIXELS];
        px[23 * 48 + 33] = (byte) 255; // (x 33, y 23): 10 px right of the centre column 23
        Face48 dot = Face48.of(px), turned = TestTimeAugmented.affine(dot, 90, 1);
        int bestX = -1, bestY = -1, best = -1;
        for (int y = 0; y < 48; y++) for (int x = 0; x < 48; x++) if (turned.get(x, y) > best) { best = turned.get(x, y); bestX = x; bestY = y; }
        assertTrue(best > 0, "the dot survives the rotation");
        assertTrue(Math.abs(bestX - 23.5) <= 1.5 && Math.abs(bestY - 33) <= 1.5, "dot at " + bestX + "," + bestY);
        // bilinear sampling never leaves the source's range of values
        Face48 zoomed = TestTimeAugmented.affine(f, 0, TestTimeAugmented.ZOOM_IN);
        int lo = 255, hi = 0;
        for (int y = 0; y < 48; y++) for (int x = 0; x < 48; x++) { lo = Math.min(lo, f.get(x, y)); hi = Math.max(hi, f.get(x, y)); }
        for (int y = 0; y < 48; y++) for (int x = 0; x < 48; x++) assertTrue(zoomed.get(x, y) >= lo && zoomed.get(x, y) <= hi);
        assertNotEquals(f, zoomed);
    }

    /** Brightness growing with x only: columns are constant, so shifts and mirroring keep each column's top and bottom equal. */
    static Face48 ramp() {
        byte[] px = new byte[Face48.PIXELS];
        for (int y = 0; y < 48; y++) for (int x = 0; x < 48; x++) px[y * 48 + x] = (byte) (40 + 4 * x);
        return Face48.of(px);
    }

    @Test
    void flipAffineAddsRotatedViewsAndAutoCanChooseIt() {
        Sees inner = seesWarps();
        float[][] p = TestTimeAugmented.apply(inner, TestTimeAugmented.Mode.FLIP_AFFINE).predictProba(List.of(ramp(), ramp()));
        assertEquals(List.of(36), inner.batchSizes, "18 views of two faces, one call");
        for (float[] r : p) assertEquals(4 / 18f, r[0], 1e-6, "the 4 rotated views of 18 say Angry (scaling a column-constant face keeps columns constant)");
        assertEquals(TestTimeAugmented.Mode.FLIP_AFFINE, TestTimeAugmented.Mode.parse("flip-affine"));
        assertEquals(18, TestTimeAugmented.Mode.FLIP_AFFINE.viewCount);
        // 4/18 Angry vs 0.2*14/18 Disgust: flip-affine says Angry, every cheaper mode Disgust
        byte[] x = new byte[3 * Face48.PIXELS];
        for (int i = 0; i < 3; i++) System.arraycopy(ramp().bytes(), 0, x, i * Face48.PIXELS, Face48.PIXELS);
        Map<String, Object> rec = new LinkedHashMap<>();
        assertEquals(TestTimeAugmented.Mode.FLIP_AFFINE, EvaluateCommand.chooseOnVal(seesWarps(), List.of(new Split("val", x, new int[3], new int[]{0, 1, 2})), rec));
        assertEquals(0.0, (Double) rec.get("val_accuracy_flip_shift"), 1e-12);
        assertEquals(1.0, (Double) rec.get("val_accuracy_flip_affine"), 1e-12);
    }

    @Test
    void bestNeedsADearerModeToBeStrictlyBetter() {
        assertEquals(TestTimeAugmented.Mode.NONE, TestTimeAugmented.best(0.6, 0.6, 0.6, 0.6));
        assertEquals(TestTimeAugmented.Mode.FLIP_SHIFT, TestTimeAugmented.best(0.6, 0.61, 0.62, 0.62));
        assertEquals(TestTimeAugmented.Mode.FLIP_AFFINE, TestTimeAugmented.best(0.6, 0.61, 0.62, 0.63));
        assertEquals(TestTimeAugmented.Mode.FLIP, TestTimeAugmented.best(0.6, 0.65, 0.62, 0.63));
        assertThrows(IllegalArgumentException.class, () -> TestTimeAugmented.best(0.6, 0.61, 0.62));
    }
}
