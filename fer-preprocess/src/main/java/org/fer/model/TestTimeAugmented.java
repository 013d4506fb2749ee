package org.fer.model;

import org.fer.core.Face48;
import org.fer.core.FerException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Test-time augmentation: any {@link EmotionClassifier}'s probabilities averaged over several views of each face —
 * the face and its mirror image ({@link Mode#FLIP}), or those two each shifted by {@value #SHIFT_PX} pixels up, down,
 * left and right as well ({@link Mode#FLIP_SHIFT}, ten views). The views err differently, so their mean is usually a
 * little more accurate; each costs one more network pass per face. Whether it helps a given model is measured on the
 * validation split ({@code fer evaluate --tta auto}), never assumed.
 */
public final class TestTimeAugmented implements EmotionClassifier {
    /** Shift of the shifted views: ~4 % of the side, within the ±10 % shifts the networks are trained with. */
    public static final int SHIFT_PX = 2;

    /** Test-time augmentation modes: none, flip, flip-shift, or auto (evaluate only: whichever is best on val). */
    public enum Mode {
        NONE, FLIP, FLIP_SHIFT, AUTO;

        public static Mode parse(String s) {
            for (Mode m : values()) if (m.label().equalsIgnoreCase(s)) return m;
            throw new FerException("--tta must be none, flip, flip-shift or auto, got '" + s + "'");
        }

        public String label() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

        /** The views this mode averages over, the face itself first; AUTO has none of its own. */
        List<UnaryOperator<Face48>> views() {
            List<UnaryOperator<Face48>> v = new ArrayList<>();
            v.add(f -> f);
            if (this == FLIP || this == FLIP_SHIFT) v.add(TestTimeAugmented::mirror);
            if (this == FLIP_SHIFT) {
                int[][] shifts = {{SHIFT_PX, 0}, {-SHIFT_PX, 0}, {0, SHIFT_PX}, {0, -SHIFT_PX}};
                for (int[] s : shifts) {
                    v.add(f -> shift(f, s[0], s[1]));
                    v.add(f -> shift(mirror(f), s[0], s[1]));
                }
            }
            return v;
        }
    }

    private final EmotionClassifier inner;
    private final Mode mode;
    private final List<UnaryOperator<Face48>> views;

    /** Flip averaging (the face and its mirror image). */
    public TestTimeAugmented(EmotionClassifier inner) { this(inner, Mode.FLIP); }

    public TestTimeAugmented(EmotionClassifier inner, Mode mode) {
        if (mode == Mode.NONE || mode == Mode.AUTO) throw new FerException("test-time augmentation needs flip or flip-shift, got " + mode.label());
        this.inner = inner;
        this.mode = mode;
        this.views = mode.views();
    }

    /** {@code clf} itself for NONE, wrapped otherwise. */
    public static EmotionClassifier apply(EmotionClassifier clf, Mode mode) {
        return switch (mode) {
            case NONE -> clf;
            case FLIP, FLIP_SHIFT -> new TestTimeAugmented(clf, mode);
            case AUTO -> throw new FerException("--tta auto chooses on the validation split; it exists only in fer evaluate");
        };
    }

    /** The most accurate of the three modes by their val accuracies; a dearer mode must be strictly better. */
    public static Mode best(double none, double flip, double flipShift) {
        if (flipShift > Math.max(none, flip)) return Mode.FLIP_SHIFT;
        return flip > none ? Mode.FLIP : Mode.NONE;
    }

    /** The mode of {@code clf}: NONE unless it is a {@code TestTimeAugmented}. */
    public static Mode modeOf(EmotionClassifier clf) {
        return clf instanceof TestTimeAugmented t ? t.mode : Mode.NONE;
    }

    /** The mirror image of a face (x → 47 − x). */
    public static Face48 mirror(Face48 f) {
        byte[] p = f.bytes(), m = new byte[Face48.PIXELS];
        for (int y = 0; y < Face48.SIDE; y++)
            for (int x = 0; x < Face48.SIDE; x++) m[y * Face48.SIDE + x] = p[y * Face48.SIDE + Face48.SIDE - 1 - x];
        return Face48.of(m);
    }

    /** The face moved by (dx, dy) pixels, the uncovered border filled by replicating the edge (as training's augmentation). */
    public static Face48 shift(Face48 f, int dx, int dy) {
        byte[] p = f.bytes(), s = new byte[Face48.PIXELS];
        int last = Face48.SIDE - 1;
        for (int y = 0; y < Face48.SIDE; y++) {
            int sy = Math.min(last, Math.max(0, y - dy));
            for (int x = 0; x < Face48.SIDE; x++) s[y * Face48.SIDE + x] = p[sy * Face48.SIDE + Math.min(last, Math.max(0, x - dx))];
        }
        return Face48.of(s);
    }

    @Override
    public float[][] predictProba(List<Face48> faces) {
        int n = faces.size(), k = views.size();
        List<Face48> all = new ArrayList<>(n * k); // one call for every view: the network batches them together
        for (UnaryOperator<Face48> v : views) for (Face48 f : faces) all.add(v.apply(f));
        float[][] p = inner.predictProba(all);
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] avg = new float[p[i].length];
            for (int j = 0; j < k; j++) for (int c = 0; c < avg.length; c++) avg[c] += p[j * n + i][c];
            for (int c = 0; c < avg.length; c++) avg[c] /= k;
            out[i] = avg;
        }
        return out;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>(inner.describe());
        d.put("test_time_augmentation", mode == Mode.FLIP ? "flip (mean of the face's and its mirror image's probabilities)"
                : "flip-shift (mean over the face, its mirror image, and both shifted by " + SHIFT_PX + " px up, down, left and right: 10 views)");
        return d;
    }

    @Override
    public void close() { inner.close(); }
}
