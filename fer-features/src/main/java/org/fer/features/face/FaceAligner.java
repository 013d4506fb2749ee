package org.fer.features.face;

import org.fer.features.landmarks.Landmarks;
import org.fer.image.GrayImage;

/**
 * Aligns a face to a canonical crop with a similarity transform (rotation, uniform scale, translation)
 * fitted from landmarks, then resamples bilinearly (pixels outside the source read as 0).
 *
 * <p>{@link Mode#EYES}: maps the two eye centres (means of points 36-41 and 42-47) to fixed positions -
 * this levels the eyes and fixes the inter-ocular distance. {@link Mode#TEMPLATE}: least-squares fit of
 * points 17-67 (brows, nose, eyes, mouth; the jaw is left out, it moves with expression and pose) to a
 * template shape, more stable when one eye is badly located. The default template and eye positions come
 * from the mean shape of dlib's 68-point model placed in the whole output, like a FER2013 crop.
 * Immutable and thread-safe.
 */
public final class FaceAligner {
    public enum Mode { EYES, TEMPLATE }

    /** dlib's 68-point mean shape (box-normalised u,v), rounded to 4 decimals (printed from
     * shape_predictor_68_face_landmarks.dat); the template of TEMPLATE mode. */
    static final double[] MEAN_SHAPE = {
            0.0294, 0.3219, 0.0326, 0.4464, 0.0459, 0.5704, 0.0718, 0.6920, 0.1203, 0.8050, 0.1947, 0.9029, 0.2858, 0.9846, 0.3863, 1.0502,
            0.5000, 1.0697, 0.6137, 1.0502, 0.7142, 0.9846, 0.8053, 0.9029, 0.8797, 0.8050, 0.9282, 0.6920, 0.9541, 0.5704, 0.9674, 0.4464,
            0.9706, 0.3219, 0.1192, 0.2309, 0.1775, 0.1784, 0.2598, 0.1627, 0.3451, 0.1749, 0.4249, 0.2081, 0.5751, 0.2081, 0.6550, 0.1749,
            0.7402, 0.1627, 0.8225, 0.1784, 0.8809, 0.2309, 0.5000, 0.3055, 0.5000, 0.3857, 0.5000, 0.4652, 0.5000, 0.5470, 0.4045, 0.6023,
            0.4504, 0.6192, 0.5000, 0.6337, 0.5497, 0.6192, 0.5955, 0.6023, 0.2139, 0.3156, 0.2647, 0.2863, 0.3259, 0.2872, 0.3794, 0.3276,
            0.3221, 0.3378, 0.2612, 0.3370, 0.6207, 0.3276, 0.6742, 0.2872, 0.7353, 0.2863, 0.7862, 0.3156, 0.7388, 0.3370, 0.6780, 0.3378,
            0.3171, 0.7511, 0.3844, 0.7242, 0.4525, 0.7103, 0.5000, 0.7220, 0.5475, 0.7103, 0.6156, 0.7242, 0.6829, 0.7511, 0.6178, 0.8169,
            0.5516, 0.8460, 0.5000, 0.8515, 0.4484, 0.8460, 0.3823, 0.8169, 0.3452, 0.7547, 0.4519, 0.7499, 0.5000, 0.7550, 0.5481, 0.7499,
            0.6548, 0.7547, 0.5490, 0.7857, 0.5000, 0.7916, 0.4510, 0.7857,
    };
    private static final int TEMPLATE_FROM = 17, TEMPLATE_TO = 67;

    private final int size;
    private final Mode mode;
    private final double[] template; // template points in output pixels, x0,y0,...
    private final double leftEyeX, leftEyeY, rightEyeX, rightEyeY; // image-left eye (36-41) and image-right eye (42-47)

    /** A 48x48 crop aligned on the eyes, eyes where the mean shape puts them when the crop is the face box. */
    public FaceAligner() { this(48, Mode.EYES); }

    public FaceAligner(int size, Mode mode) {
        this(size, mode, 1.0);
    }

    /**
     * @param zoom > 1 shows less around the face (template scaled about the crop centre), < 1 more.
     */
    public FaceAligner(int size, Mode mode, double zoom) {
        if (size < 8) throw new IllegalArgumentException("aligned size must be >= 8, got " + size);
        if (!(zoom > 0)) throw new IllegalArgumentException("zoom must be > 0, got " + zoom);
        this.size = size;
        this.mode = mode;
        double s = size - 1, c = s / 2;
        template = new double[MEAN_SHAPE.length];
        for (int i = 0; i < MEAN_SHAPE.length; i++) template[i] = c + (MEAN_SHAPE[i] * s - c) * zoom;
        double[] le = mean(template, 36, 41), re = mean(template, 42, 47);
        leftEyeX = le[0]; leftEyeY = le[1]; rightEyeX = re[0]; rightEyeY = re[1];
    }

