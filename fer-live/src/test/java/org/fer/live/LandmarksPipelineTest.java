package org.fer.live;

import org.fer.core.Emotion;
import org.fer.features.landmarks.ShapePredictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Landmarks and EAR per face through the real dlib model (skipped where libdlib-data is not installed). */
class LandmarksPipelineTest {
    @TempDir
    Path dir;

    @Test
    void everyFaceGetsSixtyEightPointsInsideItsBoxAndAnEar() {
        assumeTrue(ShapePredictor.defaultAvailable(), "apt-get install libdlib-data to run this test");
        LandmarkModels.Result lm = LandmarkModels.open(null, true);
        assertNotNull(lm.landmarker(), lm.why());
        SceneVideo s = Scenes.synthetic(640, 480, 6, 11).movingFaces(2, 4, 120, 170, 5);
        List<FrameResult> results = new ArrayList<>();
        Map<String, Object> summary;
        try (LivePipeline p = new LivePipeline(new CascadeFaceDetector(), new FakeClassifier(Emotion.HAPPY), lm.landmarker(), Framing.HAAR, Tracker.Config.DEFAULT)) {
            for (int i = 0; i < s.frames().size(); i++) results.add(p.process(s.render(i), i, i * 40.0));
            assertTrue(p.times().count("landmarks") > 0);
            assertFalse(p.trackSummary().isEmpty());
            assertTrue(p.trackSummary().get(0).containsKey("blinks"));
        }
        int faces = 0;
        for (FrameResult r : results)
            for (FaceResult f : r.faces()) {
                faces++;
                assertEquals(136, f.landmarks().length);
                Box b = f.box();
                int inside = 0;
                for (int k = 0; k < 68; k++) {
                    double x = f.landmarks()[2 * k], y = f.landmarks()[2 * k + 1];
                    if (x >= b.left() - 0.15 * b.width() && x <= b.right() + 0.15 * b.width() && y >= b.top() - 0.15 * b.height() && y <= b.bottom() + 0.15 * b.height()) inside++;
                }
                assertTrue(inside >= 60, "points near the face box: " + inside);
                assertTrue(f.ear() > 0 && f.ear() < 1, "EAR " + f.ear());
                assertTrue(f.toJson().containsKey("landmarks") && f.toJson().containsKey("ear"));
            }
        assertTrue(faces > 0);
    }

    @Test
    void alignedCropsGoToTheModel() {
        assumeTrue(ShapePredictor.defaultAvailable(), "apt-get install libdlib-data to run this test");
        LandmarkModels.Result lm = LandmarkModels.open(null, true);
        SceneVideo s = Scenes.synthetic(320, 240, 1, 11);
        s.frame(List.of(s.place(0, 90, 40, 150)));
        FakeClassifier model = new FakeClassifier(Emotion.SAD);
        try (LivePipeline p = new LivePipeline(new CascadeFaceDetector(), model, lm.landmarker(), Framing.HAAR, Tracker.Config.DEFAULT).align(true)) {
            FrameResult r = p.process(s.render(0), 0, 0);
            assertEquals(1, r.faces().size());
            assertEquals(Emotion.SAD, r.faces().get(0).emotion());
            assertEquals(true, p.describe().get("align"));
        }
        assertEquals(List.of(1), model.batches);
    }

    @Test
    void aCorruptLandmarkModelIsAClearError() throws Exception {
        Path bad = java.nio.file.Files.write(dir.resolve("bad.dat"), new byte[]{1, 2, 3});
        var e = assertThrows(RuntimeException.class, () -> LandmarkModels.open(bad, true));
        assertTrue(e.getMessage().contains("bad.dat"), e.getMessage());
    }
}
