package org.fer.deep;

import org.fer.core.Emotion;
import org.fer.core.FerException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a training face's target row is made from its label: with {@code teacherWeight} w and {@code labelSmoothing} e,
 * {@code target = (1 - w) · [(1 - e) · one-hot + e / 7] + w · teacher}, where teacher is that face's row of the
 * teacher's probabilities ({@code fer soft-labels}); the cross-entropy against a soft row is what DL4J's MCXENT
 * computes. {@link #HARD} (w = e = 0) is plain one-hot training. The teacher file is named by path and sha256 so a
 * resumed run refuses a file changed since.
 *
 * @param labelSmoothing share of the label's mass spread evenly over the 7 classes, in [0, 1)
 * @param teacher        soft-label file (.npy) aligned with the train split, or null
 * @param teacherSha256  its sha256 (null without a teacher)
 * @param teacherWeight  share of the target taken from the teacher, in (0, 1] with a teacher, 0 without
 */
public record SoftTargets(double labelSmoothing, String teacher, String teacherSha256, double teacherWeight) {
    public static final SoftTargets HARD = new SoftTargets(0, null, null, 0);

    public SoftTargets {
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) throw new FerException("--label-smoothing must be in [0, 1), got " + labelSmoothing);
        if (teacher == null && teacherWeight != 0) throw new FerException("--teacher-weight needs --teacher");
        if (teacher != null && !(teacherWeight > 0 && teacherWeight <= 1)) throw new FerException("--teacher-weight must be in (0, 1], got " + teacherWeight);
    }

    public boolean hard() { return labelSmoothing == 0 && teacher == null; }

    /** Writes face {@code idx}'s target row (label {@code label}) into {@code y} at {@code off}; {@code teacherProbs} is the flat [faces, 7] array or null. */
    void fill(float[] y, int off, int label, float[] teacherProbs, int idx) {
        double own = 1 - teacherWeight;
        for (int c = 0; c < Emotion.COUNT; c++) {
            double v = own * ((c == label ? 1 - labelSmoothing : 0) + labelSmoothing / Emotion.COUNT);
            if (teacher != null) v += teacherWeight * teacherProbs[idx * Emotion.COUNT + c];
            y[off + c] = (float) v;
        }
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label_smoothing", labelSmoothing);
        m.put("teacher", teacher);
        m.put("teacher_sha256", teacherSha256);
        m.put("teacher_weight", teacherWeight);
        return m;
    }

    /** From a config map; files written before soft targets existed have none: {@link #HARD}. */
    static SoftTargets fromMap(Object o) {
        if (!(o instanceof Map<?, ?> m)) return HARD;
        return new SoftTargets(((Number) m.get("label_smoothing")).doubleValue(), (String) m.get("teacher"), (String) m.get("teacher_sha256"),
                ((Number) m.get("teacher_weight")).doubleValue());
    }
}
