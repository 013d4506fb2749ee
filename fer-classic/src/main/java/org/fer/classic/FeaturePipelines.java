package org.fer.classic;

import org.fer.core.FerException;

import java.util.Map;

/** Rebuilds a feature pipeline from the kind and parameters a model recorded. */
public final class FeaturePipelines {
    private FeaturePipelines() {}

    public static FeaturePipeline create(String kind, Map<String, Object> parameters, int dimension) {
        if (kind.equals(FlatPipeline.KIND)) return new FlatPipeline();
        try {
            return FeaturesBridge.create(kind, parameters, dimension);
        } catch (FerException e) {
            // e.g. an auto-encoded image: training and reports work, faces cannot be featurised here
            return recordedOnly(kind, parameters, dimension, e.getMessage());
        }
    }

    /** A pipeline that exists only to record what was trained on; refuses faces. */
    static FeaturePipeline recordedOnly(String kind, Map<String, Object> parameters, int dimension, String why) {
        return new FeaturePipeline() {
            @Override public String kind() { return kind; }
            @Override public Map<String, Object> parameters() { return parameters; }
            @Override public int dimension() { return dimension; }
            @Override public float[] extract(java.util.List<org.fer.core.Face48> faces) {
                throw new FerException("this model was trained on '" + kind + "' features, which cannot be computed from faces here: " + why);
            }
        };
    }
}
