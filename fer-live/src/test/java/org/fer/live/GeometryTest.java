package org.fer.live;

import org.fer.core.Face48;
import org.fer.image.GrayImage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class GeometryTest {
    @Test
    void iou() {
        Box a = new Box(0, 0, 9, 9);
        assertEquals(1.0, a.iou(a), 1e-12);
        assertEquals(0.0, a.iou(new Box(10, 0, 19, 9)), 1e-12);
        assertEquals(50.0 / 150.0, a.iou(new Box(5, 0, 14, 9)), 1e-12);
    }

    @Test
    void nestedAndDuplicateBoxesAreSuppressed() {
        Box big = Box.ofXywh(100, 100, 120, 120), inner = Box.ofXywh(120, 125, 80, 80), other = Box.ofXywh(300, 100, 100, 100);
        assertEquals(java.util.List.of(big, other), Box.suppressOverlaps(java.util.List.of(inner, other, big), 0.5));
    }

    @Test
    void reframeScalesAboutTheCentre() {
        Box b = Box.ofXywh(100, 100, 100, 100);
        Box d = Framing.HAAR.landmarkBox(b);
        assertEquals(87, d.width());
        assertEquals(87, d.height());
        assertEquals(b.centerX(), d.centerX(), 1.0);
        assertEquals(b.centerY() + 3, d.centerY(), 1.0);
        Box c = Framing.HAAR.emotionCrop(b);
        assertEquals(110, c.width());
        assertEquals(b.centerX(), c.centerX(), 0.5);
        assertEquals(b.centerY(), c.centerY(), 0.5);
    }

    @Test
    void cropAveragesAndRepeatsTheBorder() {
        byte[] px = new byte[100 * 80];
        for (int y = 0; y < 80; y++) for (int x = 0; x < 100; x++) px[y * 100 + x] = (byte) (x < 50 ? 40 : 200);
        GrayImage img = new GrayImage(100, 80, px);
        GrayImage c = FaceCrop.crop(img, new Box(1, 0, 96, 95), 48); // 2x2 blocks, bottom rows past the border
        assertEquals(40, c.get(0, 0));
        assertEquals(200, c.get(47, 47), "rows past the border repeat the last row");
        assertEquals(120, c.get(24, 10), "the block over x=49,50 averages both sides");
    }

    @Test
    void cropOfABoxMostlyOutsideTheFrameStillGivesAFace() {
        GrayImage img = new GrayImage(10, 10, new byte[100]);
        Face48 f = FaceCrop.face48(img, new Box(-200, -200, 5, 5));
        assertEquals(Face48.PIXELS, f.bytes().length);
    }
}
