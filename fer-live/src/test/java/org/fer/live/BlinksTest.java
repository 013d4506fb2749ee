package org.fer.live;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

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

    @Test
    void earIsHeightOverWidth() {
        assertEquals(10.0 / 30.0, Blinks.ear(eyes(10)), 1e-12);
        assertEquals(0.0, Blinks.ear(eyes(0)), 1e-12);
    }

    @Test
    void countsABlinkOnlyAfterEnoughClosedFrames() {
        Blinks b = new Blinks(0.21, 2);
        double open = Blinks.ear(eyes(10)), closed = Blinks.ear(eyes(3));
        double[] seq = {open, open, closed, open, open, closed, closed, open, closed, closed, closed, open, open};
        int n = 0;
        for (double e : seq) n = b.update(e);
        assertEquals(2, n, "the single closed frame is noise; the 2- and 3-frame closures are blinks");
    }
}
