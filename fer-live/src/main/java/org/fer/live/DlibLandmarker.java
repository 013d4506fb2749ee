package org.fer.live;

import org.fer.features.landmarks.LandmarkPredictor;
import org.fer.image.GrayImage;

import java.util.LinkedHashMap;
import java.util.Map;

/** fer-features' pure-Java dlib shape predictor as a pipeline stage. */
public final class DlibLandmarker implements Landmarker {
    private final LandmarkPredictor predictor;
    private final String source;

    public DlibLandmarker(LandmarkPredictor predictor, String source) {
        this.predictor = predictor;
        this.source = source;
    }

    @Override
    public double[] predict(GrayImage frame, Box box) {
        return predictor.predict(frame, new org.fer.features.landmarks.Box(box.left(), box.top(), box.right(), box.bottom())).imagePoints();
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "dlib-shape-predictor (pure Java, fer-features)");
        m.put("model", source);
        m.put("points", predictor.landmarkCount());
        return m;
    }
}
