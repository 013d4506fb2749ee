package org.fer.live;

import org.bytedeco.opencv.opencv_core.Mat;
import org.fer.core.Emotion;
import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.model.EmotionClassifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The model stage on a second thread ({@link LiveRunner#pipelined}) gives exactly the sequential results, in order. */
class PipelinedRunnerTest {
    @TempDir
    static Path dir;
    static SceneVideo scene;
    static Path video;

    @BeforeAll
    static void makeVideo() {
        scene = Scenes.synthetic(640, 480, 4, 21).movingFaces(2, 10, 120, 170, 7);
        video = dir.resolve("faces.mp4");
        scene.write(video, 25);
    }

    /** Probabilities that depend on the crop's pixels (so any mix-up of frames or faces changes the output); notes its threads. */
    static final class ContentClassifier implements EmotionClassifier {
        final Set<String> threads = Collections.synchronizedSet(new HashSet<>());
        final int failAtCall;
        int calls;

        ContentClassifier(int failAtCall) { this.failAtCall = failAtCall; }

        @Override
        public float[][] predictProba(List<Face48> faces) {
            threads.add(Thread.currentThread().getName());
            if (++calls == failAtCall) throw new FerException("stand-in model failed at call " + calls);
            float[][] p = new float[faces.size()][Emotion.COUNT];
            for (int i = 0; i < faces.size(); i++) {
                long sum = 0;
                for (byte b : faces.get(i).bytes()) sum += b & 0xFF;
                float total = 0;
                for (int c = 0; c < Emotion.COUNT; c++) total += p[i][c] = 1 + (sum * (c + 3) % 101) / 25f;
                for (int c = 0; c < Emotion.COUNT; c++) p[i][c] /= total;
            }
            return p;
        }

        @Override public Map<String, Object> describe() { return Map.of("kind", "content-stand-in"); }
    }

    record Run(List<FrameResult> results, Map<String, Object> summary, ContentClassifier model) {}

    static Run run(boolean pipelined, int every, int classifyEvery, Path annotated) {
        ContentClassifier model = new ContentClassifier(-1);
        List<FrameResult> results = new ArrayList<>();
        Map<String, Object> summary;
        try (FrameSource src = GrabberSource.video(video);
             LivePipeline p = new LivePipeline(new CascadeFaceDetector(), model, null, Framing.HAAR, Tracker.Config.DEFAULT).classifyEvery(classifyEvery)) {
            LiveRunner r = new LiveRunner(p, new LiveRunner.Options(every, 0, false, null)).pipelined(pipelined).listener(results::add);
            if (annotated != null) r.video(new VideoSink(annotated, src.frameRate()));
            summary = r.run(src);
        }
        return new Run(results, summary, model);
    }

    static void assertSame(List<FrameResult> a, List<FrameResult> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            FrameResult x = a.get(i), y = b.get(i);
            assertEquals(x.frame(), y.frame(), "frame order");
            assertEquals(x.faces().size(), y.faces().size(), "faces in frame " + x.frame());
            for (int k = 0; k < x.faces().size(); k++) {
                FaceResult f = x.faces().get(k), g = y.faces().get(k);
                assertEquals(f.trackId(), g.trackId());
                assertEquals(f.box(), g.box());
                assertEquals(f.emotion(), g.emotion());
                assertArrayEquals(f.smoothed(), g.smoothed(), 1e-6f, "frame " + x.frame());
                assertArrayEquals(f.probs(), g.probs(), 1e-6f, "frame " + x.frame());
            }
        }
    }

    @Test
    void sameResultsInFrameOrderAndTheModelRunsOnItsOwnThread() throws Exception {
        Run seq = run(false, 1, 1, null);
        Path annotated = dir.resolve("pipelined.mp4");
        Run pipe = run(true, 1, 1, annotated);
        assertTrue(seq.results().stream().mapToInt(r -> r.faces().size()).sum() > 20, "the video has faces to classify");
        assertSame(seq.results(), pipe.results());
        assertEquals(seq.summary().get("faces"), pipe.summary().get("faces"));
        assertEquals(seq.summary().get("tracks"), pipe.summary().get("tracks"));
        assertEquals(Set.of(Thread.currentThread().getName()), seq.model().threads);
        assertEquals(Set.of("fer-live-model"), pipe.model().threads);
        assertEquals(Boolean.TRUE, pipe.summary().get("pipelined"));
        Map<?, ?> stages = (Map<?, ?>) pipe.summary().get("stage_mean_ms");
        for (String k : List.of("detect", "model", "stage1", "stage2", "pipeline", "latency")) assertTrue(stages.containsKey(k), k + " in " + stages);
        assertTrue(((Map<?, ?>) pipe.summary().get("thread_cpu_ms_per_frame")).containsKey("model_thread"));

        int frames = 0;
        try (FrameSource out = GrabberSource.video(annotated)) {
            for (Mat m = out.next(); m != null; m = out.next()) frames++;
        }
        assertEquals(scene.frames().size(), frames, "the annotated video keeps every frame");
    }

    @Test
    void sameResultsWithClassifyEveryAndFrameSkipping() {
        Run seq = run(false, 2, 3, null);
        Run pipe = run(true, 2, 3, null);
        assertFalse(seq.results().isEmpty());
        assertTrue(seq.results().stream().allMatch(r -> r.frame() % 2 == 0));
        assertSame(seq.results(), pipe.results());
        assertEquals(seq.model().calls, pipe.model().calls, "the same frames go to the model");
    }

    @Test
    void aFailingModelStageIsReportedAndNoOutputIsLeft() {
        Path json = dir.resolve("failed.jsonl");
        ContentClassifier model = new ContentClassifier(4);
        FerException e = assertThrows(FerException.class, () -> {
            try (FrameSource src = GrabberSource.video(video);
                 LivePipeline p = new LivePipeline(new CascadeFaceDetector(), model, null, Framing.HAAR, Tracker.Config.DEFAULT)) {
                new LiveRunner(p, new LiveRunner.Options(1, 0, false, null)).pipelined(true).sink(new JsonLinesSink(json)).run(src);
            }
        });
        assertTrue(e.getMessage().contains("failed at call 4"), e.getMessage());
        assertFalse(Files.exists(json), "an aborted run leaves no half-written file");
    }
}
