package org.fer.live;

import org.fer.core.FerException;
import org.fer.image.GrayImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The bundled BlazeFace ONNX model through OpenCV DNN: loads, never crashes on odd frames, and finds faces. */
class BlazeFaceDetectorTest {
    @TempDir
    Path dir;

    @Test
    void blankNoiseAndOddSizedFramesGiveNoFacesAndNoCrash() {
        try (BlazeFaceDetector d = new BlazeFaceDetector()) {
            assertEquals(List.of(), d.detect(new GrayImage(640, 480, new byte[640 * 480])));
            byte[] noise = new byte[320 * 240];
            new Random(3).nextBytes(noise);
            assertTrue(d.detect(new GrayImage(320, 240, noise)).size() <= 1, "noise is not a face");
            for (int[] wh : new int[][]{{1, 1}, {7, 5}, {33, 400}, {1001, 17}}) {
                List<Box> boxes = d.detect(new GrayImage(wh[0], wh[1], new byte[wh[0] * wh[1]]));
                assertNotNull(boxes);
            }
            // a window that leaves the frame on every side
            assertNotNull(d.detectNear(new GrayImage(100, 80, new byte[8000]), List.of(new Box(-50, -50, 150, 130))));
        }
    }

    @Test
    void findsTheFacesOfASyntheticSceneInsideTheFrame() {
        SceneVideo scene = Scenes.synthetic(640, 480, 4, 5).movingFaces(2, 3, 150, 200, 9);
        int hits = 0, truth = 0, falseAlarms = 0;
        List<Box> tracked = new ArrayList<>();
        try (BlazeFaceDetector d = new BlazeFaceDetector()) {
            for (int i = 0; i < scene.frames().size(); i++) {
                GrayImage f = scene.render(i);
                List<Box> boxes = i % 3 == 0 || tracked.isEmpty() ? d.detect(f) : d.detectNear(f, tracked);
                tracked = boxes;
                List<FaceResult> as = new ArrayList<>();
                for (Box b : boxes) {
                    assertTrue(b.intersects(640, 480), "box " + b);
                    as.add(new FaceResult(0, b, null, null, null, null, Double.NaN, 0));
                }
                int[] s = Scenes.score(scene.frames().get(i), as);
                hits += s[0];
                truth += s[1];
                falseAlarms += s[2];
            }
        }
        assertTrue(hits >= 0.5 * truth, "found " + hits + " of " + truth);
        assertTrue(falseAlarms <= scene.frames().size() / 5, "false alarms " + falseAlarms);
    }

    @Test
    void aMissingOrBrokenModelFileIsAClearError() throws Exception {
        FerException missing = assertThrows(FerException.class, () -> new BlazeFaceDetector(
                new BlazeFaceDetector.Config(dir.resolve("nope.onnx").toString(), 0.5, 0.08, 1.15, -0.09)));
        assertTrue(missing.getMessage().contains("nope.onnx"), missing.getMessage());
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a network");
        FerException broken = assertThrows(FerException.class, () -> new BlazeFaceDetector(
                new BlazeFaceDetector.Config(junk.toString(), 0.5, 0.08, 1.15, -0.09)));
        assertTrue(broken.getMessage().contains("junk.onnx"), broken.getMessage());
        assertThrows(FerException.class, () -> new BlazeFaceDetector.Config("blazeface", 1.5, 0.08, 1.15, -0.09));
    }
}
