package org.fer.features.face;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class BlinkCounterTest {

    static List<BlinkCounter.Event> feed(BlinkCounter bc, double... ears) {
        List<BlinkCounter.Event> ev = new ArrayList<>();
        for (double e : ears) ev.add(bc.update(e));
        return ev;
    }

    @Test
    void countsABlinkWhenEyesReopenAfterEnoughClosedFrames() {
        BlinkCounter bc = new BlinkCounter(); // 0.3, 3 frames
        List<BlinkCounter.Event> ev = feed(bc, 0.33, 0.32, 0.2, 0.15, 0.18, 0.31, 0.33);
        assertEquals(1, bc.blinks());
        assertEquals(BlinkCounter.Event.BLINK, ev.get(5));
        assertEquals(1, ev.stream().filter(e -> e == BlinkCounter.Event.BLINK).count());
        assertFalse(bc.eyesClosed());
    }

    @Test
    void tooShortClosureIsNoBlink() {
        BlinkCounter bc = new BlinkCounter();
        feed(bc, 0.33, 0.2, 0.2, 0.33, 0.1, 0.33);
        assertEquals(0, bc.blinks());
        // the same sequence with a 2-frame rule counts one
        BlinkCounter two = new BlinkCounter(BlinkCounter.Config.DEFAULT.withMinClosedFrames(2));
        feed(two, 0.33, 0.2, 0.2, 0.33, 0.1, 0.33);
        assertEquals(1, two.blinks());
    }

    @Test
    void thresholdIsStrictAndConfigurable() {
        BlinkCounter bc = new BlinkCounter(BlinkCounter.Config.DEFAULT.withThreshold(0.2));
        feed(bc, 0.3, 0.2, 0.2, 0.2, 0.3);      // 0.2 is not below 0.2
        assertEquals(0, bc.blinks());
        feed(bc, 0.19, 0.19, 0.19, 0.3, 0.18, 0.18, 0.18, 0.25);
        assertEquals(2, bc.blinks());
    }

    @Test
    void missingFaceEndsARunWithoutABlink() {
        BlinkCounter bc = new BlinkCounter();
        feed(bc, 0.1, 0.1, 0.1, Double.NaN, 0.33);
        assertEquals(0, bc.blinks());
    }

    @Test
    void longClosureReportedOnceAndStillABlinkOnReopening() {
        BlinkCounter bc = new BlinkCounter(BlinkCounter.Config.DEFAULT.withLongClosureFrames(5));
        double[] s = {0.33, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.33};
        List<BlinkCounter.Event> ev = feed(bc, s);
        assertEquals(BlinkCounter.Event.LONG_CLOSURE, ev.get(5));
        assertEquals(1, bc.longClosures());
        assertEquals(1, bc.blinks());
    }

    @Test
    void calibrationSetsThresholdFromMedianOpenEar() {
        BlinkCounter bc = new BlinkCounter(BlinkCounter.Config.DEFAULT.withCalibration(5, 0.75));
        List<BlinkCounter.Event> ev = feed(bc, 0.20, 0.22, 0.24, 0.21, 0.23);
        assertEquals(BlinkCounter.Event.CALIBRATING, ev.get(0));
        assertEquals(BlinkCounter.Event.CALIBRATED, ev.get(4));
        assertEquals(0.75 * 0.22, bc.threshold(), 1e-12);
        // narrow eyes: 0.22 open would all count as closed with the fixed 0.3, not after calibration
        feed(bc, 0.22, 0.21, 0.23, 0.22, 0.12, 0.11, 0.12, 0.22);
        assertEquals(1, bc.blinks());
        bc.reset();
        assertTrue(bc.calibrating());
        assertEquals(0.3, bc.threshold());
    }

    @Test
    void rejectsBadConfig() {
        assertThrows(IllegalArgumentException.class, () -> new BlinkCounter.Config(0, 3, 0, 0, 0.75));
        assertThrows(IllegalArgumentException.class, () -> new BlinkCounter.Config(0.3, 0, 0, 0, 0.75));
    }
}
