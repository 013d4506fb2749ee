package org.fer.classic;

import org.fer.core.Emotion;
import org.fer.core.Face48;
import org.fer.model.EmotionClassifier;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A classic model on faces: the feature pipeline it was trained on, then its predictor. */
public final class ClassicModel implements EmotionClassifier {
    private final FeaturePipeline pipeline;
    private final Predictor predictor;
    private final Map<String, Object> extra;

    public ClassicModel(FeaturePipeline pipeline, Predictor predictor, Map<String, Object> extra) {
        this.pipeline = pipeline;
        this.predictor = predictor;
        this.extra = extra;
    }

    public Predictor predictor() { return predictor; }
    public FeaturePipeline pipeline() { return pipeline; }

    @Override
    public float[][] predictProba(List<Face48> faces) {
        float[] x = pipeline.extract(faces);
        double[] p = predictor.proba(x, faces.size(), pipeline.dimension());
        float[][] out = new float[faces.size()][Emotion.COUNT];
        for (int i = 0; i < out.length; i++)
            for (int c = 0; c < Emotion.COUNT; c++) out[i][c] = (float) p[i * Emotion.COUNT + c];
        return out;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>(predictor.describe());
        m.put("features", pipelineJson(pipeline));
        m.putAll(extra);
        return m;
    }

    static Map<String, Object> pipelineJson(FeaturePipeline p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", p.kind());
        m.put("parameters", p.parameters());
        m.put("dimension", p.dimension());
        return m;
    }

    public void save(Path file) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", ModelFile.FORMAT);
        meta.put("model", describe());
        ModelFile.write(file, meta, predictor.entries());
    }

    @Override
    public void close() { predictor.close(); }
}
