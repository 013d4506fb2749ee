package org.fer.model;

import org.fer.core.Face48;
import org.fer.core.FerException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-time augmentation by horizontal flip: any {@link EmotionClassifier}'s probabilities on a face and on its mirror
 * image, averaged. Faces are close to left-right symmetric in their expression, so the two views err differently and
 * the average is usually a little more accurate; it costs one more network call per face. Whether it helps a given
 * model is measured on the validation split ({@code fer evaluate --tta auto}), never assumed.
 */
public final class FlipAveraged implements EmotionClassifier {
    /** Test-time augmentation modes: none, flip, or auto (evaluate only: whichever is better on val). */
    public enum Mode {
        NONE, FLIP, AUTO;

        public static Mode parse(String s) {
            for (Mode m : values()) if (m.name().equalsIgnoreCase(s)) return m;
            throw new FerException("--tta must be none, flip or auto, got '" + s + "'");
        }

        public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    private final EmotionClassifier inner;

    public FlipAveraged(EmotionClassifier inner) { this.inner = inner; }

    /** {@code clf} itself for NONE, wrapped for FLIP. */
    public static EmotionClassifier apply(EmotionClassifier clf, Mode mode) {
        return switch (mode) {
            case NONE -> clf;
            case FLIP -> new FlipAveraged(clf);
            case AUTO -> throw new FerException("--tta auto chooses on the validation split; it exists only in fer evaluate");
        };
    }

    /** The mirror image of a face (x → 47 − x). */
    public static Face48 mirror(Face48 f) {
        byte[] p = f.bytes(), m = new byte[Face48.PIXELS];
        for (int y = 0; y < Face48.SIDE; y++)
            for (int x = 0; x < Face48.SIDE; x++) m[y * Face48.SIDE + x] = p[y * Face48.SIDE + Face48.SIDE - 1 - x];
        return Face48.of(m);
    }

    @Override
    public float[][] predictProba(List<Face48> faces) {
        List<Face48> both = new ArrayList<>(faces.size() * 2); // one call for both views: the network batches them together
        both.addAll(faces);
        for (Face48 f : faces) both.add(mirror(f));
        float[][] p = inner.predictProba(both);
        float[][] out = new float[faces.size()][];
        for (int i = 0; i < faces.size(); i++) {
            float[] a = p[i], b = p[i + faces.size()], avg = new float[a.length];
            for (int c = 0; c < a.length; c++) avg[c] = (a[c] + b[c]) / 2f;
            out[i] = avg;
        }
        return out;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>(inner.describe());
        d.put("test_time_augmentation", "flip (mean of the face's and its mirror image's probabilities)");
        return d;
    }

    @Override
    public void close() { inner.close(); }
}
