package org.fer.classic;

import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.features.FeatureConfig;
import org.fer.features.FeatureExtractor;
import org.fer.features.FeatureKind;
import org.fer.features.Features;
import org.fer.features.hog.HogParams;
import org.fer.features.landmarks.Box;

import java.util.List;
import java.util.Map;

/**
 * Link to fer-features: rebuilds the {@link FeatureConfig} a feature manifest records ({@code FeatureConfig.toMap()}
 * layout) and makes its extractor, so a model trained on a feature directory can be run on faces. Landmark kinds
 * load dlib's model through fer-features, which names the fix when the file is missing.
 */
final class FeaturesBridge {
    private FeaturesBridge() {}

    static FeaturePipeline create(String kind, Map<String, Object> parameters, int dimension) {
        FeatureConfig cfg = config(kind, parameters);
        return new ExtractorPipeline(cfg, parameters, dimension);
    }

    /** The seed configuration of a kind (for computing features a bench experiment cannot find). */
    static FeatureExtractor seedExtractor(String kind) {
        return Features.create(FeatureConfig.seed(parse(kind)));
    }

    static FeatureKind parse(String kind) {
        try {
            return FeatureKind.parse(kind);
        } catch (IllegalArgumentException e) {
            throw new FerException("feature kind '" + kind + "' cannot be computed from faces: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    static FeatureConfig config(String kind, Map<String, Object> p) {
        FeatureConfig cfg = FeatureConfig.seed(parse(kind));
        try {
            if (p.get("hog") instanceof Map<?, ?> h) cfg = cfg.withHog(hog((Map<String, Object>) h));
            if (p.get("sliding_hog") instanceof Map<?, ?> s) {
                Map<String, Object> sm = (Map<String, Object>) s;
                cfg = cfg.withWindow(((Number) sm.get("window")).intValue(), ((Number) sm.get("step")).intValue());
                if (sm.get("hog") instanceof Map<?, ?> wh) cfg = cfg.withWindowHog(hog((Map<String, Object>) wh));
            }
            if (p.get("landmarks") instanceof Map<?, ?> l) {
                Map<String, Object> lm = (Map<String, Object>) l;
                if (lm.get("box") instanceof List<?> b && b.size() == 4)
                    cfg = cfg.withBox(new Box(i(b.get(0)), i(b.get(1)), i(b.get(2)), i(b.get(3))));
                if (lm.get("pairwise_distances") instanceof Boolean d) cfg = cfg.withPairwiseDistances(d);
            }
        } catch (RuntimeException e) {
            throw new FerException("feature parameters of kind '" + kind + "' not understood (" + e.getMessage() + "): " + p);
        }
        // what we rebuilt must describe itself exactly as the manifest did, else the features would differ
        if (!p.isEmpty() && !cfg.toMap().equals(p))
            throw new FerException("cannot rebuild '" + kind + "' features: fer-features describes the rebuilt configuration as "
                    + cfg.toMap() + ", the model recorded " + p);
        return cfg;
    }

    private static HogParams hog(Map<String, Object> h) {
        List<?> cell = (List<?>) h.get("pixels_per_cell"), block = (List<?>) h.get("cells_per_block");
        return new HogParams(i(h.get("orientations")), i(cell.get(0)), i(cell.get(1)), i(block.get(0)), i(block.get(1)),
                HogParams.BlockNorm.parse(String.valueOf(h.get("block_norm"))), Boolean.TRUE.equals(h.get("transform_sqrt")));
    }

    private static int i(Object o) { return ((Number) o).intValue(); }

    /** Faces to features through a fer-features extractor, built (and the landmark model loaded) on first use. */
    static final class ExtractorPipeline implements FeaturePipeline {
        private final FeatureConfig cfg;
        private final Map<String, Object> parameters;
        private final int dimension;
        private FeatureExtractor ex;

        ExtractorPipeline(FeatureConfig cfg, Map<String, Object> parameters, int dimension) {
            this.cfg = cfg;
            this.parameters = parameters;
            this.dimension = dimension;
        }

        @Override public String kind() { return cfg.kind().id(); }
        @Override public Map<String, Object> parameters() { return parameters; }
        @Override public int dimension() { return dimension; }

        private synchronized FeatureExtractor extractor() {
            if (ex == null) {
                FeatureExtractor e = Features.create(cfg);
                if (e.dimension() != dimension)
                    throw new FerException("fer-features builds '" + kind() + "' with " + e.dimension() + " features, the model was trained on " + dimension);
                ex = e;
            }
            return ex;
        }

        @Override
        public float[] extract(List<Face48> faces) {
            FeatureExtractor e = extractor();
            float[] out = new float[faces.size() * dimension];
            java.util.stream.IntStream.range(0, faces.size()).parallel()
                    .forEach(i -> System.arraycopy(e.extract(faces.get(i)), 0, out, i * dimension, dimension));
            return out;
        }
    }
}
