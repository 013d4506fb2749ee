package org.fer.live;

import org.fer.image.GrayImage;

import java.util.List;
import java.util.Map;

/**
 * Finds faces in a grayscale frame. Boxes are in the detector's own framing; {@link Framing} maps them to
 * the crops the emotion model and the landmark model expect. One thread at a time.
 */
public interface FaceDetector extends AutoCloseable {
    List<Box> detect(GrayImage frame);

    Map<String, Object> describe();

    @Override
    default void close() {}
}
