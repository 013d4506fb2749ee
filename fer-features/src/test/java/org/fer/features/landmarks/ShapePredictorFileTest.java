package org.fer.features.landmarks;

import org.fer.core.FerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** Format and error handling on small models built in the test (no libdlib-data needed). */
class ShapePredictorFileTest {

    static ShapePredictor parse(byte[] b) { return ShapePredictor.parse(ByteBuffer.wrap(b), "test.dat"); }

    static String error(byte[] b) { return assertThrows(FerException.class, () -> parse(b)).getMessage(); }

    @Test
    void encodesIntegersAndFloatsAsTheDocShows() {
        assertArrayEquals(new byte[]{0x01, 0x00}, new DlibWriter().integer(0).bytes());
        assertArrayEquals(new byte[]{(byte) 0x81, (byte) 0x88}, new DlibWriter().integer(-136).bytes());
        assertArrayEquals(new byte[]{0x02, (byte) 0xf4, 0x01}, new DlibWriter().integer(500).bytes());
        assertArrayEquals(new byte[]{0x01, 0x00, 0x01, 0x28}, new DlibWriter().real(0f).bytes());
        // the model's first float: 15,808,589 * 2^-29
        assertArrayEquals(new byte[]{0x03, 0x4d, 0x38, (byte) 0xf1, (byte) 0x81, 0x1d}, new DlibWriter().real(Math.scalb(15_808_589f, -29)).bytes());
    }

    @Test
    void parsesAndPredictsATinyModel() {
        ShapePredictor sp = parse(DlibWriter.tinyModel().bytes());
        assertEquals(2, sp.landmarkCount());
        assertEquals(1, sp.cascadeDepth());
        assertArrayEquals(new float[]{0.25f, 0.5f, 0.75f, 0.5f}, sp.meanShape());
        // 11x11 image, box 0..10: feature pixels at round(2.5)=3 and round(7.5)=8 on row 5
        byte[] img = new byte[11 * 11];
        img[5 * 11 + 3] = (byte) 200;
        Landmarks lm = sp.predict(img, 0, 11, 11, new Box(0, 0, 10, 10));
        assertEquals(3.75, lm.x(0), 1e-9);
        assertEquals(5.0, lm.y(0), 1e-9);
        assertEquals(4, lm.px(0));
        assertEquals(9, lm.px(1));   // 8.75
        // the other way round: right leaf, points move down
        Arrays.fill(img, (byte) 0);
        img[5 * 11 + 8] = (byte) 200;
        lm = sp.predict(img, 0, 11, 11, new Box(0, 0, 10, 10));
        assertEquals(2.5, lm.x(0), 1e-6);
        assertEquals(6.25, lm.y(1), 1e-9);
        // pixels outside the image read as 0, not as the nearest edge pixel: box shifted off the image
        // puts feature pixel 0 at x=-2 (0) and pixel 1 at x=3 (200): 0 - 200 <= 10 -> right leaf
        Arrays.fill(img, (byte) 0);
        img[5 * 11 + 3] = (byte) 200;
        img[5 * 11] = (byte) 250;
        lm = sp.predict(img, 0, 11, 11, new Box(-5, 0, 5, 10));
        assertEquals(0.625f, lm.v(0), 1e-9);
        // a batch gives the same as one by one
        Landmarks[] batch = sp.predictAll(img, new int[]{0, 0}, 11, 11, new Box[]{new Box(-5, 0, 5, 10), new Box(0, 0, 10, 10)});
        assertArrayEquals(lm.rounded(), batch[0].rounded());
        assertArrayEquals(sp.predict(img, 0, 11, 11, new Box(0, 0, 10, 10)).rounded(), batch[1].rounded());
    }

    @Test
    void missingFileSaysHowToInstall(@TempDir Path dir) {
        String m = assertThrows(FerException.class, () -> ShapePredictor.load(dir.resolve("nope.dat"))).getMessage();
        assertTrue(m.contains("apt-get install libdlib-data"), m);
        assertTrue(m.contains("--landmarks-model"), m);
    }

