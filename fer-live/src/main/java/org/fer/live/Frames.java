package org.fer.live;

import org.bytedeco.opencv.opencv_core.Mat;
import org.fer.image.GrayImage;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;

/** Conversions between OpenCV frames and the pipeline's {@link GrayImage}. */
public final class Frames {
    private Frames() {}

    /** Any 8-bit frame (gray, BGR, BGRA) → gray bytes (OpenCV's BGR weights). */
    public static GrayImage gray(Mat frame) {
        if (frame.depth() != CV_8U) throw new IllegalArgumentException("only 8-bit frames are supported, got depth " + frame.depth());
        Mat g;
        boolean own = true;
        switch (frame.channels()) {
            case 1 -> { g = frame; own = false; }
            case 3 -> { g = new Mat(); cvtColor(frame, g, COLOR_BGR2GRAY); }
            case 4 -> { g = new Mat(); cvtColor(frame, g, COLOR_BGRA2GRAY); }
            default -> throw new IllegalArgumentException("unsupported frame with " + frame.channels() + " channels");
        }
        try {
            int w = g.cols(), h = g.rows();
            byte[] px = new byte[w * h];
            if (g.isContinuous()) g.data().get(px);
            else for (int y = 0; y < h; y++) g.ptr(y).get(px, y * w, w);
            return new GrayImage(w, h, px);
        } finally {
            if (own) g.close();
        }
    }

    /** A BGR copy to draw on. */
    public static Mat bgr(Mat frame) {
        Mat out = new Mat();
        switch (frame.channels()) {
            case 1 -> cvtColor(frame, out, COLOR_GRAY2BGR);
            case 4 -> cvtColor(frame, out, COLOR_BGRA2BGR);
            default -> frame.copyTo(out);
        }
        return out;
    }

    /** A gray image as an OpenCV BGR frame (for tests and the benchmark video). */
    public static Mat toBgr(GrayImage img) {
        Mat g = new Mat(img.height(), img.width(), org.bytedeco.opencv.global.opencv_core.CV_8UC1);
        g.data().put(img.pixels());
        Mat out = new Mat();
        cvtColor(g, out, COLOR_GRAY2BGR);
        g.close();
        return out;
    }
}
