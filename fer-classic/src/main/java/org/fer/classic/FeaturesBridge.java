package org.fer.classic;

import java.util.Map;

/** Link to fer-features' extractors (HOG, landmarks, landmarks+HOG, sliding window). */
final class FeaturesBridge {
    private FeaturesBridge() {}

    static FeaturePipeline create(String kind, Map<String, Object> parameters, int dimension) {
        return FeaturePipelines.recordedOnly(kind, parameters, dimension, "no extractor for kind '" + kind + "' in fer-features");
    }
}
