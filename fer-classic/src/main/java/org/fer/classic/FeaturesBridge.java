package org.fer.classic;

import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.features.FeatureExtractor;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;

/**
 * Link to fer-features' extractors (HOG, landmarks, landmarks+HOG, sliding window): finds fer-features' factory that
 * rebuilds a {@link FeatureExtractor} from the kind and parameters a feature manifest records. Looked up by
 * reflection so this module builds against any fer-features revision; a missing factory or kind is a clear error
 * when faces must be turned into features (training on existing feature directories never needs it).
 */
final class FeaturesBridge {
    private static final List<String> FACTORY_CLASSES = List.of("org.fer.features.FeatureExtractors", "org.fer.features.Extractors",
            "org.fer.features.FeatureKinds", "org.fer.features.FeatureFactory");
    private static final List<String> FACTORY_METHODS = List.of("create", "of", "forKind", "fromManifest", "fromParameters", "extractor");

    private FeaturesBridge() {}

    static FeaturePipeline create(String kind, Map<String, Object> parameters, int dimension) {
        FeatureExtractor ex;
        try {
            ex = extractor(kind, parameters);
        } catch (FerException e) {
            return FeaturePipelines.recordedOnly(kind, parameters, dimension, e.getMessage());
        }
        if (ex.dimension() != dimension)
            throw new FerException("fer-features builds '" + kind + "' with " + ex.dimension() + " features, the model was trained on " + dimension);
        return new ExtractorPipeline(ex, parameters);
    }

    /** fer-features' extractor for this kind and these parameters. */
    static FeatureExtractor extractor(String kind, Map<String, Object> parameters) {
        for (String cn : FACTORY_CLASSES) {
            Class<?> c;
            try {
                c = Class.forName(cn);
            } catch (ClassNotFoundException e) {
                continue;
            }
            for (Method m : c.getMethods()) {
                if (!Modifier.isStatic(m.getModifiers()) || !FACTORY_METHODS.contains(m.getName())) continue;
                if (!FeatureExtractor.class.isAssignableFrom(m.getReturnType())) continue;
                Class<?>[] p = m.getParameterTypes();
                try {
                    if (p.length == 2 && p[0] == String.class && Map.class.isAssignableFrom(p[1])) return (FeatureExtractor) m.invoke(null, kind, parameters);
                    if (p.length == 1 && p[0] == String.class && parameters.isEmpty()) return (FeatureExtractor) m.invoke(null, kind);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    Throwable t = e.getCause();
                    if (t instanceof FerException fe) throw fe;
                    throw new FerException("fer-features cannot build a '" + kind + "' extractor: " + t);
                } catch (IllegalAccessException e) {
                    throw new FerException("fer-features factory " + m + " is not accessible");
                }
            }
        }
        throw new FerException("fer-features on the class path has no factory for feature kind '" + kind + "' (update fer-features: mvn -pl fer-features install)");
    }

    /** Faces to features through a fer-features extractor. */
    static final class ExtractorPipeline implements FeaturePipeline {
        private final FeatureExtractor ex;
        private final Map<String, Object> parameters;

        ExtractorPipeline(FeatureExtractor ex, Map<String, Object> parameters) {
            this.ex = ex;
            this.parameters = parameters;
        }

        @Override public String kind() { return ex.kind(); }
        @Override public Map<String, Object> parameters() { return parameters; }
        @Override public int dimension() { return ex.dimension(); }

        @Override
        public float[] extract(List<Face48> faces) {
            int d = ex.dimension();
            float[] out = new float[faces.size() * d];
            java.util.stream.IntStream.range(0, faces.size()).parallel().forEach(i -> System.arraycopy(ex.extract(faces.get(i)), 0, out, i * d, d));
            return out;
        }
    }
}
