package org.fer.classic;

import org.fer.cli.Progress;
import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.features.FeatureDataset;
import org.fer.features.FeatureExtractor;
import org.fer.features.FeatureSplit;
import org.fer.io.Json;
import org.fer.io.Provenance;
import org.fer.model.DefaultModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Finds the feature directory of one kind computed from a given processed dataset (matched by the source
 * manifest's sha256, whatever the folder is called), or computes one with fer-features' extractor.
 */
public final class FeatureLocator {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureLocator.class);

    private FeatureLocator() {}

    /** A matching directory under any of the roots (searched 3 levels deep), if one exists. */
    public static Optional<Path> find(String kind, String sourceSha, List<Path> roots) {
        for (Path root : roots) {
            if (!Files.isDirectory(root)) continue;
            try (Stream<Path> s = Files.find(root, 3, (p, a) -> p.getFileName().toString().equals(FeatureDataset.MANIFEST))) {
                for (Path m : s.sorted().toList()) {
                    Path dir = m.getParent();
                    if (matches(dir, kind, sourceSha)) return Optional.of(dir);
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                LOG.warn("cannot search {}: {}", root, e.getMessage());
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    static boolean matches(Path dir, String kind, String sourceSha) {
        try {
            Map<String, Object> m = Json.readMap(dir.resolve(FeatureDataset.MANIFEST));
            if (!FeatureDataset.FORMAT.equals(m.get("format")) || !kind.equals(m.get("kind"))) return false;
            Object src = m.get("source");
            return src instanceof Map<?, ?> sm && sourceSha.equals(((Map<String, Object>) sm).get("manifest_sha256"))
                    && Files.exists(dir.resolve("train_x.npy")) && Files.exists(dir.resolve("val_x.npy"));
        } catch (FerException e) {
            return false;
        }
    }

    /** Where a bench experiment looks: the bench work folder (every experiment's work dir) and data/features. */
    public static List<Path> benchRoots(Path workDir) {
        List<Path> roots = new ArrayList<>();
        if (workDir.toAbsolutePath().getParent() != null) roots.add(workDir.toAbsolutePath().getParent());
        roots.add(DefaultModel.repositoryRoot().resolve("data/features"));
        return roots;
    }

    /** Features of every split of {@code data} with {@code ex}, written to {@code out} in fer-features-v1 format. */
    public static Path compute(ProcessedDataset data, FeatureExtractor ex, Path out) {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new FerException("cannot create " + out + ": " + e.getMessage());
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        int d = ex.dimension();
        for (String name : data.splits()) {
            Split s = data.split(name);
            float[] x = new float[s.size() * d];
            try (Progress p = new Progress("features " + ex.kind() + " " + name, s.size())) {
                IntStream.range(0, s.size()).parallel().forEach(i -> ex.extract(s.x(), i, x, i * d));
                p.step(s.size());
            }
            FeatureDataset.writeSplit(out, new FeatureSplit(name, s.size(), d, x, s.y(), s.rows()));
            counts.put(name, s.size());
        }
        Map<String, Object> prov = Provenance.base("fer-classic features (" + ex.kind() + ")");
        Json.write(out.resolve(FeatureDataset.MANIFEST), FeatureDataset.manifest(ex.kind(), d, ex.parameters(), data.dir(),
                data.manifestSha256(), counts, Math.round((System.nanoTime() - t0) / 1e6) / 1000.0, prov));
        return out;
    }

    /** A matching feature directory for the experiment, computing one in its work folder when none exists. */
    public static Path findOrCompute(String kind, Path dataDir, Path workDir) {
        ProcessedDataset ds = ProcessedDataset.open(dataDir);
        String sha = ds.manifestSha256();
        Optional<Path> found = find(kind, sha, benchRoots(workDir));
        if (found.isPresent()) {
            LOG.info("using {} features from {}", kind, found.get());
            return found.get();
        }
        LOG.info("no {} features of {} found; computing them", kind, dataDir);
        return compute(ds, FeaturesBridge.seedExtractor(kind), workDir.resolve("features-" + kind));
    }
}
