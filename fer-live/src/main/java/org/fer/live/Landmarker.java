package org.fer.live;

import org.fer.image.GrayImage;

import java.util.Map;

/** 68 facial landmarks (dlib / iBUG layout) for a face box. Implementations must be safe to call from one thread at a time. */
public interface Landmarker extends AutoCloseable {
    /** Unrounded points as {x0, y0, x1, y1, ...} (136 values) in frame coordinates; the box is in dlib framing. */
    double[] predict(GrayImage frame, Box box);

    Map<String, Object> describe();

    @Override
    default void close() {}
}
