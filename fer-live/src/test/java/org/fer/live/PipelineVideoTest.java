package org.fer.live;

import org.bytedeco.opencv.opencv_core.Mat;
import org.fer.core.Emotion;
import org.fer.io.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The whole pipeline, headless, on a synthetic video with known faces. */
class PipelineVideoTest {
    @TempDir
    static Path dir;
    static SceneVideo scene;
    static Path video;

    @BeforeAll
    static void makeVideo() {
        scene = Scenes.synthetic(640, 480, 6, 11).movingFaces(2, 12, 120, 170, 5);
        video = dir.resolve("faces.mp4");
        scene.write(video, 25);
    }

    static LivePipeline pipeline(FakeClassifier model) {
        return new LivePipeline(new CascadeFaceDetector(), model, null, Framing.HAAR, Tracker.Config.DEFAULT);
    }

    @Test
    void findsTracksAndReportsEveryFace() throws Exception {
        FakeClassifier model = new FakeClassifier(Emotion.HAPPY);
        List<FrameResult> results = new ArrayList<>();
        Path json = dir.resolve("out.jsonl"), csv = dir.resolve("out.csv"), annotated = dir.resolve("annotated.mp4");
        Map<String, Object> summary;
        try (FrameSource src = GrabberSource.video(video); LivePipeline p = pipeline(model)) {
            summary = new LiveRunner(p, new LiveRunner.Options(1, 0, false, null))
                    .sink(new JsonLinesSink(json)).sink(new CsvSink(csv)).video(new VideoSink(annotated, src.frameRate()))
                    .listener(results::add).run(src);
        }
        assertTrue(model.closed, "the pipeline closes the model");
        int n = scene.frames().size();
        assertEquals((long) n, summary.get("frames"));
        assertEquals(n, results.size());

        int hits = 0, truth = 0, false_ = 0;
        Map<Integer, Set<Integer>> tracksPerFace = new HashMap<>();
        for (int i = 0; i < n; i++) {
            int[] s = Scenes.score(scene.frames().get(i), results.get(i).faces());
            hits += s[0];
            truth += s[1];
            false_ += s[2];
            for (SceneVideo.Placement pl : scene.frames().get(i))
                for (FaceResult f : results.get(i).faces())
                    if (f.box().iou(pl.box()) >= 0.3) tracksPerFace.computeIfAbsent(pl.face(), k -> new HashSet<>()).add(f.trackId());
        }
        // the cascade misses some cartoon faces of the generator entirely (here 1-2 of 6); the others in (nearly) every frame
        assertTrue(hits >= 0.6 * truth, "found " + hits + " of " + truth);
        assertTrue(tracksPerFace.size() >= 4, "faces found at all: " + tracksPerFace.keySet());
        assertTrue(false_ <= n / 10, "false alarms: " + false_);
        for (var e : tracksPerFace.entrySet()) assertEquals(1, e.getValue().size(), "face " + e.getKey() + " keeps one track id: " + e.getValue());

        // one model call per frame with faces, holding all of that frame's faces
        List<Integer> expected = results.stream().filter(r -> !r.faces().isEmpty()).map(r -> r.faces().size()).toList();
        assertEquals(expected, model.batches);

        List<String> lines = Files.readAllLines(json);
        assertEquals(n + 1, lines.size());
        Map<String, Object> first = Json.readMap(lines.get(0));
        assertEquals(0, ((Number) first.get("frame")).intValue());
        Map<String, Object> last = Json.readMap(lines.get(n));
        @SuppressWarnings("unchecked") Map<String, Object> s = (Map<String, Object>) last.get("summary");
        assertEquals(n, ((Number) s.get("frames")).intValue());
        assertTrue(((Map<?, ?>) s.get("stage_mean_ms")).containsKey("detect"));
        assertFalse(((List<?>) s.get("tracks")).isEmpty());

        long faces = results.stream().mapToLong(r -> r.faces().size()).sum();
        List<String> rows = Files.readAllLines(csv);
        assertEquals(faces + 1, rows.size());
        assertTrue(rows.get(0).startsWith("frame,time_ms,track_id,left,top,right,bottom,emotion,p_angry"));
        assertTrue(rows.get(1).contains(",Happy,"));

        int frames = 0;
        try (FrameSource out = GrabberSource.video(annotated)) {
            for (Mat m = out.next(); m != null; m = out.next()) {
                assertEquals(640, m.cols());
                frames++;
            }
        }
        assertEquals(n, frames, "the annotated video keeps every frame");
    }

