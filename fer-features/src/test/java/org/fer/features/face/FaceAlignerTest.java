package org.fer.features.face;

import org.fer.features.landmarks.Box;
import org.fer.features.landmarks.Landmarks;
import org.fer.image.GrayImage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class FaceAlignerTest {

    /** The mean shape placed in box b, then rotated by angle about (cx, cy). */
    static Landmarks meanFace(Box b, double angle, double cx, double cy) {
        double[] xy = new double[136];
        double c = Math.cos(angle), s = Math.sin(angle);
        for (int i = 0; i < 68; i++) {
            double x = b.left() + FaceAligner.MEAN_SHAPE[2 * i] * (b.right() - b.left()) - cx;
            double y = b.top() + FaceAligner.MEAN_SHAPE[2 * i + 1] * (b.bottom() - b.top()) - cy;
            xy[2 * i] = c * x - s * y + cx;
            xy[2 * i + 1] = s * x + c * y + cy;
        }
        return Landmarks.ofImagePoints(b, xy);
    }

    @Test
    void eyesLandOnTheirCanonicalPositions() {
        FaceAligner fa = new FaceAligner();
        Landmarks lm = meanFace(new Box(100, 80, 299, 279), 0.4, 200, 180);
        double[] t = fa.transform(lm);
        double[] eyes = fa.canonicalEyes();
        double[] l = lm.centroid(36, 41), r = lm.centroid(42, 47);
        assertEquals(eyes[0], t[0] * l[0] - t[1] * l[1] + t[2], 1e-9);
        assertEquals(eyes[1], t[1] * l[0] + t[0] * l[1] + t[3], 1e-9);
        assertEquals(eyes[2], t[0] * r[0] - t[1] * r[1] + t[2], 1e-9);
        assertEquals(eyes[3], t[1] * r[0] + t[0] * r[1] + t[3], 1e-9);
        // eyes level in the output, and the rotation undone: angle of (a, b) is -0.4
        assertEquals(eyes[1], eyes[3], 1e-9);
        assertEquals(-0.4, Math.atan2(t[1], t[0]), 1e-9);
        // scale: 200-px face to 48 px
        assertEquals(47.0 / 199.0, Math.hypot(t[0], t[1]), 1e-9);
    }

    @Test
    void templateModeRecoversAnExactSimilarity() {
        FaceAligner fa = new FaceAligner(64, FaceAligner.Mode.TEMPLATE);
        Landmarks lm = meanFace(new Box(10, 20, 137, 147), -0.25, 70, 80);
        double[] t = fa.transform(lm);
        assertEquals(0.25, Math.atan2(t[1], t[0]), 1e-9);
        assertEquals(63.0 / 127.0, Math.hypot(t[0], t[1]), 1e-9);
    }

    @Test
    void alignedCropOfAnAlreadyCanonicalFaceIsTheSameImage() {
        // a 48x48 image whose landmarks are the mean shape in the whole crop: identity transform
        byte[] px = new byte[48 * 48];
        for (int i = 0; i < px.length; i++) px[i] = (byte) ((i * 37) % 251);
        GrayImage img = new GrayImage(48, 48, px);
        Landmarks lm = meanFace(Box.whole(48, 48), 0, 0, 0);
        FaceAligner fa = new FaceAligner();
        double[] t = fa.transform(lm);
        assertEquals(1, t[0], 1e-9);
        assertEquals(0, t[1], 1e-9);
        assertArrayEquals(px, fa.align(img, lm).pixels());
    }

    @Test
    void warpRotatesContent() {
        // a bright dot at (30, 10) rotated by 90 degrees about the origin lands at (-10, 30) -> shift by (20, 0)
        byte[] px = new byte[48 * 48];
        px[10 * 48 + 30] = (byte) 255;
        GrayImage out = FaceAligner.warp(new GrayImage(48, 48, px), new double[]{0, 1, 20, 0}, 48);
        assertEquals(255, out.get(10, 30));
        assertEquals(0, out.get(30, 10));
    }
}
