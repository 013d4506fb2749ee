package org.fer.classic;

import org.fer.core.Emotion;
import org.fer.features.FeatureDataset;
import org.fer.features.FeatureSplit;
import org.fer.io.Json;
import org.fer.io.Provenance;
import org.fer.preprocess.PreprocessConfig;
import org.fer.preprocess.Preprocessor;
import org.fer.synth.SyntheticFaces;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Test data: Gaussian class blobs as feature matrices / feature directories, and small synthetic processed sets. */
final class Fixtures {
    private Fixtures() {}

    /** {@code perClass} rows per class of {@code dim} features: class c centred on a random mean, unit noise. */
    static FeatureMatrix blobs(String name, int perClass, int dim, double separation, long seed) {
        SplittableRandom means = new SplittableRandom(7);
        double[][] mu = new double[Emotion.COUNT][dim];
        for (double[] m : mu) for (int k = 0; k < dim; k++) m[k] = (means.nextDouble() * 2 - 1) * separation;
        SplittableRandom r = new SplittableRandom(seed);
        int n = perClass * Emotion.COUNT;
        float[] x = new float[n * dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % Emotion.COUNT;
            for (int k = 0; k < dim; k++) x[i * dim + k] = (float) (mu[y[i]][k] + gaussian(r) + 5);  // offset: scaling matters
        }
        return new FeatureMatrix(name, x, n, dim, y);
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** A fer-features-v1 directory of blobs with train / val / public_test. */
    static Path featureDir(Path dir, String kind, int perClass, int dim) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        long seed = 1;
        for (String s : new String[]{"train", "val", "public_test"}) {
            FeatureMatrix m = blobs(s, s.equals("train") ? perClass : Math.max(5, perClass / 4), dim, 1.5, seed++);
            FeatureDataset.writeSplit(dir, new FeatureSplit(s, m.rows(), m.cols(), m.x(), m.y(), java.util.stream.IntStream.range(0, m.rows()).toArray()));
            counts.put(s, m.rows());
        }
        Json.write(dir.resolve(FeatureDataset.MANIFEST), FeatureDataset.manifest(kind, dim, Map.of("test", true), dir, "0".repeat(64),
                counts, 0.0, Provenance.base("test")));
        return dir;
    }

    /** A processed directory of synthetic faces (train/val/public_test/private_test). */
    static Path processed(Path tmp, int perClass) {
        Path csv = tmp.resolve("synth.csv"), out = tmp.resolve("processed");
        new SyntheticFaces(3).writeCsv(csv, perClass);
        new Preprocessor(new PreprocessConfig(0.1, 42, false)).run(csv, out);
        return out;
    }
}
