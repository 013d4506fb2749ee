package org.fer.deep;

import org.fer.core.FerException;
import org.fer.features.FeatureConfig;
import org.fer.features.FeatureExtractor;
import org.fer.features.FeatureKind;
import org.fer.features.Features;
import org.fer.features.landmarks.ShapePredictor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code hybrid} network's second input: fer-features' vector of a face (default {@code landmarks-hog}: 68 dlib
 * landmarks box-normalised, 136 values, then the whole-face HOG of the seed, 72 values), computed on the fly from the
 * same (augmented) 48x48 face the image branch sees. No scaling is stored: the network starts with batch norm on this
 * input. The kind and its parameters go into the model's metadata; a model trained on one kind refuses another.
 */
public final class HybridInputs implements InputAdapter {
    /** {@code landmarks-hog} with the seed's settings: 136 + 72. */
    public static final int DEFAULT_DIMENSION = 208;
    public static final FeatureKind DEFAULT_KIND = FeatureKind.LANDMARKS_HOG;

    private final FeatureConfig config;
    private final FeatureExtractor fx;

    private HybridInputs(FeatureConfig config, FeatureExtractor fx) {
        this.config = config;
        this.fx = fx;
    }

    /** The seed's settings for {@code kind}; a landmark kind loads the 68-point model (clear error when it is missing). */
    public static HybridInputs create(FeatureKind kind) {
        FeatureConfig cfg = FeatureConfig.seed(kind);
        if (kind.usesLandmarks() && !ShapePredictor.defaultAvailable())
            throw new FerException("the hybrid network needs dlib's 68-point landmark model, not found at " + ShapePredictor.defaultPath()
                    + " (install it with: sudo apt-get install libdlib-data, or point -D" + ShapePredictor.PATH_PROPERTY
                    + "=PATH / $" + ShapePredictor.PATH_ENV + " at shape_predictor_68_face_landmarks.dat)");
        return new HybridInputs(cfg, Features.create(cfg, ShapePredictor::loadDefault));
    }

    public static HybridInputs createDefault() { return create(DEFAULT_KIND); }

    static HybridInputs fromMeta(Map<String, Object> m) {
        Object type = m.get("type"), kind = m.get("kind");
        if (!"features".equals(type) || !(kind instanceof String k))
            throw new FerException("model metadata: unknown " + META_KEY + " " + m + " (this build knows {type: features, kind: ...})");
        FeatureKind fk;
        try {
            fk = FeatureKind.parse(k);
        } catch (IllegalArgumentException e) {
            throw new FerException("model metadata: " + META_KEY + ".kind: " + e.getMessage());
        }
        HybridInputs h = create(fk);
        Object dim = m.get("dimension");
        if (dim instanceof Number n && n.intValue() != h.dimension())
            throw new FerException("model metadata: the model was trained on " + n + " " + k + " features, this build computes " + h.dimension());
        Object params = m.get("parameters");
        if (params != null && !org.fer.io.Json.readMap(org.fer.io.Json.toString(h.config.toMap())).equals(params))
            throw new FerException("model metadata: the model's " + k + " feature parameters " + params + " differ from this build's " + h.config.toMap());
        return h;
    }

    public FeatureKind kind() { return config.kind(); }

    @Override public int dimension() { return fx.dimension(); }

    @Override
    public float[] features(byte[] tensor, int[] idx) {
        int d = fx.dimension();
        float[] out = new float[idx.length * d];
        boolean contiguous = true;
        for (int i = 1; i < idx.length && contiguous; i++) contiguous = idx[i] == idx[0] + i;
        if (contiguous && idx.length > 0) fx.extractAll(tensor, idx[0], idx.length, out, 0); // batched landmarks: faster
        else for (int i = 0; i < idx.length; i++) fx.extract(tensor, idx[i], out, i * d);
        return out;
    }

    @Override
    public Map<String, Object> toMeta() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "features");
        m.put("input", Networks.FEATURE_INPUT);
        m.put("kind", config.kind().id());
        m.put("dimension", fx.dimension());
        m.put("parameters", config.toMap());
        return m;
    }
}
