package org.fer.model;

import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.image.GrayImage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Test-time augmentation: any {@link EmotionClassifier}'s probabilities averaged over several views of each face —
 * the face and its mirror image ({@link Mode#FLIP}), or those two each shifted by {@value #SHIFT_PX} pixels up, down,
 * left and right as well ({@link Mode#FLIP_SHIFT}, ten views), or those ten plus the face and its mirror image rotated
 * by ±{@value #ROTATION_DEG}° and scaled by {@value #ZOOM_IN} and {@value #ZOOM_OUT} ({@link Mode#FLIP_AFFINE}, 18 views:
 * every kind of change the networks' training augmentation makes). The views err differently, so their mean is usually a
 * little more accurate; each costs one more network pass per face. Whether it helps a given model is measured on the
 * validation split ({@code fer evaluate --tta auto}), never assumed.
 *
 * <p>Each mode's views are the first views of the next dearer mode's, so one pass over the dearest mode's views scores
 * every mode ({@link #perView}, {@link #meanOfFirst}).
 */
public final class TestTimeAugmented implements EmotionClassifier {
    /** Shift of the shifted views: ~4 % of the side, within the ±10 % shifts the networks are trained with. */
    public static final int SHIFT_PX = 2;
    /** Rotation of flip-affine's rotated views, within the ±10° the networks are trained with. */
    public static final double ROTATION_DEG = 8;
    /** Scale factors of flip-affine's zoomed views (the networks train with ±10 %). */
    public static final double ZOOM_IN = 1.08, ZOOM_OUT = 0.92;

    /** Test-time augmentation modes, cheapest first, or auto (evaluate only: whichever is best on val). */
    public enum Mode {
        NONE(1), FLIP(2), FLIP_SHIFT(10), FLIP_AFFINE(18), AUTO(0);

        /** How many views (network passes per face) the mode averages. */
        public final int viewCount;

        Mode(int viewCount) { this.viewCount = viewCount; }

        /** The modes that average views, cheapest first (what --tta auto chooses among). */
        public static final List<Mode> CHOOSABLE = List.of(NONE, FLIP, FLIP_SHIFT, FLIP_AFFINE);

        public static Mode parse(String s) {
            for (Mode m : values()) if (m.label().equalsIgnoreCase(s)) return m;
            throw new FerException("--tta must be none, flip, flip-shift, flip-affine or auto, got '" + s + "'");
        }

        public String label() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

        /** The views this mode averages over: the first {@link #viewCount} of {@link #ALL_VIEWS}; AUTO has none of its own. */
        List<UnaryOperator<Face48>> views() { return ALL_VIEWS.subList(0, viewCount); }
    }

    /** Every view, in the order that makes each mode a prefix: face, mirror, 8 shifted, 4 rotated, 4 scaled. */
    private static final List<UnaryOperator<Face48>> ALL_VIEWS = allViews();

    private static List<UnaryOperator<Face48>> allViews() {
        List<UnaryOperator<Face48>> v = new ArrayList<>();
        v.add(f -> f);
        v.add(TestTimeAugmented::mirror);
        int[][] shifts = {{SHIFT_PX, 0}, {-SHIFT_PX, 0}, {0, SHIFT_PX}, {0, -SHIFT_PX}};
        for (int[] s : shifts) {
            v.add(f -> shift(f, s[0], s[1]));
            v.add(f -> shift(mirror(f), s[0], s[1]));
        }
        for (double deg : new double[]{ROTATION_DEG, -ROTATION_DEG}) {
            v.add(f -> affine(f, deg, 1));
            v.add(f -> affine(mirror(f), deg, 1));
        }
        for (double scale : new double[]{ZOOM_IN, ZOOM_OUT}) {
            v.add(f -> affine(f, 0, scale));
            v.add(f -> affine(mirror(f), 0, scale));
        }
        if (v.size() != Mode.FLIP_AFFINE.viewCount) throw new IllegalStateException("views: " + v.size());
        return List.copyOf(v);
    }

    private final EmotionClassifier inner;
    private final Mode mode;
    private final List<UnaryOperator<Face48>> views;

    /** Flip averaging (the face and its mirror image). */
    public TestTimeAugmented(EmotionClassifier inner) { this(inner, Mode.FLIP); }

    public TestTimeAugmented(EmotionClassifier inner, Mode mode) {
        if (mode == Mode.NONE || mode == Mode.AUTO) throw new FerException("test-time augmentation needs flip, flip-shift or flip-affine, got " + mode.label());
        this.inner = inner;
        this.mode = mode;
        this.views = mode.views();
    }

    /** {@code clf} itself for NONE, wrapped otherwise. */
    public static EmotionClassifier apply(EmotionClassifier clf, Mode mode) {
        return switch (mode) {
            case NONE -> clf;
            case FLIP, FLIP_SHIFT, FLIP_AFFINE -> new TestTimeAugmented(clf, mode);
            case AUTO -> throw new FerException("--tta auto chooses on the validation split; it exists only in fer evaluate");
        };
    }

    /** The most accurate mode by val accuracy ({@code accuracy[i]} of {@code Mode.CHOOSABLE.get(i)}); a dearer mode must be strictly better. */
    public static Mode best(double... accuracy) {
        if (accuracy.length != Mode.CHOOSABLE.size()) throw new IllegalArgumentException("one accuracy per mode " + Mode.CHOOSABLE + ", got " + accuracy.length);
        int best = 0;
        for (int i = 1; i < accuracy.length; i++) if (accuracy[i] > accuracy[best]) best = i;
        return Mode.CHOOSABLE.get(best);
    }

    /**
     * A model's val probabilities under every mode of {@link Mode#CHOOSABLE} (same order) and their accuracies: what
     * {@code fer evaluate --tta auto} and {@code fer ensemble} choose from. Scored from one pass over the dearest mode's
     * views (each mode's views are a prefix of the next one's).
     */
    public record ValScores(List<float[][]> proba, double[] accuracy) {
        public static ValScores of(EmotionClassifier plain, org.fer.data.Split val) {
            List<Face48> faces = new ArrayList<>(val.size());
            for (int i = 0; i < val.size(); i++) faces.add(val.face(i));
            List<Mode> modes = Mode.CHOOSABLE;
            float[][][] perView = perView(plain, faces, modes.get(modes.size() - 1));
            List<float[][]> proba = new ArrayList<>();
            double[] acc = new double[modes.size()];
            for (int i = 0; i < acc.length; i++) {
                proba.add(meanOfFirst(perView, modes.get(i).viewCount));
                acc[i] = org.fer.metrics.ClassificationMetrics.of(val.y(), EmotionClassifier.argmax(proba.get(i))).accuracy();
            }
            return new ValScores(List.copyOf(proba), acc);
        }

        /** The mode val picks: the most accurate, a dearer one only when strictly better. */
        public Mode best() { return TestTimeAugmented.best(accuracy); }

        /** The val probabilities under {@link #best()}. */
        public float[][] bestProba() { return proba.get(Mode.CHOOSABLE.indexOf(best())); }

        /** {@code val_accuracy_<mode>} (dashes as underscores) for each mode, as metrics.json records them. */
        public Map<String, Object> asRecord() {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < accuracy.length; i++) m.put("val_accuracy_" + Mode.CHOOSABLE.get(i).label().replace('-', '_'), accuracy[i]);
            return m;
        }

        /** "65.44 % plain, 68.33 % flip, ... -> flip-affine" */
        public String summary() {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < accuracy.length; i++)
                line.append(String.format(Locale.ROOT, "%s%.2f %% %s", i == 0 ? "" : ", ", 100 * accuracy[i], i == 0 ? "plain" : Mode.CHOOSABLE.get(i).label()));
            return line + " -> " + best().label();
        }
    }

    /**
     * {@code clf}'s probabilities for every face of {@code faces} under each of {@code mode}'s views:
     * {@code [view][face][class]}, computed in batches of 256 faces (all views of a batch in one call).
     */
    public static float[][][] perView(EmotionClassifier clf, List<Face48> faces, Mode mode) {
        List<UnaryOperator<Face48>> views = mode.views();
        int k = views.size();
        float[][][] out = new float[k][faces.size()][];
        for (int from = 0; from < faces.size(); from += 256) {
            int to = Math.min(faces.size(), from + 256), n = to - from;
            List<Face48> all = new ArrayList<>(n * k);
            for (UnaryOperator<Face48> v : views) for (int i = from; i < to; i++) all.add(v.apply(faces.get(i)));
            float[][] p = clf.predictProba(all);
            for (int j = 0; j < k; j++) System.arraycopy(p, j * n, out[j], from, n);
        }
        return out;
    }

    /** The mean over the first {@code k} views of {@link #perView}'s output: the probabilities of the mode with k views. */
    public static float[][] meanOfFirst(float[][][] perView, int k) {
        int n = perView[0].length;
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] avg = new float[perView[0][i].length];
            for (int j = 0; j < k; j++) for (int c = 0; c < avg.length; c++) avg[c] += perView[j][i][c];
            for (int c = 0; c < avg.length; c++) avg[c] /= k;
            out[i] = avg;
        }
        return out;
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

    /** The face scaled by {@code scale} and rotated by {@code deg} degrees about its centre, sampled bilinearly with the edge replicated (as training's augmentation). */
    public static Face48 affine(Face48 f, double deg, double scale) {
        byte[] p = f.bytes(), o = new byte[Face48.PIXELS];
        int n = Face48.SIDE;
        double c = (n - 1) / 2.0, a = Math.toRadians(deg), cos = Math.cos(a) / scale, sin = Math.sin(a) / scale;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double dx = x - c, dy = y - c; // inverse map: output pixel -> source coordinate
                o[y * n + x] = (byte) Math.round(GrayImage.bilinear(p, 0, n, n, cos * dx + sin * dy + c, -sin * dx + cos * dy + c));
            }
        }
        return Face48.of(o);
    }

    @Override
    public float[][] predictProba(List<Face48> faces) {
        if (faces.isEmpty()) return new float[0][];
        // one call for every view of the faces: the network batches them together
        return meanOfFirst(perView(inner, faces, mode), views.size());
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>(inner.describe());
        d.put("test_time_augmentation", switch (mode) {
            case FLIP -> "flip (mean of the face's and its mirror image's probabilities)";
            case FLIP_SHIFT -> "flip-shift (mean over the face, its mirror image, and both shifted by " + SHIFT_PX + " px up, down, left and right: 10 views)";
            default -> "flip-affine (mean over flip-shift's 10 views and the face and its mirror image rotated by +-" + ROTATION_DEG
                    + " degrees and scaled by " + ZOOM_IN + " and " + ZOOM_OUT + ": 18 views)";
        });
        return d;
    }

    @Override
    public void close() { inner.close(); }
}
