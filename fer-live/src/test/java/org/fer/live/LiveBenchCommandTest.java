package org.fer.live;

import org.fer.io.Json;
import org.fer.preprocess.PreprocessConfig;
import org.fer.preprocess.Preprocessor;
import org.fer.synth.SyntheticFaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** {@code fer live-bench} on a tiny synthetic processed set and a fake model: the report has every part. */
class LiveBenchCommandTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void writesSpeedAndAccuracyWithProvenance() throws Exception {
        Path csv = dir.resolve("s.csv");
        new SyntheticFaces(3).writeCsv(csv, 20);
        Path data = dir.resolve("processed");
        new Preprocessor(PreprocessConfig.defaults()).run(csv, data);
        Path model = Files.writeString(dir.resolve("m.fake"), "Happy");
        Path out = dir.resolve("res");
        LiveCommandTest.Run r = LiveCommandTest.fer("live-bench", "--model", model.toString(), "--data", data.toString(),
                "--split", "val", "--faces", "10", "--frames-per-face", "4", "--speed-frames", "20", "--speed-face", "synthetic",
                "--no-landmarks", "--out", out.toString(), "--work", dir.resolve("work").toString());
        assertEquals(0, r.code(), r.err());
        Map<String, Object> m = Json.readMap(out.resolve("bench.json"));
        Map<String, Object> speed = (Map<String, Object>) m.get("speed");
        assertEquals(20, ((Number) speed.get("frames")).intValue());
        assertTrue(((Number) speed.get("fps_end_to_end")).doubleValue() > 0);
        Map<String, Object> acc = (Map<String, Object>) m.get("accuracy");
        assertEquals(10, ((Number) acc.get("faces")).intValue());
        assertEquals(20, ((Number) acc.get("frames")).intValue(), "10 faces, 2 at a time, 4 frames each");
        assertEquals(40, ((Number) acc.get("face_frames")).intValue());
        double found = ((Number) acc.get("share_face_frames_found")).doubleValue();
        assertTrue(found > 0.2 && found <= 1.0, "found " + found);
        // the fake model always says Happy: accuracy on crops is the share of Happy faces in the sample
        assertTrue(((Number) acc.get("accuracy_model_on_48x48_crops")).doubleValue() < 0.5);
        Map<String, Object> prov = (Map<String, Object>) m.get("provenance");
        assertTrue(prov.containsKey("git_commit") && prov.containsKey("inputs") && prov.containsKey("parameters"));
        try (var s = Files.list(dir.resolve("work"))) {
            assertEquals(0, s.count(), "the benchmark videos are deleted");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void comparesVariantsSideBySide() throws Exception {
        Path model = Files.writeString(dir.resolve("m.fake"), "Sad");
        Path out = dir.resolve("res");
        LiveCommandTest.Run r = LiveCommandTest.fer("live-bench", "--model", model.toString(), "--no-accuracy", "--speed-frames", "15",
                "--speed-face", "synthetic", "--no-landmarks", "--variants", "seq,pipe+c2+flip", "--rounds", "2",
                "--out", out.toString(), "--name", "v", "--work", dir.resolve("work").toString());
        assertEquals(0, r.code(), r.err());
        Map<String, Object> speed = (Map<String, Object>) Json.readMap(out.resolve("v.json")).get("speed");
        Map<String, Object> variants = (Map<String, Object>) speed.get("variants");
        assertEquals(java.util.List.of("seq", "pipe+c2+flip"), java.util.List.copyOf(variants.keySet()));
        Map<String, Object> seq = (Map<String, Object>) variants.get("seq"), pipe = (Map<String, Object>) variants.get("pipe+c2+flip");
        assertEquals(30, ((Number) seq.get("frames")).intValue(), "2 rounds of 15 frames");
        assertEquals(2, ((java.util.List<?>) pipe.get("runs")).size());
        for (Map<String, Object> v : java.util.List.of(seq, pipe)) {
            assertTrue(((Number) v.get("fps_end_to_end")).doubleValue() > 0);
            assertTrue(((Number) v.get("fps_2core_estimate_from_thread_cpu")).doubleValue() > 0);
            assertTrue(((Map<?, ?>) v.get("stage_mean_ms")).containsKey("latency"));
        }
        assertFalse(((Map<?, ?>) seq.get("thread_cpu_ms_per_frame")).containsKey("model_thread"));
        assertTrue(((Map<?, ?>) pipe.get("thread_cpu_ms_per_frame")).containsKey("model_thread"));
        Map<String, Object> firstPipeRun = (Map<String, Object>) ((java.util.List<?>) pipe.get("runs")).get(0);
        assertEquals(Boolean.TRUE, firstPipeRun.get("pipelined"));
        assertEquals("flip", firstPipeRun.get("tta"));
        assertEquals("none", ((Map<String, Object>) ((java.util.List<?>) seq.get("runs")).get(0)).get("tta"));
        assertEquals(2, ((Number) ((Map<String, Object>) firstPipeRun.get("pipeline")).get("classify_every")).intValue());

        LiveCommandTest.Run bad = LiveCommandTest.fer("live-bench", "--model", model.toString(), "--no-accuracy", "--speed-frames", "5",
                "--speed-face", "synthetic", "--no-landmarks", "--variants", "seq,turbo", "--out", out.toString(), "--work", dir.resolve("work").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown token 'turbo'"), bad.err());
    }
}