    /** Counts full-frame scans and windowed scans. */
    static final class CountingDetector implements FaceDetector {
        final CascadeFaceDetector inner = new CascadeFaceDetector();
        int full, windowed;

        @Override public List<Box> detect(org.fer.image.GrayImage f) { full++; return inner.detect(f); }
        @Override public List<Box> detectNear(org.fer.image.GrayImage f, List<Box> near) { windowed++; return inner.detectNear(f, near); }
        @Override public Map<String, Object> describe() { return inner.describe(); }
        @Override public void close() { inner.close(); }
    }

    @Test
    void betweenFullScansTrackedFacesAreFoundInTheirWindow() {
        CountingDetector det = new CountingDetector();
        List<FrameResult> results = new ArrayList<>();
        try (LivePipeline p = new LivePipeline(det, new FakeClassifier(Emotion.HAPPY), null, Framing.HAAR, Tracker.Config.DEFAULT).fullScanEvery(5)) {
            for (int i = 0; i < scene.frames().size(); i++) results.add(p.process(scene.render(i), i, i));
        }
        assertTrue(det.windowed > det.full, "full " + det.full + ", windowed " + det.windowed);
        int hitsWindowed = 0, truthWindowed = 0;
        for (int i = 0; i < results.size(); i++) {
            if (i % 5 == 0) continue;
            int[] sc = Scenes.score(scene.frames().get(i), results.get(i).faces());
            hitsWindowed += sc[0];
            truthWindowed += sc[1];
            assertEquals(0, sc[2], "no false alarms from windowed scans, frame " + i);
        }
        assertTrue(hitsWindowed >= 0.5 * truthWindowed, "windowed scans found " + hitsWindowed + " of " + truthWindowed);
    }

    @Test
    void classifyingEveryThirdFrameCutsModelWorkButEveryFaceHasALabel() {
        FakeClassifier model = new FakeClassifier(Emotion.DISGUST);
        long faces = 0;
        try (LivePipeline p = new LivePipeline(new CascadeFaceDetector(), model, null, Framing.HAAR, Tracker.Config.DEFAULT).classifyEvery(3)) {
            for (int i = 0; i < scene.frames().size(); i++)
                for (FaceResult f : p.process(scene.render(i), i, i).faces()) {
                    faces++;
                    assertEquals(Emotion.DISGUST, f.emotion());
                    assertNotNull(f.probs());
                }
        }
        int classified = model.batches.stream().mapToInt(Integer::intValue).sum();
        assertTrue(faces > 20);
        assertTrue(classified < 0.5 * faces && classified >= faces / 3, classified + " classifications for " + faces + " faces");
    }

    @Test
    void everyNthFrameIsProcessedAndMaxFramesStops() {
        FakeClassifier model = new FakeClassifier(Emotion.SAD);
        List<FrameResult> results = new ArrayList<>();
        Map<String, Object> summary;
        try (FrameSource src = GrabberSource.video(video); LivePipeline p = pipeline(model)) {
            summary = new LiveRunner(p, new LiveRunner.Options(3, 20, false, null)).listener(results::add).run(src);
        }
        assertEquals(20L, summary.get("frames"));
        assertEquals(7L, summary.get("frames_processed"));
        assertEquals(List.of(0L, 3L, 6L, 9L, 12L, 15L, 18L), results.stream().map(FrameResult::frame).toList());
    }
}
