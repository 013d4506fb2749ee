package org.fer.features.landmarks;

import org.fer.core.FerException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * dlib's {@code shape_predictor} (an ensemble of regression trees, Kazemi and Sullivan 2014) in pure Java:
 * reads the serialized model (e.g. {@code shape_predictor_68_face_landmarks.dat}) and predicts points with
 * dlib 19.24's arithmetic, so rounded outputs equal libdlib's bit for bit (see
 * {@code ../shared/docs/dlib-shape-predictor.md}: float32 shape and leaves, leaves added in tree order,
 * similarity fit and image mapping in double, floor(v + 0.5) rounding, pixels outside the image read as 0).
 *
 * <p>Immutable after loading; {@link #predict} allocates its own small scratch arrays, so any number of
 * threads may share one instance.
 */
public final class ShapePredictor implements LandmarkPredictor {
    /** Where Debian's {@code libdlib-data} installs the 68-point model. */
    public static final Path DEFAULT_PATH = Path.of("/usr/share/dlib/shape_predictor_68_face_landmarks.dat");
    /** System property / environment variable that override {@link #DEFAULT_PATH}. */
    public static final String PATH_PROPERTY = "fer.landmarks.model", PATH_ENV = "FER_LANDMARKS_MODEL";

    private final int points;          // P
    private final float[] initial;     // 2P, normalised mean shape
    private final double[] initCentered; // initial minus its mean, in double (for the similarity fit)
    private final double initScale;    // mean squared norm of initCentered
    private final Level[] levels;
    private final Path source;

    /**
     * One cascade level: split nodes stored flat (tree t's heap-ordered splits at t*splits), leaf vector
     * l of tree t at leaves[t*(splits+1) + l] - one small array per leaf, because C2 vectorises
     * {@code c[j] += leaf[j]} over separate arrays but not over offsets into one big array - plus the
     * level's feature pixels.
     */
    record Level(int trees, int splits, int[] idx1, int[] idx2, float[] thresh, float[][] leaves,
                 int[] anchor, float[] dx, float[] dy) {}

    private ShapePredictor(float[] initial, Level[] levels, Path source) {
        this.points = initial.length / 2;
        this.initial = initial;
        this.levels = levels;
        this.source = source;
        double mx = 0, my = 0;
        for (int i = 0; i < points; i++) { mx += initial[2 * i]; my += initial[2 * i + 1]; }
        mx /= points;
        my /= points;
        initCentered = new double[2 * points];
        double s = 0;
        for (int i = 0; i < points; i++) {
            double ax = initial[2 * i] - mx, ay = initial[2 * i + 1] - my;
            initCentered[2 * i] = ax;
            initCentered[2 * i + 1] = ay;
            s += ax * ax + ay * ay;
        }
        initScale = s / points;
    }

    /**
     * The model named by {@code -Dfer.landmarks.model}, else {@code $FER_LANDMARKS_MODEL}, else
     * {@link #DEFAULT_PATH}.
     */
    public static Path defaultPath() {
        String p = System.getProperty(PATH_PROPERTY);
        if (p == null || p.isBlank()) p = System.getenv(PATH_ENV);
        return p == null || p.isBlank() ? DEFAULT_PATH : Path.of(p);
    }

    public static ShapePredictor loadDefault() { return load(defaultPath()); }

    /** Whether a model file is present at {@link #defaultPath()} (tests and optional features use this). */
    public static boolean defaultAvailable() { return Files.isRegularFile(defaultPath()); }

    public static ShapePredictor load(Path file) {
        if (!Files.isRegularFile(file))
            throw new FerException("landmark model not found: " + file + " (install it with: sudo apt-get install libdlib-data,"
                    + " or download shape_predictor_68_face_landmarks.dat from dlib.net and pass --landmarks-model PATH)");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) throw new FerException(file + ": " + size + " bytes is too large for a shape predictor");
            ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return parse(buf, file.toString(), file);
        } catch (NoSuchFileException e) {
            throw new FerException("landmark model not found: " + file + " (install it with: sudo apt-get install libdlib-data, or pass --landmarks-model PATH)");
        } catch (IOException e) {
            throw new FerException("cannot read landmark model " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a whole serialized shape_predictor held in {@code buf} ({@code name} is used in error messages). */
    public static ShapePredictor parse(ByteBuffer buf, String name) { return parse(buf, name, null); }

    private static ShapePredictor parse(ByteBuffer buf, String name, Path source) {
        DlibStream in = new DlibStream(buf, name);
        if (in.size() == 0) throw in.error(0, "empty file, expected a dlib shape_predictor");
        if (in.size() == 1) throw in.error(0, "file ends (truncated?) after 1 byte, expected a dlib shape_predictor");
        if (buf.get(0) != 1 || buf.get(1) != 1)
            throw in.error(0, String.format("expected bytes 01 01 (shape_predictor format version 1), found %02x %02x - not a dlib shape predictor file, or an unsupported version",
                    buf.get(0) & 0xFF, buf.get(1) & 0xFF));
        int version = in.readInt("the shape_predictor format version");
        if (version != 1) throw in.error(0, "expected shape_predictor format version 1, found " + version + " - not a dlib shape predictor file, or an unsupported one");

        int at = in.position();
        int[] rc = in.readMatrixHeader("initial_shape");
        if (rc[1] != 1 || rc[0] == 0 || rc[0] % 2 != 0 || rc[0] > 100_000)
            throw in.error(at, "expected initial_shape as a 2P x 1 column vector, found " + rc[0] + " x " + rc[1]);
        int p2 = rc[0];
        float[] initial = new float[p2];
        for (int i = 0; i < p2; i++) initial[i] = in.readFloat("an initial_shape value");

        at = in.position();
        int cascades = in.readUnsigned("the number of cascade levels (forests)", 10_000);
        if (cascades == 0) throw in.error(at, "expected at least one cascade level, found 0");
        Level[] partial = new Level[cascades];
        int[] trees = new int[cascades], splitsPerTree = new int[cascades];
        int[][] idx1 = new int[cascades][], idx2 = new int[cascades][];
        float[][] thresh = new float[cascades][];
        float[][][] leaves = new float[cascades][][];
        for (int c = 0; c < cascades; c++) {
            at = in.position();
            int t = in.readUnsigned("the number of trees in cascade level " + c, 1_000_000);
            trees[c] = t;
            int s = -1;
            for (int k = 0; k < t; k++) {
                String tree = "cascade " + c + " tree " + k;
                in.where(tree);
                at = in.position();
                int ns = in.readUnsigned("number of splits", 1 << 20);
                if (s < 0) {
                    s = ns;
                    if (Integer.bitCount(s + 1) != 1) throw in.error(at, s + " splits do not make a complete binary tree (2^d - 1 expected)");
                    splitsPerTree[c] = s;
                    long total = (long) t * s, leafCount = (long) t * (s + 1);
                    if (leafCount > Integer.MAX_VALUE) throw in.error(at, "cascade level " + c + " is too large");
                    idx1[c] = new int[(int) total];
                    idx2[c] = new int[(int) total];
                    thresh[c] = new float[(int) total];
                    leaves[c] = new float[(int) leafCount][];
                } else if (ns != s) {
                    throw in.error(at, "has " + ns + " splits but the trees before it in this level have " + s);
                }
                int base = k * s;
                for (int i = 0; i < s; i++) {
                    idx1[c][base + i] = in.readUnsigned("split idx1", Integer.MAX_VALUE);
                    idx2[c][base + i] = in.readUnsigned("split idx2", Integer.MAX_VALUE);
                    thresh[c][base + i] = in.readFloat("split threshold");
                }
                at = in.position();
                int nl = in.readUnsigned("number of leaves", 1 << 21);
                if (nl != s + 1) throw in.error(at, "expected " + (s + 1) + " leaves for " + s + " splits, found " + nl);
                float[][] lv = leaves[c];
                int lbase = k * (s + 1);
                for (int l = 0; l < nl; l++) {
                    at = in.position();
                    int[] m = in.readMatrixHeader("leaf vector");
                    if (m[0] != p2 || m[1] != 1) throw in.error(at, "leaf " + l + ": expected a " + p2 + " x 1 vector, found " + m[0] + " x " + m[1]);
                    float[] v = new float[p2];
                    for (int j = 0; j < p2; j++) v[j] = in.readFloat("leaf value");
                    lv[lbase + l] = v;
                }
            }
            if (t == 0) { idx1[c] = new int[0]; idx2[c] = new int[0]; thresh[c] = new float[0]; leaves[c] = new float[0][]; }
        }

        in.where("");
        at = in.position();
        int na = in.readUnsigned("the number of anchor_idx lists", 10_000);
        if (na != cascades) throw in.error(at, "expected " + cascades + " anchor_idx lists (one per cascade level), found " + na);
        int[][] anchors = new int[cascades][];
        for (int c = 0; c < cascades; c++) {
            in.where("anchor_idx of cascade level " + c);
            int n = in.readUnsigned("the number of feature pixels", 1 << 24);
            anchors[c] = new int[n];
            for (int k = 0; k < n; k++) anchors[c][k] = in.readUnsigned("a landmark index", p2 / 2 - 1);
        }
        in.where("");
        at = in.position();
        int nd = in.readUnsigned("the number of deltas lists", 10_000);
        if (nd != cascades) throw in.error(at, "expected " + cascades + " deltas lists (one per cascade level), found " + nd);
        for (int c = 0; c < cascades; c++) {
            in.where("deltas of cascade level " + c);
            at = in.position();
            int n = in.readUnsigned("the number of deltas", 1 << 24);
            if (n != anchors[c].length) throw in.error(at, "cascade level " + c + ": " + n + " deltas for " + anchors[c].length + " anchors");
            float[] dx = new float[n], dy = new float[n];
            for (int k = 0; k < n; k++) {
                dx[k] = in.readFloat("delta x");
                dy[k] = in.readFloat("delta y");
            }
            // every split must index this level's feature pixels
            for (int i = 0; i < idx1[c].length; i++)
                if (idx1[c][i] >= n || idx2[c][i] >= n)
                    throw new FerException(name + ": cascade " + c + " tree " + (i / Math.max(1, splitsPerTree[c])) + " split " + (i % Math.max(1, splitsPerTree[c]))
                            + " indexes feature pixel " + Math.max(idx1[c][i], idx2[c][i]) + " but the level has only " + n);
            partial[c] = new Level(trees[c], splitsPerTree[c], idx1[c], idx2[c], thresh[c], leaves[c], anchors[c], dx, dy);
        }
        in.where("");
        if (in.position() != in.size())
            throw in.error(in.position(), "expected the end of the shape_predictor, found " + (in.size() - in.position()) + " more bytes");
        return new ShapePredictor(initial, partial, source);
    }

    @Override
    public int landmarkCount() { return points; }

    public int cascadeDepth() { return levels.length; }

    /** Trees in cascade level {@code c}. */
    public int trees(int c) { return levels[c].trees(); }

    /** Where the model was loaded from (null when parsed from a buffer). */
    public Path source() { return source; }

    /** A copy of the mean shape, box-normalised, interleaved u0, v0, u1, v1, ... */
    public float[] meanShape() { return initial.clone(); }

    /** The parsed model, for checks and tools: level {@code c}. */
    Level level(int c) { return levels[c]; }

    @Override
    public Landmarks predict(byte[] pixels, int offset, int width, int height, Box box) {
        return predictAll(pixels, new int[]{offset}, width, height, new Box[]{box})[0];
    }

    /** Faces 0..n-1 of an N x (width*height) tensor, each with the same box (e.g. whole FER2013 crops). */
    public Landmarks[] predictTensor(byte[] tensor, int first, int n, int width, int height, Box box) {
        int[] offsets = new int[n];
        Box[] boxes = new Box[n];
        for (int i = 0; i < n; i++) {
            offsets[i] = (first + i) * width * height;
            boxes[i] = box;
        }
        return predictAll(tensor, offsets, width, height, boxes);
    }

    /**
     * Several faces at once (images of one size at {@code offsets[i]} in {@code pixels}, boxes[i]): the same
     * arithmetic as {@link #predict} face by face, but each group of trees' leaf vectors is fetched from
     * memory once for the whole batch instead of once per face - the cascade's 65 MB of leaves, not the
     * arithmetic, bound the speed. Batches of 64-256 faces are a good size.
     */
    public Landmarks[] predictAll(byte[] pixels, int[] offsets, int width, int height, Box[] boxes) {
        int nb = offsets.length;
        if (boxes.length != nb) throw new IllegalArgumentException(nb + " images but " + boxes.length + " boxes");
        for (int off : offsets)
            if (width <= 0 || height <= 0 || off < 0 || off + (long) width * height > pixels.length)
                throw new IllegalArgumentException("image " + width + "x" + height + " at offset " + off + " does not fit in " + pixels.length + " bytes");
        float[][] cur = new float[nb][];
        for (int b = 0; b < nb; b++) cur[b] = initial.clone();
        float[] feat = new float[0];
        int[] leaf = new int[0];
        for (Level lv : levels) {
            int nt = lv.trees(), nf = lv.anchor().length;
            if (feat.length < nf) feat = new float[nf];
            if (leaf.length < nb * nt) leaf = new int[nb * nt];
            for (int b = 0; b < nb; b++) {
                extractFeatures(lv, cur[b], pixels, offsets[b], width, height, boxes[b], feat);
                findLeaves(lv, feat, leaf, b * nt);
            }
            addLeaves(lv.leaves(), leaf, nt, cur);
        }
        Landmarks[] out = new Landmarks[nb];
        for (int b = 0; b < nb; b++) out[b] = new Landmarks(boxes[b], cur[b]);
        return out;
    }

    /** Feature pixel intensities of one cascade level for the current shape {@code cur}. */
    private void extractFeatures(Level lv, float[] cur, byte[] pixels, int offset, int width, int height, Box box, float[] feat) {
        // similarity (scale + rotation) from the mean shape to the current shape, fitted in double then cast
        double mx = 0, my = 0;
        for (int i = 0; i < points; i++) { mx += cur[2 * i]; my += cur[2 * i + 1]; }
        mx /= points;
        my /= points;
        double dot = 0, cross = 0;
        for (int i = 0; i < points; i++) {
            double ax = initCentered[2 * i], ay = initCentered[2 * i + 1];
            double bx = cur[2 * i] - mx, by = cur[2 * i + 1] - my;
            dot += ax * bx + ay * by;
            cross += ax * by - ay * bx;
        }
        float m00, m01, m10, m11;
        if (initScale == 0 || points == 1) {
            m00 = 1; m01 = 0; m10 = 0; m11 = 1;
        } else {
            double pp = dot / points / initScale, qq = cross / points / initScale;
            m00 = (float) pp; m01 = (float) -qq; m10 = (float) qq; m11 = (float) pp;
        }
        double left = box.left(), top = box.top(), sx = box.right() - box.left(), sy = box.bottom() - box.top();
        int[] anchor = lv.anchor();
        float[] dxs = lv.dx(), dys = lv.dy();
        for (int k = 0, nf = anchor.length; k < nf; k++) {
            int j = 2 * anchor[k];
            float dx = dxs[k], dy = dys[k];
            float u = m00 * dx + m01 * dy + cur[j];
            float v = m10 * dx + m11 * dy + cur[j + 1];
            long x = (long) Math.floor(left + sx * u + 0.5);
            long y = (long) Math.floor(top + sy * v + 0.5);
            feat[k] = (x >= 0 && y >= 0 && x < width && y < height) ? (pixels[offset + (int) y * width + (int) x] & 0xFF) : 0f;
        }
    }

    /** Leaf index (into the level's leaves) of every tree, written at {@code out[at..at+trees)}. */
    private static void findLeaves(Level lv, float[] feat, int[] out, int at) {
        int s = lv.splits();
        int[] i1 = lv.idx1(), i2 = lv.idx2();
        float[] th = lv.thresh();
        for (int t = 0, nt = lv.trees(); t < nt; t++) {
            int base = t * s, node = 0;
            while (node < s) {
                int q = base + node;
                node = 2 * node + (feat[i1[q]] - feat[i2[q]] > th[q] ? 1 : 2);
            }
            out[at + t] = t * (s + 1) + node - s;
        }
    }

    private static final int GROUP = 8;

    /**
     * cur[b] += leaf vectors of trees 0..nt-1, in tree order for every element (float32 sums are not
     * associative, and dlib adds them one tree after another; {@code c + l0 + l1 + ...} evaluates left
     * to right, so the order is kept). Trees are taken 8 at a time - 8 independent memory streams in
     * flight, one pass over the shape - and each group is applied to every face of the batch while its
     * leaves are still in cache.
     */
    private static void addLeaves(float[][] L, int[] leaf, int nt, float[][] cur) {
        int nb = cur.length;
        int t = 0;
        for (; t + GROUP <= nt; t += GROUP) {
            for (int b = 0; b < nb; b++) {
                int q = b * nt + t;
                float[] c = cur[b];
                float[] l0 = L[leaf[q]], l1 = L[leaf[q + 1]], l2 = L[leaf[q + 2]], l3 = L[leaf[q + 3]],
                        l4 = L[leaf[q + 4]], l5 = L[leaf[q + 5]], l6 = L[leaf[q + 6]], l7 = L[leaf[q + 7]];
                int n = c.length;
                if (l0.length < n || l1.length < n || l2.length < n || l3.length < n || l4.length < n || l5.length < n || l6.length < n || l7.length < n)
                    throw new IllegalStateException("leaf vector shorter than the shape");
                for (int j = 0; j < n; j++) c[j] = c[j] + l0[j] + l1[j] + l2[j] + l3[j] + l4[j] + l5[j] + l6[j] + l7[j];
            }
        }
        for (; t < nt; t++)
            for (int b = 0; b < nb; b++) {
                float[] c = cur[b], l = L[leaf[b * nt + t]];
                for (int j = 0; j < c.length; j++) c[j] += l[j];
            }
    }
}
