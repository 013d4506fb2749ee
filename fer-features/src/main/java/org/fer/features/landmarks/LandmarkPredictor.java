package org.fer.features.landmarks;

import org.fer.image.GrayImage;

/** Predicts facial landmark points inside a face box. Implementations are thread-safe. */
public interface LandmarkPredictor {

    /** Number of points each prediction has (68 for dlib's iBUG model). */
    int landmarkCount();

    /**
     * Landmarks of the face in {@code box} of the 8-bit gray image stored row-major at
     * {@code pixels[offset .. offset + width*height)} (so faces can be read straight out of an N*2304 tensor).
     */
    Landmarks predict(byte[] pixels, int offset, int width, int height, Box box);

    default Landmarks predict(GrayImage image, Box box) {
        return predict(image.pixels(), 0, image.width(), image.height(), box);
    }

    /** The whole image is the box (how FER2013's 48x48 crops are used). */
    default Landmarks predict(GrayImage image) {
        return predict(image, Box.whole(image.width(), image.height()));
    }
}
