package org.fer.classic;

import org.fer.core.Face48;

import java.util.List;
import java.util.Map;

/**
 * Turns raw faces into the feature vectors a classic model was trained on, so a saved model can be evaluated on
 * faces ({@code fer evaluate}, live): "flat" is the pixels scaled to 0..1; the other kinds are rebuilt from
 * fer-features from the kind and parameters recorded in the feature directory's manifest.
 */
public interface FeaturePipeline {
    String kind();

    Map<String, Object> parameters();

    int dimension();

    /** Row-major {@code faces.size() x dimension()} features. */
    float[] extract(List<Face48> faces);
}
