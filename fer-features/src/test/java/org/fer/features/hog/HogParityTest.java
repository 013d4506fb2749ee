package org.fer.features.hog;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Agreement with scikit-image 0.19.3 (hog_fixtures.txt, made by make_hog_fixtures.py beside it). */
class HogParityTest {
    private static final double TOL = 1e-5;

    record Img(int w, int h, byte[] px) {}

    static Img formula(int w, int h, java.util.function.IntBinaryOperator f) {
        byte[] px = new byte[w * h];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) px[y * w + x] = (byte) f.applyAsInt(x, y);
        return new Img(w, h, px);
    }

    static Img xorshift(int w, int h, int seed) {
        byte[] px = new byte[w * h];
        int s = seed;
        for (int i = 0; i < px.length; i++) {
            s ^= s << 13;
            s ^= s >>> 17;
            s ^= s << 5;
            px[i] = (byte) s;
        }
        return new Img(w, h, px);
    }

    static final Map<String, Img> IMAGES = new HashMap<>();

    static {
        IMAGES.put("gradient48", formula(48, 48, (x, y) -> (7 * x + 13 * y) % 256));
        IMAGES.put("checker48", formula(48, 48, (x, y) -> ((x / 8 + y / 8) % 2) * 255));
        IMAGES.put("rings48", formula(48, 48, (x, y) -> (((x - 24) * (x - 24) + (y - 20) * (y - 20)) / 7) % 256));
        IMAGES.put("noise48", xorshift(48, 48, 12345));
        IMAGES.put("noise44x40", xorshift(44, 40, 999));
    }

    @Test
    void matchesScikitImage() throws IOException {
        int cases = 0, sliding = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("hog_fixtures.txt"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#")) continue;
                String[] h = line.split(" ");
                double[] want = parse(r.readLine());
                Img img = IMAGES.get(h[1]);
                if (h[0].equals("case")) {
                    HogParams p = new HogParams(Integer.parseInt(h[2]), Integer.parseInt(h[3]), Integer.parseInt(h[4]),
                            Integer.parseInt(h[5]), Integer.parseInt(h[6]), HogParams.BlockNorm.parse(h[7]), h[8].equals("1"));
                    assertEquals(Integer.parseInt(h[9]), want.length);
                    Hog hog = new Hog(p);
                    assertEquals(want.length, hog.dimension(img.h, img.w), line);
                    float[] got = hog.compute(img.px, img.w, img.h);
                    assertClose(want, got, line);
                    // the real-valued path (no lookup table) must agree too
                    double[] d = new double[img.px.length];
                    for (int i = 0; i < d.length; i++) d[i] = img.px[i] & 0xFF;
                    double[] got2 = hog.compute(d, img.w, img.h);
                    float[] f2 = new float[got2.length];
                    for (int i = 0; i < f2.length; i++) f2[i] = (float) got2[i];
                    assertClose(want, f2, line + " (double path)");
                    cases++;
                } else {
                    SlidingHog s = SlidingHog.seed();
                    assertEquals(2592, s.dimension(48, 48));
                    assertClose(want, s.compute(img.px, img.w, img.h), line);
                    sliding++;
                }
            }
        }
        assertEquals(13, cases);
        assertEquals(2, sliding);
    }

    @Test
    void seedDimensionAndWindowInsideLargerImage() {
        Hog hog = new Hog(HogParams.SEED);
        assertEquals(72, hog.dimension(48, 48));
        // a window computed in place equals the same pixels copied out as their own image
        Img big = xorshift(60, 50, 7);
        byte[] crop = new byte[20 * 30];
        for (int y = 0; y < 30; y++) System.arraycopy(big.px, (y + 11) * 60 + 5, crop, y * 20, 20);
        Hog h2 = new Hog(new HogParams(9, 4, 4, 2, 2, HogParams.BlockNorm.L2_HYS, false));
        float[] a = h2.compute(crop, 20, 30);
        float[] b = new float[a.length];
        assertEquals(a.length, h2.compute(big.px, 0, 60, 5, 11, 20, 30, b, 0));
        assertArrayEquals(a, b);
        assertEquals(0, h2.dimension(7, 40), "smaller than one block");
    }

    @Test
    void parsesBlockNormNames() {
        assertEquals(HogParams.BlockNorm.L2_HYS, HogParams.BlockNorm.parse("l2-hys"));
        assertEquals(HogParams.BlockNorm.L1_SQRT, HogParams.BlockNorm.parse("L1_SQRT"));
        assertThrows(IllegalArgumentException.class, () -> HogParams.BlockNorm.parse("L3"));
    }

    private static double[] parse(String line) {
        String[] t = line.trim().split(" ");
        double[] v = new double[t.length];
        for (int i = 0; i < t.length; i++) v[i] = Double.parseDouble(t[i]);
        return v;
    }

    private static void assertClose(double[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++)
            if (Math.abs(want[i] - got[i]) > TOL) fail(what + ": value " + i + " is " + got[i] + ", scikit-image gives " + want[i]);
    }
}
