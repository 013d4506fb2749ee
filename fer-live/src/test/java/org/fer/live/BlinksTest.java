package org.fer.live;

import org.fer.features.face.EyeAspectRatio;
import org.fer.features.landmarks.Landmarks;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Blinks are counted per track, each face with its own counter (fer-features' rule). */
class BlinksTest {
    /** 68 points whose eyes are 30 px wide and {@code open} px tall. */
    static double[] eyes(double open) {
        double[] xy = new double[136];
        for (int side = 0; side < 2; side++) {
            int base = side == 0 ? 36 : 42;
            double x0 = side == 0 ? 100 : 160, y = 100;
            double[][] p = {{x0, y}, {x0 + 10, y - open / 2}, {x0 + 20, y - open / 2}, {x0 + 30, y}, {x0 + 20, y + open / 2}, {x0 + 10, y + open / 2}};
            for (int i = 0; i < 6; i++) {
                xy[2 * (base + i)] = p[i][0];
                xy[2 * (base + i) + 1] = p[i][1];
            }
        }
        return xy;
    }

    static double ear(double open) {
        return EyeAspectRatio.mean(Landmarks.ofImagePoints(new org.fer.features.landmarks.Box(80, 60, 220, 200), eyes(open)));
    }

    @Test
    void earOfHandMadeEyes() {
        assertEquals(10.0 / 30.0, ear(10), 1e-9);
    }

    @Test
    void eachTrackCountsItsOwnBlinks() {
        Tracker t = new Tracker(Tracker.Config.DEFAULT); // threshold 0.3, 3 closed frames
        Box a = Box.ofXywh(0, 0, 100, 100), b = Box.ofXywh(300, 0, 100, 100);
        double open = ear(12), closed = ear(3);
        // face a: one 4-frame closure and one 1-frame flicker; face b: eyes open throughout
        double[] seqA = {open, closed, closed, closed, closed, open, open, closed, open, open};
        for (double e : seqA) {
            List<Tracker.Track> ts = t.assign(List.of(a, b));
            ts.get(0).blinks.update(e);
            ts.get(1).blinks.update(open);
        }
        List<Tracker.Track> ts = t.assign(List.of(a, b));
        assertEquals(1, ts.get(0).blinks());
        assertEquals(0, ts.get(1).blinks());
    }
}
