package org.fer.classic;

import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.io.Hashing;
import org.fer.io.Json;
import org.fer.io.Npy;
import org.fer.io.NpyArray;

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
    private final Map<String, FeatureMatrix> cache = new LinkedHashMap<>();

    private FeatureInput(Path dir, String kind, Map<String, Object> parameters, Map<String, Object> manifest, ProcessedDataset processed) {
        this.dir = dir;
        this.kind = kind;
        this.parameters = parameters;
        this.manifest = manifest;
        this.processed = processed;
    }

    /** The flat image of a processed directory (pixels / 255). */
    public static FeatureInput flat(Path processedDir) {
        ProcessedDataset ds = ProcessedDataset.open(processedDir);
        return new FeatureInput(processedDir, FlatPipeline.KIND, new FlatPipeline().parameters(), ds.manifest(), ds);
    }

    @SuppressWarnings("unchecked")
    public static FeatureInput features(Path dir) {
        if (!Files.isDirectory(dir)) throw new FerException("feature directory not found: " + dir + " (write one with fer features, or pass --input flat --data <processed dir>)");
        Path m = dir.resolve("manifest.json");
        if (!Files.exists(m)) throw new FerException(dir + " has no manifest.json: not a feature directory, or an interrupted one");
        Map<String, Object> man = Json.readMap(m);
        Object kind = man.get("kind");
        if (!(kind instanceof String k) || k.isBlank()) throw new FerException(m + ": field 'kind' is missing");
        Object params = man.getOrDefault("parameters", Map.of());
        if (!(params instanceof Map)) throw new FerException(m + ": field 'parameters' must be an object");
        if (!Files.exists(dir.resolve("train_x.npy"))) throw new FerException(dir + " has no train_x.npy");
        return new FeatureInput(dir, k, (Map<String, Object>) params, man, null);
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
        Path xf = dir.resolve(name + "_x.npy"), yf = dir.resolve(name + "_y.npy");
        NpyArray x = Npy.read(xf);
        if (x.shape().length != 2) throw new FerException(xf + ": expected a 2-D N x D array, found shape " + java.util.Arrays.toString(x.shape()));
        int[] y = Npy.read(yf).asInts();
        if (y.length != x.shape()[0]) throw new FerException(yf + ": " + y.length + " labels for " + x.shape()[0] + " rows in " + xf);
        for (int i = 0; i < y.length; i++)
            if (y[i] < 0 || y[i] > 6) throw new FerException(yf + ": label " + y[i] + " at index " + i + " is outside 0..6");
        float[] v = x.asFloats();
        for (int i = 0; i < v.length; i++)
            if (!Float.isFinite(v[i])) throw new FerException(xf + ": non-finite value at row " + i / x.shape()[1] + ", column " + i % x.shape()[1]);
        Object dim = manifest.get("dimension");
        if (dim instanceof Number d && d.intValue() != x.shape()[1])
            throw new FerException(xf + ": " + x.shape()[1] + " columns but manifest.json says dimension " + d);
        return new FeatureMatrix(name, v, x.shape()[0], x.shape()[1], y);
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
        if (!isFlat()) {
            for (String k : List.of("source_manifest_sha256", "source", "source_sha256"))
                if (manifest.containsKey(k)) m.put(k, manifest.get(k));
        }
        return m;
    }
}