    public int size() { return size; }

    public Mode mode() { return mode; }

    /** Canonical eye centres in the output, {image-left eye x, y, image-right eye x, y}. */
    public double[] canonicalEyes() { return new double[]{leftEyeX, leftEyeY, rightEyeX, rightEyeY}; }

    /**
     * A similarity {a, b, tx, ty} mapping source image points to the aligned crop:
     * x' = a x - b y + tx, y' = b x + a y + ty.
     */
    public double[] transform(Landmarks lm) {
        if (lm.count() < 68) throw new IllegalArgumentException("alignment needs the 68-point layout, got " + lm.count() + " points");
        if (mode == Mode.EYES) {
            double[] l = lm.centroid(36, 41), r = lm.centroid(42, 47);
            return fit(new double[]{l[0], l[1], r[0], r[1]}, new double[]{leftEyeX, leftEyeY, rightEyeX, rightEyeY});
        }
        int n = TEMPLATE_TO - TEMPLATE_FROM + 1;
        double[] from = new double[2 * n], to = new double[2 * n];
        for (int i = 0; i < n; i++) {
            int k = TEMPLATE_FROM + i;
            from[2 * i] = lm.x(k);
            from[2 * i + 1] = lm.y(k);
            to[2 * i] = template[2 * k];
            to[2 * i + 1] = template[2 * k + 1];
        }
        return fit(from, to);
    }

    /** The aligned size x size crop of {@code image}. */
    public GrayImage align(GrayImage image, Landmarks lm) {
        return warp(image, transform(lm), size);
    }

    /** Least-squares similarity from points {@code from} to {@code to} (interleaved x,y); {a, b, tx, ty}. */
    public static double[] fit(double[] from, double[] to) {
        int n = from.length / 2;
        double fx = 0, fy = 0, tx = 0, ty = 0;
        for (int i = 0; i < n; i++) { fx += from[2 * i]; fy += from[2 * i + 1]; tx += to[2 * i]; ty += to[2 * i + 1]; }
        fx /= n; fy /= n; tx /= n; ty /= n;
        double s = 0, dot = 0, cross = 0;
        for (int i = 0; i < n; i++) {
            double ax = from[2 * i] - fx, ay = from[2 * i + 1] - fy, bx = to[2 * i] - tx, by = to[2 * i + 1] - ty;
            s += ax * ax + ay * ay;
            dot += ax * bx + ay * by;
            cross += ax * by - ay * bx;
        }
        if (s == 0) return new double[]{1, 0, tx - fx, ty - fy};
        double a = dot / s, b = cross / s;
        return new double[]{a, b, tx - (a * fx - b * fy), ty - (b * fx + a * fy)};
    }

    /** Resamples {@code image} through the inverse of similarity {@code t} into a size x size crop. */
    public static GrayImage warp(GrayImage image, double[] t, int size) {
        double a = t[0], b = t[1], tx = t[2], ty = t[3];
        double det = a * a + b * b;
        if (det == 0) throw new IllegalArgumentException("degenerate alignment transform");
        // inverse of [[a,-b],[b,a]] is [[a,b],[-b,a]] / det
        double ia = a / det, ib = b / det;
        int w = image.width(), h = image.height();
        byte[] src = image.pixels(), out = new byte[size * size];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) {
                double dx = x - tx, dy = y - ty;
                double sx = ia * dx + ib * dy, sy = -ib * dx + ia * dy;
                int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
                double fx = sx - x0, fy = sy - y0;
                double v = (1 - fy) * ((1 - fx) * px(src, w, h, x0, y0) + fx * px(src, w, h, x0 + 1, y0))
                        + fy * ((1 - fx) * px(src, w, h, x0, y0 + 1) + fx * px(src, w, h, x0 + 1, y0 + 1));
                out[y * size + x] = (byte) Math.min(255, Math.max(0, Math.round(v)));
            }
        return new GrayImage(size, size, out);
    }

    private static int px(byte[] p, int w, int h, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0 : p[y * w + x] & 0xFF;
    }

    private static double[] mean(double[] pts, int from, int to) {
        double sx = 0, sy = 0;
        for (int i = from; i <= to; i++) { sx += pts[2 * i]; sy += pts[2 * i + 1]; }
        int n = to - from + 1;
        return new double[]{sx / n, sy / n};
    }
}
