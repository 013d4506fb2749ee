package org.fer.live;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.fer.core.Emotion;

import java.awt.Color;
import java.util.Locale;

import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

/** Draws the results on a BGR frame: box and label per face, a bar per class, landmarks, blinks, FPS. */
public final class Overlay {
    private static final Scalar WHITE = new Scalar(255, 255, 255, 0);
    private static final Scalar BLACK = new Scalar(0, 0, 0, 0);
    private static final Scalar GREEN = new Scalar(80, 220, 80, 0);

    private Overlay() {}

    public static void draw(Mat bgr, FrameResult result, double fps, String note) {
        if (result != null) for (FaceResult f : result.faces()) face(bgr, f);
        String status = String.format(Locale.ROOT, "%.1f FPS", fps) + (note == null ? "" : "  " + note);
        // bottom-left, where face labels (drawn above their boxes) do not go
        Point at = new Point(8, Math.max(14, bgr.rows() - 10));
        putText(bgr, status, at, FONT_HERSHEY_SIMPLEX, 0.5, BLACK, 3, LINE_AA, false);
        putText(bgr, status, at, FONT_HERSHEY_SIMPLEX, 0.5, WHITE, 1, LINE_AA, false);
    }

    private static void face(Mat bgr, FaceResult f) {
        Box b = f.box();
        Scalar c = scalar(f.emotion().color());
        rectangle(bgr, new Point(b.left(), b.top()), new Point(b.right(), b.bottom()), c, 2, LINE_AA, 0);
        String label = String.format(Locale.ROOT, "#%d %s %.0f%%", f.trackId(), f.emotion().label(), 100 * f.smoothed()[f.emotion().id()]);
        int ty = Math.max(14, b.top() - 6);
        putText(bgr, label, new Point(b.left(), ty), FONT_HERSHEY_SIMPLEX, 0.5, BLACK, 3, LINE_AA, false);
        putText(bgr, label, new Point(b.left(), ty), FONT_HERSHEY_SIMPLEX, 0.5, c, 1, LINE_AA, false);
        // probability bars to the right of the box (left of it when the box touches the right edge)
        int barW = 60, x0 = b.right() + 6 + barW + 60 > bgr.cols() ? Math.max(0, b.left() - barW - 66) : b.right() + 6;
        for (Emotion e : Emotion.values()) {
            int y = b.top() + e.id() * 12;
            int len = (int) Math.round(barW * f.smoothed()[e.id()]);
            rectangle(bgr, new Point(x0, y), new Point(x0 + barW, y + 9), BLACK, FILLED, 8, 0);
            if (len > 0) rectangle(bgr, new Point(x0, y), new Point(x0 + len, y + 9), scalar(e.color()), FILLED, 8, 0);
            putText(bgr, e.label(), new Point(x0 + barW + 3, y + 9), FONT_HERSHEY_SIMPLEX, 0.33, WHITE, 1, LINE_AA, false);
        }
        if (f.landmarks() != null) {
            double[] p = f.landmarks();
            for (int i = 0; i + 1 < p.length; i += 2)
                circle(bgr, new Point((int) Math.round(p[i]), (int) Math.round(p[i + 1])), 1, GREEN, FILLED, 8, 0);
            String blinks = String.format(Locale.ROOT, "blinks %d  EAR %.2f", f.blinks(), f.ear());
            putText(bgr, blinks, new Point(b.left(), b.bottom() + 16), FONT_HERSHEY_SIMPLEX, 0.45, GREEN, 1, LINE_AA, false);
        }
    }

    private static Scalar scalar(Color c) { return new Scalar(c.getBlue(), c.getGreen(), c.getRed(), 0); }
}
