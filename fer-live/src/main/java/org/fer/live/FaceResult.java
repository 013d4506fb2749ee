package org.fer.live;

import org.fer.core.Emotion;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One face in one frame.
 *
 * @param box       detector box (dlib convention, inclusive)
 * @param probs     this frame's probabilities (Emotion order)
 * @param smoothed  the track's moving average, which gives {@code emotion}
 * @param landmarks 136 unrounded coordinates, or null when landmarks are off
 * @param ear       mean eye aspect ratio, or NaN without landmarks
 */
public record FaceResult(int trackId, Box box, float[] probs, float[] smoothed, Emotion emotion,
                         double[] landmarks, double ear, int blinks) {

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("track_id", trackId);
        m.put("box", box.toList());
        m.put("emotion", emotion.label());
        m.put("probs", probsJson(smoothed));
        m.put("raw_probs", probsJson(probs));
        if (landmarks != null) {
            long[] pts = new long[landmarks.length];
            for (int i = 0; i < pts.length; i++) pts[i] = Math.round(landmarks[i]);
            m.put("landmarks", pts);
            m.put("ear", round(ear, 4));
            m.put("blinks", blinks);
        }
        return m;
    }

    static Map<String, Object> probsJson(float[] p) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Emotion e : Emotion.values()) m.put(e.label(), round(p[e.id()], 4));
        return m;
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
