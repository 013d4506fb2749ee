package org.fer.live;

import org.fer.cli.FerCli;
import org.fer.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** {@code fer live} end to end through the CLI (never a camera: tests must not block on one). */
class LiveCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run fer(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = FerCli.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Path model() throws Exception { return Files.writeString(dir.resolve("m.fake"), "Surprise"); }

    private Path video() {
        SceneVideo s = Scenes.synthetic(320, 240, 1, 8);
        for (int i = 0; i < 15; i++) s.frame(List.of(s.place(0, 80 + i, 40, 140)));
        Path v = dir.resolve("v.mp4");
        s.write(v, 25);
        return v;
    }

    @Test
    void headlessVideoToJsonCsvAndVideo() throws Exception {
        Path json = dir.resolve("o.jsonl"), csv = dir.resolve("o.csv"), mp4 = dir.resolve("o.mp4");
        Run r = fer("live", "--video", video().toString(), "--model", model().toString(), "--headless",
                "--json", json.toString(), "--csv", csv.toString(), "--output", mp4.toString(), "--no-landmarks");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("15 frames"), r.out());
        List<String> lines = Files.readAllLines(json);
        assertEquals(16, lines.size());
        Map<String, Object> f = Json.readMap(lines.get(3));
        List<?> faces = (List<?>) f.get("faces");
        assertEquals(1, faces.size());
        Map<?, ?> face = (Map<?, ?>) faces.get(0);
        assertEquals("Surprise", face.get("emotion"));
        assertEquals(4, ((List<?>) face.get("box")).size());
        assertEquals(7, ((Map<?, ?>) face.get("probs")).size());
        assertTrue(Files.readAllLines(csv).size() >= 14);
        assertTrue(Files.size(mp4) > 1000);
        boolean twoCores = Runtime.getRuntime().availableProcessors() >= 2;
        assertEquals(twoCores, ((Map<?, ?>) Json.readMap(lines.get(15)).get("summary")).get("pipelined"), "fer live pipelines by default on 2+ cores");

        Path seqJson = dir.resolve("seq.jsonl");
        r = fer("live", "--video", video().toString(), "--model", model().toString(), "--headless", "--json", seqJson.toString(),
                "--no-landmarks", "--sequential");
        assertEquals(0, r.code(), r.err());
        List<String> seqLines = Files.readAllLines(seqJson);
        assertEquals(Boolean.FALSE, ((Map<?, ?>) Json.readMap(seqLines.get(15)).get("summary")).get("pipelined"));
        assertEquals(Json.readMap(lines.get(3)).get("faces").toString(), Json.readMap(seqLines.get(3)).get("faces").toString(),
                "sequential and pipelined give the same frame result");
        assertEquals(2, fer("live", "--video", video().toString(), "--model", model().toString(), "--headless", "--sequential", "--pipelined").code());
    }

    @Test
    void withoutADisplayTheWindowModeSaysWhatToDo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("DISPLAY") == null, "a display is present: this would open a window");
        Run r = fer("live", "--video", video().toString(), "--model", model().toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no display") && r.err().contains("--headless"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void badInputsAreOneLineErrors() throws Exception {
        Path junk = Files.write(dir.resolve("junk.mkv"), new byte[]{1, 2, 3, 4, 5, 6, 7, 8});
        Run r = fer("live", "--video", junk.toString(), "--model", model().toString(), "--headless");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("junk.mkv"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.contains("error")).count(), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("setFormat"), "no stack trace, no javacv hints: " + r.err());

        r = fer("live", "--video", video().toString(), "--model", dir.resolve("nope.bin").toString(), "--headless");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("model file not found"), r.err());

        r = fer("live", "--images", dir.resolve("none").toString(), "--model", model().toString(), "--headless");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("image folder not found"), r.err());

        r = fer("live", "--video", video().toString(), "--model", model().toString(), "--headless", "--every", "0");
        assertEquals(2, r.code());

        r = fer("live", "--video", video().toString(), "--model", model().toString(), "--headless", "--cascade", "nonsense");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown cascade"), r.err());
    }

    @Test
    void aMissingCameraFailsAtOnceWithAHint() throws Exception {
        // only where the device node is absent, so the test never opens a real camera
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("/dev/video97")));
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"));
        Run r = fer("live", "--camera", "97", "--model", model().toString(), "--headless", "--no-landmarks");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no camera 97") && r.err().contains("--video"), r.err());
    }

    @Test
    void missingLandmarkModelTurnsBlinksOffAndSaysWhy() throws Exception {
        Run r = fer("live", "--video", video().toString(), "--model", model().toString(), "--headless",
                "--landmarks-model", dir.resolve("absent.dat").toString(), "--max-frames", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("blinks off") && r.err().contains("libdlib-data"), r.err());
    }
}
