package org.fer.image;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class GrayImageTest {
    // 3x2 image:  10  20  30
    //             40  50 250
    private static final byte[] PX = {10, 20, 30, 40, 50, (byte) 250};

    @Test
    void bilinearInterpolatesBetweenPixelsAndReplicatesTheEdge() {
        assertEquals(50, GrayImage.bilinear(PX, 0, 3, 2, 1, 1), 1e-12, "on a pixel: the pixel");
        assertEquals(250, GrayImage.bilinear(PX, 0, 3, 2, 2, 1), 1e-12, "unsigned bytes");
        assertEquals(15, GrayImage.bilinear(PX, 0, 3, 2, 0.5, 0), 1e-12, "half way along a row");
        assertEquals((10 + 20 + 40 + 50) / 4.0, GrayImage.bilinear(PX, 0, 3, 2, 0.5, 0.5), 1e-12, "centre of four pixels");
        assertEquals(10, GrayImage.bilinear(PX, 0, 3, 2, -5, -0.5), 1e-12, "outside: the nearest edge pixel");
        assertEquals(250, GrayImage.bilinear(PX, 0, 3, 2, 9, 7), 1e-12);
        byte[] shifted = new byte[4 + PX.length];
        System.arraycopy(PX, 0, shifted, 4, PX.length);
        assertEquals(15, GrayImage.bilinear(shifted, 4, 3, 2, 0.5, 0), 1e-12, "the image may start at an offset");
    }

    @Test
    void resizeKeepsAUniformImageAndDoublesAPixelGrid() {
        GrayImage gray = new GrayImage(5, 3, new byte[]{7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7});
        for (byte b : gray.resize(48, 48).pixels()) assertEquals(7, b);
        GrayImage up = new GrayImage(3, 2, PX).resize(6, 4);
        assertEquals(10, up.get(0, 0));   // corners stay (pixel centres aligned, edges replicated)
        assertEquals(250, up.get(5, 3));
        assertEquals(13, up.get(1, 0));   // 10 * 0.75 + 20 * 0.25 = 12.5, rounded half up
    }
}
