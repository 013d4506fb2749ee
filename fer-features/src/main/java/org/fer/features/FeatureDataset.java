package org.fer.features;

import org.fer.core.Emotion;
import org.fer.core.FerException;
import org.fer.io.Json;
import org.fer.io.Npy;
import org.fer.io.NpyArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A feature directory written by {@code fer features} (format {@value #FORMAT}):
 * <pre>
 *   &lt;split&gt;_x.npy     float32, shape (N, D)   one feature vector per face
 *   &lt;split&gt;_y.npy     int64,   shape (N,)     labels 0=Angry .. 6=Neutral (Emotion order)
 *   &lt;split&gt;_rows.npy  int32,   shape (N,)     0-based data-row index in the source CSV
 *   manifest.json     {format, kind, dimension, parameters, source{path, manifest_sha256},
 *                      splits{name:{count}}, wall_time_s, provenance}
 * </pre>
 * Splits are those of the processed dataset ({@code train}, {@code val}, {@code public_test},
 * {@code private_test} when present), in the same row order. The manifest is written last, so a
 * directory without one is incomplete and is refused.
 */
public final class FeatureDataset {
    public static final String MANIFEST = "manifest.json";
    public static final String FORMAT = "fer-features-v1";

    private final Path dir;
    private final Map<String, Object> manifest;

    private FeatureDataset(Path dir, Map<String, Object> manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    public static FeatureDataset open(Path dir) {
        if (!Files.isDirectory(dir))
            throw new FerException("feature directory not found: " + dir + " (create it with: fer features --data <processed dir> --kind hog --out " + dir + ")");
        Path m = dir.resolve(MANIFEST);
        if (!Files.exists(m)) throw new FerException(dir + " has no " + MANIFEST + ": not a feature directory, or an interrupted one (re-run fer features)");
        Map<String, Object> man = Json.readMap(m);
        if (!FORMAT.equals(man.get("format"))) throw new FerException(m + ": field 'format' is " + man.get("format") + ", expected " + FORMAT);
        if (!(man.get("dimension") instanceof Number)) throw new FerException(m + ": field 'dimension' missing or not a number");
        return new FeatureDataset(dir, man);
    }

    public Path dir() { return dir; }

    public Map<String, Object> manifest() { return Collections.unmodifiableMap(manifest); }

    /** {@code hog}, {@code landmarks}, {@code landmarks-hog} or {@code sliding}. */
    public String kind() { return String.valueOf(manifest.get("kind")); }

    public int dimension() { return ((Number) manifest.get("dimension")).intValue(); }

    @SuppressWarnings("unchecked")
    public Map<String, Object> parameters() {
        Object p = manifest.get("parameters");
        return p instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** sha256 of the processed dataset's manifest.json these features were computed from. */
    @SuppressWarnings("unchecked")
    public String sourceManifestSha256() {
        Object s = manifest.get("source");
        return s instanceof Map<?, ?> m ? String.valueOf(((Map<String, Object>) m).get("manifest_sha256")) : null;
    }

    /** sha256 of this directory's own manifest.json: how downstream results name their input. */
    public String manifestSha256() { return org.fer.io.Hashing.sha256(dir.resolve(MANIFEST)); }

    public boolean has(String split) { return Files.exists(dir.resolve(split + "_x.npy")); }

    /** Splits present, in the order of {@link org.fer.data.ProcessedDataset#SPLITS}. */
    public List<String> splits() {
        List<String> out = new ArrayList<>();
        for (String s : org.fer.data.ProcessedDataset.SPLITS) if (has(s)) out.add(s);
        return out;
    }

    public FeatureSplit split(String name) {
        if (!has(name)) throw new FerException(dir + " has no split '" + name + "' (it has " + splits() + ")");
        Path xf = dir.resolve(name + "_x.npy"), yf = dir.resolve(name + "_y.npy"), rf = dir.resolve(name + "_rows.npy");
        NpyArray x = Npy.read(xf);
        if (!x.dtype().equals("<f4") || x.shape().length != 2)
            throw new FerException(xf + ": expected float32 N x D, found " + x.dtype() + " " + java.util.Arrays.toString(x.shape()));
        int n = x.shape()[0], d = x.shape()[1];
        if (d != dimension()) throw new FerException(xf + ": has " + d + " columns but the manifest says dimension " + dimension());
        int[] y = Npy.read(yf).asInts();
        if (y.length != n) throw new FerException(yf + ": " + y.length + " labels for " + n + " feature rows");
        for (int i = 0; i < n; i++)
            if (y[i] < 0 || y[i] >= Emotion.COUNT) throw new FerException(yf + ": label " + y[i] + " at index " + i + " is outside 0..6");
        int[] rows = Files.exists(rf) ? Npy.read(rf).asInts() : java.util.stream.IntStream.range(0, n).toArray();
        if (rows.length != n) throw new FerException(rf + ": " + rows.length + " row ids for " + n + " feature rows");
        return new FeatureSplit(name, n, d, x.floats(), y, rows);
    }

    /** Writes one split's three files (atomically each). The manifest is written separately, last. */
    public static void writeSplit(Path dir, FeatureSplit s) {
        Npy.write(dir.resolve(s.name() + "_x.npy"), NpyArray.ofFloats(s.x(), s.n(), s.dim()));
        long[] y = new long[s.n()];
        for (int i = 0; i < y.length; i++) y[i] = s.y()[i];
        Npy.write(dir.resolve(s.name() + "_y.npy"), NpyArray.ofLongs(y, s.n()));
        Npy.write(dir.resolve(s.name() + "_rows.npy"), NpyArray.ofInts(s.rows(), s.n()));
    }

    /** The manifest layout, built in one place so the writer and the documentation agree. */
    public static Map<String, Object> manifest(String kind, int dimension, Map<String, Object> parameters,
                                               Path sourceDir, String sourceManifestSha256,
                                               Map<String, Integer> splitCounts, double wallSeconds,
                                               Map<String, Object> provenance) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("kind", kind);
        m.put("dimension", dimension);
        m.put("parameters", parameters);
        Map<String, Object> src = new LinkedHashMap<>();
        src.put("path", sourceDir.toString());
        src.put("manifest_sha256", sourceManifestSha256);
        m.put("source", src);
        Map<String, Object> splits = new LinkedHashMap<>();
        splitCounts.forEach((k, v) -> splits.put(k, Map.of("count", v)));
        m.put("splits", splits);
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("x", "<split>_x.npy: float32, shape (N, " + dimension + ")");
        files.put("y", "<split>_y.npy: int64, shape (N,), labels 0=Angry 1=Disgust 2=Fear 3=Happy 4=Sad 5=Surprise 6=Neutral");
        files.put("rows", "<split>_rows.npy: int32, shape (N,), 0-based data-row index in the source CSV");
        m.put("files", files);
        m.put("wall_time_s", wallSeconds);
        m.put("provenance", provenance);
        return m;
    }
}
