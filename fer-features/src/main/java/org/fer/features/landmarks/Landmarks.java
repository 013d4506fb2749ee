package org.fer.features.landmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Predicted landmark points for one face: image coordinates unrounded ({@link #x}, {@link #y}) and rounded
 * as dlib reports them ({@link #px}, {@link #py}: floor(v + 0.5)), plus the shape in box-normalised units
 * ({@link #u}, {@link #v}: (0,0) = box top-left, (1,1) = bottom-right), which is what the cascade works in.
 * Immutable.
 */
public final class Landmarks {
    private final Box box;
    private final float[] shape;   // u0, v0, u1, v1, ... (float32, as dlib keeps it)
    private final double[] xy;     // image coordinates, unrounded

    public Landmarks(Box box, float[] normalisedShape) {
        this.box = box;
        this.shape = normalisedShape.clone();
        this.xy = new double[shape.length];
        double sx = box.right() - box.left(), sy = box.bottom() - box.top();
        for (int i = 0; i < shape.length; i += 2) {
            xy[i] = box.left() + sx * shape[i];
            xy[i + 1] = box.top() + sy * shape[i + 1];
        }
    }

    /** Points given directly in image coordinates (e.g. from another detector or a test); u/v relative to {@code box}. */
    public static Landmarks ofImagePoints(Box box, double[] xy) {
        float[] s = new float[xy.length];
        double sx = Math.max(1, box.right() - box.left()), sy = Math.max(1, box.bottom() - box.top());
        for (int i = 0; i < xy.length; i += 2) {
            s[i] = (float) ((xy[i] - box.left()) / sx);
            s[i + 1] = (float) ((xy[i + 1] - box.top()) / sy);
        }
        Landmarks l = new Landmarks(box, s);
        System.arraycopy(xy, 0, l.xy, 0, xy.length);
        return l;
    }

    public Box box() { return box; }

    public int count() { return shape.length / 2; }

    public double x(int i) { return xy[2 * i]; }

    public double y(int i) { return xy[2 * i + 1]; }

    /** dlib's integer x: floor(x + 0.5). */
    public int px(int i) { return (int) Math.floor(xy[2 * i] + 0.5); }

    public int py(int i) { return (int) Math.floor(xy[2 * i + 1] + 0.5); }

    public float u(int i) { return shape[2 * i]; }

    public float v(int i) { return shape[2 * i + 1]; }

    /** A copy of the box-normalised shape, interleaved u0, v0, u1, v1, ... */
    public float[] normalised() { return shape.clone(); }

    /** A copy of the unrounded image coordinates, interleaved x0, y0, x1, y1, ... */
    public double[] imagePoints() { return xy.clone(); }

    /** Rounded points interleaved x0, y0, ... */
    public int[] rounded() {
        int[] r = new int[xy.length];
        for (int i = 0; i < r.length; i++) r[i] = (int) Math.floor(xy[i] + 0.5);
        return r;
    }

    /** Mean of points [from, to] inclusive, unrounded. */
    public double[] centroid(int from, int to) {
        double sx = 0, sy = 0;
        for (int i = from; i <= to; i++) { sx += x(i); sy += y(i); }
        int n = to - from + 1;
        return new double[]{sx / n, sy / n};
    }

    /** JSON-friendly form: box, rounded points and unrounded points. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("box", List.of(box.left(), box.top(), box.right(), box.bottom()));
        List<List<Integer>> pts = new ArrayList<>();
        List<List<Double>> exact = new ArrayList<>();
        for (int i = 0; i < count(); i++) {
            pts.add(List.of(px(i), py(i)));
            exact.add(List.of(x(i), y(i)));
        }
        m.put("points", pts);
        m.put("points_unrounded", exact);
        return m;
    }
}
