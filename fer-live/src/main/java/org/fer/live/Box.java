package org.fer.live;

import java.util.List;

/**
 * A face rectangle in dlib's convention: inclusive integer pixel coordinates, width = right - left + 1.
 * May reach past the image border (faces cut by the frame edge).
 */
public record Box(int left, int top, int right, int bottom) {
    public Box {
        if (right < left || bottom < top) throw new IllegalArgumentException("empty box " + left + "," + top + "," + right + "," + bottom);
    }

    /** From OpenCV's (x, y, w, h). */
    public static Box ofXywh(int x, int y, int w, int h) { return new Box(x, y, x + w - 1, y + h - 1); }

    public int width() { return right - left + 1; }
    public int height() { return bottom - top + 1; }
    public double centerX() { return (left + right) / 2.0; }
    public double centerY() { return (top + bottom) / 2.0; }
    public long area() { return (long) width() * height(); }

    public double iou(Box o) {
        long iw = Math.min(right, o.right) - Math.max(left, o.left) + 1;
        long ih = Math.min(bottom, o.bottom) - Math.max(top, o.top) + 1;
        if (iw <= 0 || ih <= 0) return 0;
        double inter = (double) iw * ih;
        return inter / (area() + o.area() - inter);
    }

    /** Share of the smaller box covered by the intersection (1 when one box lies inside the other). */
    public double overlapOfSmaller(Box o) {
        long iw = Math.min(right, o.right) - Math.max(left, o.left) + 1;
        long ih = Math.min(bottom, o.bottom) - Math.max(top, o.top) + 1;
        if (iw <= 0 || ih <= 0) return 0;
        return (double) iw * ih / Math.min(area(), o.area());
    }

    /**
     * Drops boxes that mostly cover, or sit inside, a larger one already kept (cascades sometimes report a face
     * twice at two scales; two tracks for one face would follow).
     */
    public static List<Box> suppressOverlaps(List<Box> boxes, double maxOverlap) {
        List<Box> sorted = new java.util.ArrayList<>(boxes);
        sorted.sort(java.util.Comparator.comparingLong(Box::area).reversed());
        List<Box> kept = new java.util.ArrayList<>();
        for (Box b : sorted) {
            boolean dup = false;
            for (Box k : kept) if (k.overlapOfSmaller(b) > maxOverlap) { dup = true; break; }
            if (!dup) kept.add(b);
        }
        return kept;
    }

    /** Scaled about its centre by {@code scale}, then shifted by (dx, dy) times its size. */
    public Box reframe(double scale, double dx, double dy) {
        double w = width() * scale, h = height() * scale;
        double cx = centerX() + dx * width(), cy = centerY() + dy * height();
        int l = (int) Math.round(cx - (w - 1) / 2), t = (int) Math.round(cy - (h - 1) / 2);
        return new Box(l, t, l + Math.max(1, (int) Math.round(w)) - 1, t + Math.max(1, (int) Math.round(h)) - 1);
    }

    /** Whether any part lies inside a w x h image. */
    public boolean intersects(int w, int h) { return right >= 0 && bottom >= 0 && left < w && top < h; }

    public List<Integer> toList() { return List.of(left, top, right, bottom); }
}
