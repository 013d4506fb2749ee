package org.fer.features.face;

import org.fer.features.landmarks.Box;
import org.fer.features.landmarks.Landmarks;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class EyeAspectRatioTest {

    /** 68 points, all at (50, 50) except two hand-made eyes: width 2*hw, lid gap 2*open (right), 2*openL (left). */
    static Landmarks face(double open, double openL) {
        double[] xy = new double[136];
        java.util.Arrays.fill(xy, 50);
        eye(xy, 36, 30, 40, 10, open);
        eye(xy, 42, 70, 40, 10, openL);
        return Landmarks.ofImagePoints(new Box(0, 0, 99, 99), xy);
    }

    /** p1 outer corner, p2-p3 upper lid, p4 inner corner, p5-p6 lower lid, centred at (cx, cy). */
    static void eye(double[] xy, int first, double cx, double cy, double hw, double open) {
        double[][] p = {{cx - hw, cy}, {cx - hw / 3, cy - open}, {cx + hw / 3, cy - open}, {cx + hw, cy}, {cx + hw / 3, cy + open}, {cx - hw / 3, cy + open}};
        for (int i = 0; i < 6; i++) { xy[2 * (first + i)] = p[i][0]; xy[2 * (first + i) + 1] = p[i][1]; }
    }

    @Test
    void ratioOfLidGapToEyeWidth() {
        Landmarks lm = face(3, 1);
        // (|p2-p6| + |p3-p5|) / (2 |p1-p4|) = (6 + 6) / (2 * 20) = 0.3
        assertEquals(0.3, EyeAspectRatio.right(lm), 1e-12);
        assertEquals(0.1, EyeAspectRatio.left(lm), 1e-12);
        assertEquals(0.2, EyeAspectRatio.mean(lm), 1e-12);
    }

    @Test
    void invariantToRotationAndScale() {
        Landmarks lm = face(2.5, 2.5);
        double[] xy = lm.imagePoints();
        double c = Math.cos(0.7), s = Math.sin(0.7);
        for (int i = 0; i < 68; i++) {
            double x = xy[2 * i], y = xy[2 * i + 1];
            xy[2 * i] = 3 * (c * x - s * y) + 11;
            xy[2 * i + 1] = 3 * (s * x + c * y) - 4;
        }
        Landmarks rot = Landmarks.ofImagePoints(new Box(-500, -500, 500, 500), xy);
        assertEquals(EyeAspectRatio.mean(lm), EyeAspectRatio.mean(rot), 1e-12);
        assertEquals(0.25, EyeAspectRatio.mean(rot), 1e-12);
    }

    @Test
    void closedEyeIsZeroAndDegenerateEyeDoesNotDivideByZero() {
        assertEquals(0, EyeAspectRatio.right(face(0, 0)), 1e-12);
        double[] xy = new double[136];
        assertEquals(0, EyeAspectRatio.mean(Landmarks.ofImagePoints(new Box(0, 0, 9, 9), xy)));
        assertThrows(IllegalArgumentException.class, () -> EyeAspectRatio.mean(Landmarks.ofImagePoints(new Box(0, 0, 9, 9), new double[10])));
    }
}
