package org.fer.classic;

import org.fer.core.FerException;
import org.fer.model.EmotionClassifier;
import org.fer.model.ModelLoader;

import java.nio.file.Path;
import java.util.Map;

/** Reloads {@code *.classic.zip} models (LightGBM and SVM) for {@code fer evaluate}, bench and live. */
public final class ClassicModelLoader implements ModelLoader {
    @Override
    public boolean accepts(Path file) { return ModelFile.looksLike(file); }

    @Override
    @SuppressWarnings("unchecked")
    public EmotionClassifier load(Path file) {
        Map<String, byte[]> entries = ModelFile.read(file);
        Map<String, Object> meta = ModelFile.meta(entries, file);
        Map<String, Object> model = (Map<String, Object>) meta.get("model");
        if (model == null) throw new FerException(file + ": fer-classic.json has no 'model'");
        Map<String, Object> feat = (Map<String, Object>) model.get("features");
        if (feat == null) throw new FerException(file + ": fer-classic.json has no 'model.features'");
        String kind = String.valueOf(feat.get("kind"));
        Map<String, Object> params = (Map<String, Object>) feat.getOrDefault("parameters", Map.of());
        int dim = ((Number) feat.get("dimension")).intValue();
        FeaturePipeline pipeline = FeaturePipelines.create(kind, params, dim);
        Map<String, Object> hyper = (Map<String, Object>) model.getOrDefault("hyper_parameters", Map.of());
        String type = String.valueOf(model.get("type"));
        Predictor p = switch (type) {
            case LgbmPredictor.TYPE -> LgbmPredictor.load(ModelFile.entry(entries, LgbmPredictor.ENTRY, file), hyper);
            case SvmPredictor.TYPE -> SvmPredictor.load(entries, model, file);
            default -> throw new FerException(file + ": unknown classic model type '" + type + "'");
        };
        return new ClassicModel(pipeline, p, Map.of());
    }
}
