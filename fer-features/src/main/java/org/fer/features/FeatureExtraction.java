package org.fer.features;

import org.fer.cli.Progress;
import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.features.landmarks.ShapePredictor;
import org.fer.io.Hashing;
import org.fer.io.Json;
import org.fer.io.Provenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Computes a feature directory ({@link FeatureDataset}) from a processed dataset, in parallel over
 * batches of faces. Skips the work when the output's manifest already records the same source manifest,
 * kind, parameters and landmark model.
 */
public final class FeatureExtraction {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureExtraction.class);

    public record Outcome(boolean upToDate, int dimension, Map<String, Integer> counts, int faces, double seconds) {}

    private final FeatureConfig config;
    private final Path model;
    private final int threads, batch;

    /** {@code model} null means {@link ShapePredictor#defaultPath()}. */
    public FeatureExtraction(FeatureConfig config, Path model, int threads, int batch) {
        if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        if (batch < 1) throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
        this.config = config;
        this.model = model == null ? ShapePredictor.defaultPath() : model;
        this.threads = threads;
        this.batch = batch;
    }

    public Outcome run(Path data, Path out, boolean force, String command) {
        long t0 = System.nanoTime();
        ProcessedDataset ds = ProcessedDataset.open(data);
        String srcSha = ds.manifestSha256();
        Map<String, Object> params = config.toMap();
        Map<String, Object> modelInfo = null;
        if (config.kind().usesLandmarks()) {
            if (!Files.isRegularFile(model))
                throw new FerException("landmark model not found: " + model + " (install it with: sudo apt-get install libdlib-data, or pass --landmarks-model PATH)");
            modelInfo = new LinkedHashMap<>();
            modelInfo.put("path", model.toString());
            try {
                modelInfo.put("bytes", Files.size(model));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            modelInfo.put("sha256", Hashing.sha256(model));
        }
        if (!force && upToDate(out, srcSha, params, modelInfo, ds.splits())) {
            FeatureDataset fd = FeatureDataset.open(out);
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String s : fd.splits()) counts.put(s, splitCount(fd, s));
            return new Outcome(true, fd.dimension(), counts, 0, (System.nanoTime() - t0) / 1e9);
        }
        FeatureExtractor fx = Features.create(config, () -> ShapePredictor.load(model));
        try {
            Files.createDirectories(out);
            Files.deleteIfExists(out.resolve(FeatureDataset.MANIFEST)); // the directory is incomplete until the end
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + out + ": " + e.getMessage(), e);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        int faces = 0;
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "features");
            t.setDaemon(true);
            return t;
        });
        try {
            for (String name : ds.splits()) {
                Split s = ds.split(name);
                float[] x;
                try (Progress p = new Progress(config.kind().id() + " " + name, s.size())) {
                    x = extract(fx, s.x(), s.size(), pool, batch, p);
                }
                FeatureDataset.writeSplit(out, new FeatureSplit(name, s.size(), fx.dimension(), x, s.y(), s.rows()));
                counts.put(name, s.size());
                faces += s.size();
            }
        } finally {
            pool.shutdownNow();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> prov = Provenance.base(command);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("processed_manifest_sha256", srcSha);
        if (modelInfo != null) inputs.put("landmark_model_sha256", modelInfo.get("sha256"));
        prov.put("inputs", inputs);
        prov.put("parameters", params);
        prov.put("threads", threads);
        prov.put("batch", batch);
        prov.put("wall_time_s", secs);
        Map<String, Object> man = FeatureDataset.manifest(config.kind().id(), fx.dimension(), params, data, srcSha, counts, secs, prov);
        if (modelInfo != null) man.put("landmark_model", modelInfo);
        Json.write(out.resolve(FeatureDataset.MANIFEST), man);
        LOG.info("{}: {} faces, dimension {}, {} s", out, faces, fx.dimension(), String.format("%.2f", secs));
        return new Outcome(false, fx.dimension(), counts, faces, secs);
    }

    /**
     * Features of the first {@code n} faces of an N*2304 tensor, computed by {@code pool} in batches;
     * returns the flat n x dimension matrix.
     */
    public static float[] extract(FeatureExtractor fx, byte[] tensor, int n, ExecutorService pool, int batch, Progress progress) {
        int d = fx.dimension();
        float[] out = new float[Math.multiplyExact(n, d)];
        List<Future<Integer>> jobs = new ArrayList<>();
        for (int start = 0; start < n; start += batch) {
            int s = start, len = Math.min(batch, n - start);
            jobs.add(pool.submit(() -> {
                fx.extractAll(tensor, s, len, out, s * d);
                return len;
            }));
        }
        for (Future<Integer> f : jobs) {
            int len = org.fer.core.Futures.await(f, "extracting features");
            if (progress != null) progress.step(len);
        }
        return out;
    }

    /** Single-threaded convenience over a whole tensor. */
    public static float[] extract(FeatureExtractor fx, byte[] tensor) {
        int n = tensor.length / Face48.PIXELS;
        float[] out = new float[n * fx.dimension()];
        fx.extractAll(tensor, 0, n, out, 0);
        return out;
    }

    private static int splitCount(FeatureDataset fd, String split) {
        Object s = fd.manifest().get("splits");
        if (s instanceof Map<?, ?> m && m.get(split) instanceof Map<?, ?> e && e.get("count") instanceof Number c) return c.intValue();
        return -1;
    }

    private static boolean upToDate(Path out, String srcSha, Map<String, Object> params, Map<String, Object> modelInfo, List<String> splits) {
        Path m = out.resolve(FeatureDataset.MANIFEST);
        if (!Files.exists(m)) return false;
        try {
            Map<String, Object> man = Json.readMap(m);
            FeatureDataset fd = FeatureDataset.open(out);
            if (!fd.splits().equals(splits)) return false;
            Object modelThere = man.get("landmark_model");
            boolean sameModel = modelInfo == null ? modelThere == null
                    : modelThere instanceof Map<?, ?> mm && Objects.equals(String.valueOf(mm.get("sha256")), modelInfo.get("sha256"));
            return FeatureDataset.FORMAT.equals(man.get("format"))
                    && srcSha.equals(fd.sourceManifestSha256())
                    && Json.readMap(Json.toString(params)).equals(man.get("parameters"))
                    && sameModel;
        } catch (FerException e) {
            return false;
        }
    }
}