    @Test
    void loadsFromFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tiny.dat");
        Files.write(f, DlibWriter.tinyModel().bytes());
        assertEquals(2, ShapePredictor.load(f).landmarkCount());
    }

    @Test
    void truncatedFileNamesTheOffset() {
        byte[] full = DlibWriter.tinyModel().bytes();
        for (int cut : new int[]{1, 7, full.length / 2, full.length - 1}) {
            String m = error(Arrays.copyOf(full, cut));
            assertTrue(m.contains("offset") && m.contains("truncated"), cut + ": " + m);
        }
        assertTrue(error(new byte[0]).contains("empty"));
    }

    @Test
    void wrongFileIsRecognised(@TempDir Path dir) throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13};
        String m = error(png);
        assertTrue(m.contains("offset 0") && m.contains("not a dlib shape predictor"), m);
        Path f = dir.resolve("text.dat");
        Files.writeString(f, "hello world, not a model");
        m = assertThrows(FerException.class, () -> ShapePredictor.load(f)).getMessage();
        assertTrue(m.contains(f.toString()) && m.contains("offset 0"), m);
    }

    @Test
    void corruptContentsAreReportedWithOffsetAndExpectation() {
        byte[] ok = DlibWriter.tinyModel().bytes();
        // version 2
        byte[] v2 = ok.clone();
        v2[1] = 2;
        assertTrue(error(v2).contains("version 1"), error(v2));
        // trailing bytes
        byte[] longer = Arrays.copyOf(ok, ok.length + 3);
        String m = error(longer);
        assertTrue(m.contains("offset " + ok.length) && m.contains("3 more bytes"), m);
        // anchor index 5 for a 2-point model
        DlibWriter w = new DlibWriter();
        w.integer(1).column(0.25f, 0.5f, 0.75f, 0.5f).integer(1).integer(1)
                .integer(1).integer(0).integer(1).real(10f)
                .integer(2).column(0.1f, 0f, 0.1f, 0f).column(0f, 0.1f, 0f, 0.1f)
                .integer(1).integer(2).integer(0).integer(5);
        m = error(w.bytes());
        assertTrue(m.contains("offset") && m.contains("landmark index <= 1, found 5"), m);
        // three leaves for one split
        w = new DlibWriter();
        w.integer(1).column(0.25f, 0.5f, 0.75f, 0.5f).integer(1).integer(1)
                .integer(1).integer(0).integer(1).real(10f)
                .integer(3);
        m = error(w.bytes());
        assertTrue(m.contains("cascade 0 tree 0") && m.contains("expected 2 leaves"), m);
        // a leaf vector of the wrong size
        w = new DlibWriter();
        w.integer(1).column(0.25f, 0.5f, 0.75f, 0.5f).integer(1).integer(1)
                .integer(1).integer(0).integer(1).real(10f)
                .integer(2).column(0.1f, 0f);
        m = error(w.bytes());
        assertTrue(m.contains("expected a 4 x 1 vector, found 2 x 1"), m);
        // a split pointing past the feature pixels
        w = new DlibWriter();
        w.integer(1).column(0.25f, 0.5f, 0.75f, 0.5f).integer(1).integer(1)
                .integer(1).integer(0).integer(7).real(10f)
                .integer(2).column(0.1f, 0f, 0.1f, 0f).column(0f, 0.1f, 0f, 0.1f)
                .integer(1).integer(2).integer(0).integer(1)
                .integer(1).integer(2).real(0f).real(0f).real(0f).real(0f);
        m = error(w.bytes());
        assertTrue(m.contains("indexes feature pixel 7"), m);
        // an ASCII (legacy) float where a float is expected
        w = new DlibWriter();
        w.integer(1).integer(-4).integer(-1).raw('1', '.', '5');
        m = error(w.bytes());
        assertTrue(m.contains("offset 6") && m.contains("legacy ASCII"), m);
    }
}
