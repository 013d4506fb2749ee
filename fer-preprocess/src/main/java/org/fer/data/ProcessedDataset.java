package org.fer.data;

import org.fer.core.Emotion;
import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.io.Json;
import org.fer.io.Npy;
import org.fer.io.NpyArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A directory written by {@code fer preprocess}: for each split {@code <split>_x.npy} (uint8, N x 48 x 48),
 * {@code <split>_y.npy} (int64, N), {@code <split>_rows.npy} (int32, N: source CSV data-row index) and one
 * {@code manifest.json}. A directory without a manifest is refused: it may be half written.
 */
public final class ProcessedDataset {
    public static final String MANIFEST = "manifest.json";
    /** Split names in the order reports show them. */
    public static final List<String> SPLITS = List.of("train", "val", "public_test", "private_test");
    public static final List<String> TEST_SPLITS = List.of("public_test", "private_test");

    private final Path dir;
    private final Map<String, Object> manifest;

    private ProcessedDataset(Path dir, Map<String, Object> manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    public static ProcessedDataset open(Path dir) {
        if (!Files.isDirectory(dir)) throw new FerException("processed data directory not found: " + dir + " (create it with: fer preprocess --input <fer2013.csv> --out " + dir + ")");
        Path m = dir.resolve(MANIFEST);
        if (!Files.exists(m)) throw new FerException(dir + " has no " + MANIFEST + ": not a processed dataset, or an interrupted one (re-run fer preprocess)");
        return new ProcessedDataset(dir, Json.readMap(m));
    }

    public Path dir() { return dir; }

    public Map<String, Object> manifest() { return manifest; }

    /** The sha256 of this dataset's manifest file: how downstream manifests name their input. */
    public String manifestSha256() { return org.fer.io.Hashing.sha256(dir.resolve(MANIFEST)); }

    public boolean has(String split) { return Files.exists(dir.resolve(split + "_x.npy")); }

    public List<String> splits() {
        List<String> out = new ArrayList<>();
        for (String s : SPLITS) if (has(s)) out.add(s);
        return out;
    }

    public List<String> testSplits() {
        List<String> out = new ArrayList<>();
        for (String s : TEST_SPLITS) if (has(s)) out.add(s);
        return out;
    }

    public Split split(String name) {
        if (!has(name)) throw new FerException(dir + " has no split '" + name + "' (it has " + splits() + ")");
        NpyArray x = Npy.read(dir.resolve(name + "_x.npy"));
        NpyArray y = Npy.read(dir.resolve(name + "_y.npy"));
        if (!x.dtype().equals("|u1") || x.shape().length != 3 || x.shape()[1] != Face48.SIDE || x.shape()[2] != Face48.SIDE)
            throw new FerException(dir.resolve(name + "_x.npy") + ": expected uint8 N x 48 x 48, found " + x.dtype() + " " + java.util.Arrays.toString(x.shape()));
        int[] labels = y.asInts();
        if (labels.length != x.shape()[0]) throw new FerException(dir + ": split " + name + " has " + x.shape()[0] + " images but " + labels.length + " labels");
        for (int i = 0; i < labels.length; i++)
            if (labels[i] < 0 || labels[i] >= Emotion.COUNT) throw new FerException(dir.resolve(name + "_y.npy") + ": label " + labels[i] + " at index " + i + " is outside 0..6");
        Path rowsFile = dir.resolve(name + "_rows.npy");
        int[] rows = Files.exists(rowsFile) ? Npy.read(rowsFile).asInts() : java.util.stream.IntStream.range(0, labels.length).toArray();
        return new Split(name, x.bytes(), labels, rows);
    }

    public static void writeSplit(Path dir, Split s) {
        int n = s.size();
        Npy.write(dir.resolve(s.name() + "_x.npy"), NpyArray.ofBytes(s.x(), n, Face48.SIDE, Face48.SIDE));
        long[] y = new long[n];
        for (int i = 0; i < n; i++) y[i] = s.y()[i];
        Npy.write(dir.resolve(s.name() + "_y.npy"), NpyArray.ofLongs(y, n));
        Npy.write(dir.resolve(s.name() + "_rows.npy"), NpyArray.ofInts(s.rows(), n));
    }
}
