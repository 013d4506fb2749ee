package org.fer.data;

import org.fer.core.Emotion;
import org.fer.core.Face48;

/**
 * One split of a processed dataset: {@code x} holds n faces of 48x48 unsigned bytes, row-major;
 * {@code y} the labels 0..6; {@code rows} each face's 0-based data-row index in the source CSV.
 */
public record Split(String name, byte[] x, int[] y, int[] rows) {
    public Split {
        if (x.length != y.length * Face48.PIXELS) throw new IllegalArgumentException(name + ": x has " + x.length + " bytes for " + y.length + " labels");
    }

    public int size() { return y.length; }

    public Face48 face(int i) { return Face48.fromTensor(x, i); }

    public int[] classCounts() {
        int[] c = new int[Emotion.COUNT];
        for (int v : y) c[v]++;
        return c;
    }

    /** This split's faces followed by {@code other}'s, under {@code newName} (a refit trains on train followed by val). */
    public Split concat(Split other, String newName) {
        int n = size(), m = other.size();
        byte[] cx = java.util.Arrays.copyOf(x, (n + m) * Face48.PIXELS);
        System.arraycopy(other.x, 0, cx, n * Face48.PIXELS, m * Face48.PIXELS);
        int[] cy = java.util.Arrays.copyOf(y, n + m), cr = java.util.Arrays.copyOf(rows, n + m);
        System.arraycopy(other.y, 0, cy, n, m);
        System.arraycopy(other.rows, 0, cr, n, m);
        return new Split(newName, cx, cy, cr);
    }

    /** A sub-split of the given indices (for subsampling and tests). */
    public Split subset(int[] idx) {
        byte[] sx = new byte[idx.length * Face48.PIXELS];
        int[] sy = new int[idx.length], sr = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            System.arraycopy(x, idx[k] * Face48.PIXELS, sx, k * Face48.PIXELS, Face48.PIXELS);
            sy[k] = y[idx[k]];
            sr[k] = rows[idx[k]];
        }
        return new Split(name, sx, sy, sr);
    }
}
