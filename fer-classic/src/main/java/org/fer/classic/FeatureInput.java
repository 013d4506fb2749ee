package org.fer.classic;

import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.io.Hashing;
import org.fer.features.FeatureDataset;
import org.fer.features.FeatureSplit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training input of a classic model: either the flat image of a processed directory, or a feature directory
 * written by fer-features ({@code <split>_x.npy} float32 N x D, {@code <split>_y.npy} int64 N, manifest.json with
 * kind, parameters and dimension). Splits are loaded lazily and cached.
 */
public final class FeatureInput {
    private final Path dir;
    private final String kind;
    private final Map<String, Object> parameters;
    private final Map<String, Object> manifest;
    private final ProcessedDataset processed;  // flat only
    private final FeatureDataset features;     // feature directories only
    private final Map<String, FeatureMatrix> cache = new LinkedHashMap<>();

    private FeatureInput(Path dir, String kind, Map<String, Object> parameters, Map<String, Object> manifest, ProcessedDataset processed, FeatureDataset features) {
        this.features = features;
        this.dir = dir;
        this.kind = kind;
        this.parameters = parameters;
        this.manifest = manifest;
        this.processed = processed;
    }

    /** The flat image of a processed directory (pixels / 255). */
    public static FeatureInput flat(Path processedDir) {
        ProcessedDataset ds = ProcessedDataset.open(processedDir);
        return new FeatureInput(processedDir, FlatPipeline.KIND, new FlatPipeline().parameters(), ds.manifest(), ds, null);
    }

    /** A feature directory of fer-features (format fer-features-v1), read with its {@link FeatureDataset}. */
    public static FeatureInput features(Path dir) {
        FeatureDataset fd = FeatureDataset.open(dir);
        for (String s : List.of("train", "val"))
            if (!fd.has(s)) throw new FerException(dir + " has no " + s + " split (" + s + "_x.npy): training needs train and val");
        return new FeatureInput(dir, fd.kind(), fd.parameters(), fd.manifest(), null, fd);
    }

    /** "flat" with a processed dir, or a feature directory. */
    public static FeatureInput open(String input, Path data) {
        if (input.equals(FlatPipeline.KIND)) {
            if (data == null) throw new FerException("--input flat needs --data <processed dir>");
            return flat(data);
        }
        return features(Path.of(input));
    }

    public Path dir() { return dir; }
    public String kind() { return kind; }
    public Map<String, Object> parameters() { return parameters; }
    public Map<String, Object> manifest() { return manifest; }
    public boolean isFlat() { return processed != null; }

    public String manifestSha256() { return Hashing.sha256(dir.resolve("manifest.json")); }

    public boolean has(String split) { return Files.exists(dir.resolve(split + "_x.npy")); }

    /** val and every test split present, in report order. */
    public List<String> reportSplits() {
        List<String> out = new ArrayList<>();
        for (String s : ProcessedDataset.SPLITS) if (!s.equals("train") && has(s)) out.add(s);
        return out;
    }

    public FeatureMatrix split(String name) {
        return cache.computeIfAbsent(name, this::load);
    }

    private FeatureMatrix load(String name) {
        if (!has(name)) throw new FerException(dir + " has no split '" + name + "'");
        if (processed != null) {
            Split s = processed.split(name);
            return new FeatureMatrix(name, FlatPipeline.fromBytes(s.x()), s.size(), Face48.PIXELS, s.y());
        }
        FeatureSplit fs = features.split(name);
        float[] v = fs.x();
        for (int i = 0; i < v.length; i++)
            if (!Float.isFinite(v[i])) throw new FerException(dir.resolve(name + "_x.npy") + ": non-finite value at row " + i / fs.dim() + ", column " + i % fs.dim());
        return new FeatureMatrix(name, v, fs.n(), fs.dim(), fs.y());
    }

    /** The pipeline that recomputes these features from raw faces (for saved models). */
    public FeaturePipeline pipeline() {
        return isFlat() ? new FlatPipeline() : FeaturePipelines.create(kind, parameters, split("train").cols());
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("dir", dir.toString());
        m.put("parameters", parameters);
        m.put("manifest_sha256", manifestSha256());
        if (isFlat()) m.put("processed_manifest_sha256", manifestSha256());
        if (!isFlat()) {
            m.put("format", manifest.get("format"));
            m.put("source_manifest_sha256", features.sourceManifestSha256());
        }
        return m;
    }
}
