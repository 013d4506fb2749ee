package org.fer.live;

/**
 * Eye aspect ratio (Soukupová & Čech 2016) from 68 landmarks, and the usual blink rule: a blink is counted when
 * the EAR rises back above {@code threshold} after at least {@code minFrames} consecutive frames below it.
 */
public final class Blinks {
    private final double threshold;
    private final int minFrames;
    private int below;
    private int count;

    public Blinks(double threshold, int minFrames) {
        this.threshold = threshold;
        this.minFrames = minFrames;
    }

    /** Mean EAR of both eyes: points 36-41 (image left) and 42-47 (image right), p1..p6 clockwise from the outer corner. */
    public static double ear(double[] xy) {
        return (eye(xy, 36, 37, 38, 39, 40, 41) + eye(xy, 42, 43, 44, 45, 46, 47)) / 2;
    }

    private static double eye(double[] xy, int p1, int p2, int p3, int p4, int p5, int p6) {
        double horizontal = dist(xy, p1, p4);
        return horizontal <= 0 ? 0 : (dist(xy, p2, p6) + dist(xy, p3, p5)) / (2 * horizontal);
    }

    private static double dist(double[] xy, int a, int b) {
        return Math.hypot(xy[2 * a] - xy[2 * b], xy[2 * a + 1] - xy[2 * b + 1]);
    }

    /** Feeds one frame's EAR; returns the blink count so far. */
    public int update(double ear) {
        if (ear < threshold) below++;
        else {
            if (below >= minFrames) count++;
            below = 0;
        }
        return count;
    }

    public int count() { return count; }
}
