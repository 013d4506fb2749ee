package org.fer.features.face;

import org.fer.features.landmarks.Landmarks;

/**
 * Eye aspect ratio (Soukupova and Cech 2016) on the 68-point layout, from unrounded coordinates:
 * EAR = (|p2 - p6| + |p3 - p5|) / (2 |p1 - p4|) with p1..p6 = points 36..41 (image-left eye, the
 * subject's right) or 42..47 (image-right eye, the subject's left). About 0.25-0.35 open, towards 0.1 closed.
 */
public final class EyeAspectRatio {
    /** First point of the eye on the image left (subject's right eye) and on the image right. */
    public static final int RIGHT_EYE = 36, LEFT_EYE = 42;

    private EyeAspectRatio() {}

    /** EAR of the six points starting at {@code first} (36 or 42). */
    public static double of(Landmarks lm, int first) {
        if (lm.count() < 68) throw new IllegalArgumentException("EAR needs the 68-point layout, got " + lm.count() + " points");
        double v1 = dist(lm, first + 1, first + 5), v2 = dist(lm, first + 2, first + 4), h = dist(lm, first, first + 3);
        return h == 0 ? 0 : (v1 + v2) / (2 * h);
    }

    /** The subject's right eye (points 36-41, on the image left). */
    public static double right(Landmarks lm) { return of(lm, RIGHT_EYE); }

    /** The subject's left eye (points 42-47, on the image right). */
    public static double left(Landmarks lm) { return of(lm, LEFT_EYE); }

    /** Mean of both eyes. */
    public static double mean(Landmarks lm) { return (left(lm) + right(lm)) / 2; }

    private static double dist(Landmarks lm, int a, int b) { return Math.hypot(lm.x(a) - lm.x(b), lm.y(a) - lm.y(b)); }
}
