package org.fer.preprocess;

import org.fer.core.Emotion;
import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.core.Usage;
import org.fer.data.Fer2013Data;
import org.fer.data.Fer2013Reader;
import org.fer.data.ProcessedDataset;
import org.fer.data.RowError;
import org.fer.data.Split;
import org.fer.data.StratifiedSplit;
import org.fer.io.Hashing;
import org.fer.io.Json;
import org.fer.io.Provenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** FER2013 CSV to processed tensors: train / val (stratified slice of Training) / public_test / private_test. */
public final class Preprocessor {
    private static final Logger log = LoggerFactory.getLogger(Preprocessor.class);

    /** What a run did. {@code upToDate} means the output already matched the input and options. */
    public record Outcome(Path out, boolean upToDate, Map<String, int[]> counts, List<RowError> skipped, double seconds) {}

    private final PreprocessConfig config;

    public Preprocessor(PreprocessConfig config) { this.config = config; }

    public Outcome run(Path input, Path out) {
        long t0 = System.nanoTime();
        if (!Files.isRegularFile(input)) throw new FerException("input file not found: " + input + " (see data/README.md for how to get FER2013)");
        String sourceSha = Hashing.sha256(input);
        Path manifestFile = out.resolve(ProcessedDataset.MANIFEST);
        if (Files.exists(manifestFile) && upToDate(Json.readMap(manifestFile), sourceSha, out)) {
            log.info("{} is up to date with {} (same sha256 and options): nothing to do", out, input);
            return new Outcome(out, true, Map.of(), List.of(), (System.nanoTime() - t0) / 1e9);
        }
        Fer2013Data data = new Fer2013Reader(config.skipInvalid()).read(input);
        for (RowError e : data.skipped()) log.warn("skipped {}", e.describe(input.toString()));
        if (!data.skipped().isEmpty()) log.warn("{} invalid rows skipped", data.skipped().size());

        List<Split> splits = buildSplits(data);
        try {
            Files.createDirectories(out);
            // The manifest goes first and comes back last: a crash in between leaves a directory that readers refuse.
            Files.deleteIfExists(manifestFile);
            for (String s : ProcessedDataset.SPLITS)
                for (String part : new String[]{"_x.npy", "_y.npy", "_rows.npy"}) Files.deleteIfExists(out.resolve(s + part));
        } catch (IOException e) {
            throw new FerException("cannot write to " + out + ": " + e.getMessage(), e);
        }
        splits.parallelStream().forEach(s -> ProcessedDataset.writeSplit(out, s));
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (Split s : splits) counts.put(s.name(), s.classCounts());
        double seconds = (System.nanoTime() - t0) / 1e9;
        Json.write(manifestFile, manifest(input, sourceSha, data, counts, seconds));
        return new Outcome(out, false, counts, data.skipped(), seconds);
    }

    List<Split> buildSplits(Fer2013Data data) {
        List<Split> out = new ArrayList<>();
        int[] trainIdx = indices(data, Usage.TRAINING);
        if (trainIdx.length > 0) {
            int[] labels = new int[trainIdx.length];
            for (int k = 0; k < trainIdx.length; k++) labels[k] = data.label(trainIdx[k]);
            StratifiedSplit.Result r = StratifiedSplit.split(labels, config.valFraction(), config.seed());
            out.add(take(data, "train", map(trainIdx, r.train())));
            if (r.val().length > 0) out.add(take(data, "val", map(trainIdx, r.val())));
        }
        for (Usage u : new Usage[]{Usage.PUBLIC_TEST, Usage.PRIVATE_TEST}) {
            int[] idx = indices(data, u);
            if (idx.length > 0) out.add(take(data, u.splitName(), idx));
        }
        return out;
    }

    private static int[] map(int[] base, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) out[i] = base[idx[i]];
        return out;
    }

    private static int[] indices(Fer2013Data d, Usage u) {
        return java.util.stream.IntStream.range(0, d.rows()).filter(i -> d.usage()[i] == u.ordinal()).toArray();
    }

    private static Split take(Fer2013Data d, String name, int[] idx) {
        byte[] x = new byte[idx.length * Face48.PIXELS];
        int[] y = new int[idx.length], rows = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            System.arraycopy(d.pixels(), idx[k] * Face48.PIXELS, x, k * Face48.PIXELS, Face48.PIXELS);
            y[k] = d.label(idx[k]);
            rows[k] = d.rowIndex()[idx[k]];
        }
        return new Split(name, x, y, rows);
    }

    private boolean upToDate(Map<String, Object> m, String sourceSha, Path out) {
        Object src = m.get("source");
        if (!(src instanceof Map<?, ?> source) || !sourceSha.equals(source.get("sha256"))) return false;
        if (!Objects.equals(m.get("options"), options())) return false;
        if (!Provenance.TOOL_VERSION.equals(m.get("tool_version"))) return false;
        Object splits = m.get("splits");
        if (!(splits instanceof Map<?, ?> sm)) return false;
        for (Object name : sm.keySet())
            for (String part : new String[]{"_x.npy", "_y.npy", "_rows.npy"})
                if (!Files.exists(out.resolve(name + part))) return false;
        return true;
    }

    private Map<String, Object> options() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("val_fraction", config.valFraction());
        o.put("seed", config.seed());
        o.put("skip_invalid", config.skipInvalid());
        return Json.readMap(Json.toString(o)); // normalise number types as they read back
    }

    private Map<String, Object> manifest(Path input, String sourceSha, Fer2013Data data, Map<String, int[]> counts, double seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "fer-processed-dataset");
        m.put("tool_version", Provenance.TOOL_VERSION);
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("path", input.toAbsolutePath().normalize().toString());
        source.put("sha256", sourceSha);
        source.put("csv_sha256", data.csvSha256());
        source.put("csv_bytes", data.csvBytes());
        source.put("rows_read", data.rows() + data.skipped().size());
        source.put("rows_skipped", data.skipped().size());
        m.put("source", source);
        m.put("options", options());
        m.put("format", Map.of(
                "x", "<split>_x.npy: uint8, shape (N, 48, 48), row-major gray 0..255 as in the CSV",
                "y", "<split>_y.npy: int64, shape (N,), labels 0=Angry 1=Disgust 2=Fear 3=Happy 4=Sad 5=Surprise 6=Neutral",
                "rows", "<split>_rows.npy: int32, shape (N,), 0-based data-row index in the source CSV"));
        Map<String, Object> splits = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            Map<String, Object> s = new LinkedHashMap<>();
            int total = 0;
            Map<String, Object> per = new LinkedHashMap<>();
            for (Emotion em : Emotion.values()) { per.put(em.label(), e.getValue()[em.id()]); total += e.getValue()[em.id()]; }
            s.put("count", total);
            s.put("per_class", per);
            splits.put(e.getKey(), s);
        }
        m.put("splits", splits);
        Map<String, Object> prov = Provenance.base("preprocess");
        prov.put("wall_time_s", Math.round(seconds * 1000) / 1000.0);
        m.put("provenance", prov);
        return m;
    }
}
