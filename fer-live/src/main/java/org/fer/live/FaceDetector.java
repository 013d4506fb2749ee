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

    /**
     * Faces near the given boxes, of about their size (how tracked faces are followed between full scans).
     * The default scans the whole frame and keeps the detections that overlap a box.
     */
    default List<Box> detectNear(GrayImage frame, List<Box> near) {
        return detect(frame).stream().filter(b -> near.stream().anyMatch(n -> n.iou(b) > 0)).toList();
    }

    Map<String, Object> describe();

    @Override
    default void close() {}
}
