package org.fer.live;

import org.bytedeco.opencv.opencv_core.Mat;

/** Frames from a camera, a video file or a folder of images, as OpenCV BGR (or gray) images. */
public interface FrameSource extends AutoCloseable {
    /** The next frame (valid until the next call), or null at the end. */
    Mat next();

    /** Presentation time of the last frame, in ms from the start. */
    double timeMs();

    /** Nominal frame rate (for the output video), or 0 when unknown. */
    double frameRate();

    String describe();

    /** Why the stream stopped before its end (a truncated file, a read error), or null when it ended normally. */
    default String endedEarly() { return null; }

    @Override
    void close();
}
