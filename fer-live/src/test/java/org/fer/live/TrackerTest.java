package org.fer.live;

import org.fer.core.Emotion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TrackerTest {
    private static float[] onehot(Emotion e, float p) {
        float[] v = new float[Emotion.COUNT];
        java.util.Arrays.fill(v, (1 - p) / (Emotion.COUNT - 1));
        v[e.id()] = p;
        return v;
    }

    @Test
    void idsStayWithTheirFacesWhileTheyMove() {
        Tracker t = new Tracker(Tracker.Config.DEFAULT);
        int a = -1, b = -1;
        for (int f = 0; f < 30; f++) {
            // two faces drifting towards each other, listed in alternating order
            Box left = Box.ofXywh(50 + 3 * f, 100, 100, 100), right = Box.ofXywh(400 - 3 * f, 110, 100, 100);
            List<Box> boxes = f % 2 == 0 ? List.of(left, right) : List.of(right, left);
            List<Tracker.Track> ts = t.assign(boxes);
            int idLeft = ts.get(f % 2 == 0 ? 0 : 1).id(), idRight = ts.get(f % 2 == 0 ? 1 : 0).id();
            if (f == 0) { a = idLeft; b = idRight; }
            assertEquals(a, idLeft, "frame " + f);
            assertEquals(b, idRight, "frame " + f);
        }
        assertNotEquals(a, b);
    }

    @Test
    void aTrackSurvivesShortGapsAndEndsAfterLongOnes() {
        Tracker t = new Tracker(new Tracker.Config(0.5, 0.3, 2, org.fer.features.face.BlinkCounter.Config.DEFAULT));
        Box b = Box.ofXywh(10, 10, 50, 50);
        int id = t.assign(List.of(b)).get(0).id();
        t.assign(List.of());
        t.assign(List.of());
        assertEquals(id, t.assign(List.of(b)).get(0).id(), "2 missed frames are allowed");
        for (int i = 0; i < 3; i++) t.assign(List.of());
        assertNotEquals(id, t.assign(List.of(b)).get(0).id(), "3 missed frames end the track");
        assertEquals(2, t.allTracks().size());
    }

    @Test
    void smoothingStopsSingleFrameFlicker() {
        Tracker smooth = new Tracker(Tracker.Config.DEFAULT);
        Tracker raw = new Tracker(new Tracker.Config(1.0, 0.3, 5, org.fer.features.face.BlinkCounter.Config.DEFAULT));
        Box b = Box.ofXywh(0, 0, 80, 80);
        int flipsSmooth = 0, flipsRaw = 0, lastS = -1, lastR = -1;
        for (int f = 0; f < 40; f++) {
            // mostly happy, every fourth frame an equally confident wrong "sad"
            float[] p = f % 4 == 3 ? onehot(Emotion.SAD, 0.6f) : onehot(Emotion.HAPPY, 0.6f);
            int s = Tracker.argmax(smooth.smooth(smooth.assign(List.of(b)).get(0), p));
            int r = Tracker.argmax(raw.smooth(raw.assign(List.of(b)).get(0), p));
            if (lastS >= 0 && s != lastS) flipsSmooth++;
            if (lastR >= 0 && r != lastR) flipsRaw++;
            lastS = s;
            lastR = r;
        }
        assertTrue(flipsRaw >= 18, "raw labels flicker: " + flipsRaw);
        assertEquals(0, flipsSmooth, "smoothed label stays");
        assertEquals(Emotion.HAPPY.id(), lastS);
    }

    @Test
    void smoothingFollowsARealChangeOfExpression() {
        Tracker t = new Tracker(Tracker.Config.DEFAULT);
        Box b = Box.ofXywh(0, 0, 80, 80);
        int label = -1;
        for (int f = 0; f < 10; f++) label = Tracker.argmax(t.smooth(t.assign(List.of(b)).get(0), onehot(Emotion.HAPPY, 0.8f)));
        assertEquals(Emotion.HAPPY.id(), label);
        for (int f = 0; f < 5; f++) label = Tracker.argmax(t.smooth(t.assign(List.of(b)).get(0), onehot(Emotion.SURPRISE, 0.8f)));
        assertEquals(Emotion.SURPRISE.id(), label, "5 frames of a new expression switch the label");
    }

    @Test
    void badConfigIsRejected() {
        var blink = org.fer.features.face.BlinkCounter.Config.DEFAULT;
        assertThrows(IllegalArgumentException.class, () -> new Tracker.Config(0, 0.3, 5, blink));
        assertThrows(IllegalArgumentException.class, () -> new Tracker.Config(0.5, 1.5, 5, blink));
    }
}
