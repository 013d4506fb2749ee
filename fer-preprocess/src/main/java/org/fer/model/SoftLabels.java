package org.fer.model;

import org.fer.core.Emotion;
import org.fer.core.FerException;
import org.fer.data.Split;
import org.fer.io.Hashing;
import org.fer.io.Json;
import org.fer.io.Npy;
import org.fer.io.NpyArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A teacher's class probabilities for every face of one split, for knowledge distillation: a float32 {@code .npy} of
 * shape [faces, 7] (Emotion order, rows summing to 1) and a JSON sidecar ({@code <file>.json}) naming the teacher, the
 * test-time augmentation and the split it was made for. The sidecar's {@code split_sha256} fingerprints the split's
 * row order and labels, so a file made for another dataset or split order is refused instead of silently misaligned.
 */
public final class SoftLabels {
    /** Tolerance on a row's sum (float32 rounding of an average of up to a few dozen probability vectors). */
    static final double SUM_TOLERANCE = 1e-3;

    private SoftLabels() {}

    public static Path sidecar(Path npy) { return npy.resolveSibling(npy.getFileName() + ".json"); }

    /** Fingerprint of a split's row order and labels (what a soft-label file must line up with). */
    public static String splitSha256(Split s) {
        ByteBuffer b = ByteBuffer.allocate(8 * s.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < s.size(); i++) b.putInt(s.rows()[i]).putInt(s.y()[i]);
        return Hashing.sha256(b.array());
    }

    /** Writes the probabilities and their sidecar (each atomically; the sidecar last, so a file without one is incomplete). */
    public static void write(Path npy, float[][] p, Map<String, Object> sidecar) {
        float[] flat = new float[p.length * Emotion.COUNT];
        for (int i = 0; i < p.length; i++) {
            if (p[i].length != Emotion.COUNT) throw new IllegalArgumentException("row " + i + " has " + p[i].length + " values");
            System.arraycopy(p[i], 0, flat, i * Emotion.COUNT, Emotion.COUNT);
        }
        check(flat, p.length, npy);
        Npy.write(npy, NpyArray.ofFloats(flat, p.length, Emotion.COUNT));
        Json.write(sidecar(npy), sidecar);
    }

    /** {@code npy} itself, or a {@link FerException} saying how to make it. */
    public static Path requireFile(Path npy) {
        if (!Files.isRegularFile(npy)) throw new FerException(npy + ": no such soft-label file (make one with: fer soft-labels --model <teacher> --data <processed dir> --out " + npy + ")");
        return npy;
    }

    /**
     * The probabilities of {@code npy} as one flat row-major array, checked against the split they are for: shape
     * [split size, 7], every value finite and non-negative, every row summing to 1, and (when the sidecar is there) the
     * split's fingerprint. Any mismatch is a {@link FerException} naming the file and, for a bad value, the row.
     */
    public static float[] read(Path npy, Split forSplit) {
        requireFile(npy);
        NpyArray a = Npy.read(npy);
        if (a.shape().length != 2 || a.shape()[1] != Emotion.COUNT)
            throw new FerException(npy + ": expected shape [faces, " + Emotion.COUNT + "], got " + java.util.Arrays.toString(a.shape()));
        if (a.rows() != forSplit.size())
            throw new FerException(npy + ": " + a.rows() + " rows, but the '" + forSplit.name() + "' split has " + forSplit.size() + " faces (made for another dataset?)");
        Path side = sidecar(npy);
        if (Files.isRegularFile(side)) {
            Object sha = Json.readMap(side).get("split_sha256");
            if (sha != null && !sha.equals(splitSha256(forSplit)))
                throw new FerException(npy + ": made for another '" + forSplit.name() + "' split (row order or labels differ; " + side + " split_sha256)");
        }
        float[] flat = a.asFloats();
        check(flat, a.rows(), npy);
        return flat;
    }

    private static void check(float[] flat, int rows, Path file) {
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = 0; c < Emotion.COUNT; c++) {
                float v = flat[r * Emotion.COUNT + c];
                if (!(v >= 0) || Float.isInfinite(v))
                    throw new FerException(file + ": row " + r + ", class " + Emotion.values()[c].label() + ": " + v + " is not a probability");
                sum += v;
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE)
                throw new FerException(file + ": row " + r + ": probabilities sum to " + sum + ", not 1");
        }
    }
}
