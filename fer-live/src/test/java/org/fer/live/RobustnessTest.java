package org.fer.live;

import org.fer.core.Emotion;
import org.fer.image.GrayImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Inputs that broke the seed's pipeline: none may crash this one. */
class RobustnessTest {
    @TempDir
    Path dir;

    private static LivePipeline pipeline(FakeClassifier model) {
        return new LivePipeline(new CascadeFaceDetector(), model, null, Framing.HAAR, Tracker.Config.DEFAULT);
    }

    @Test
    void zeroFaces() {
        SceneVideo s = Scenes.synthetic(640, 480, 1, 3);
        for (int i = 0; i < 5; i++) s.frame(List.of());
        FakeClassifier model = new FakeClassifier(Emotion.NEUTRAL);
        try (LivePipeline p = pipeline(model)) {
            for (int i = 0; i < 5; i++) assertTrue(p.process(s.render(i), i, i * 40).faces().isEmpty());
            assertEquals(0, p.faces());
        }
        assertTrue(model.batches.isEmpty(), "no faces, no model call");
    }

    @Test
    void tenFacesInOneFrameGoToTheModelInOneBatch() {
        SceneVideo s = Scenes.synthetic(640, 480, 14, 21);
        List<SceneVideo.Placement> ps = new ArrayList<>();
        int[] usable = {0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
        for (int k = 0; k < 10; k++) ps.add(s.place(usable[k], 8 + (k % 5) * 126, 10 + (k / 5) * 236, 116));
        s.frame(ps);
        FakeClassifier model = new FakeClassifier(Emotion.HAPPY);
        FrameResult r;
        try (LivePipeline p = pipeline(model)) {
            r = p.process(s.render(0), 0, 0);
        }
        int[] sc = Scenes.score(ps, r.faces());
        assertTrue(sc[0] >= 7, "found " + sc[0] + " of 10");
        assertEquals(List.of(r.faces().size()), model.batches, "one call for all faces of the frame");
        assertEquals(r.faces().size(), r.faces().stream().map(FaceResult::trackId).distinct().count(), "distinct track ids");
    }

    @Test
    void facesCutByTheBorderAndTinyFaces() {
        SceneVideo s = Scenes.synthetic(320, 240, 5, 5);
        s.frame(List.of(s.place(0, -60, -40, 150), s.place(3, 230, 150, 150)));   // cut on two sides each
        s.frame(List.of(s.place(0, 10, 10, 12), s.place(3, 100, 100, 6), s.place(4, 200, 50, 22))); // tiny
        s.frame(List.of(s.place(0, -149, 0, 150)));                                   // one pixel column visible
        try (LivePipeline p = pipeline(new FakeClassifier(Emotion.SAD))) {
            for (int i = 0; i < 3; i++) {
                FrameResult r = p.process(s.render(i), i, i);
                for (FaceResult f : r.faces()) {
                    assertTrue(f.box().intersects(320, 240));
                    assertEquals(Emotion.SAD, f.emotion());
                }
            }
        }
    }

    @Test
    void grayscaleAndOddSizedImages() throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        SceneVideo s = Scenes.synthetic(333, 201, 1, 11);
        s.frame(List.of(s.place(0, 100, 30, 140)));
        s.render(0).writePng(images.resolve("a_gray_333x201.png"));
        BufferedImage rgb = new BufferedImage(17, 9, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(3, 3, 0xFF8040);
        ImageIO.write(rgb, "png", images.resolve("b_color_17x9.png").toFile());
        new GrayImage(1, 1, new byte[]{7}).writePng(images.resolve("c_1x1.png"));
        Files.writeString(images.resolve("d_not_an_image.png"), "hello");
        BufferedImage big = new BufferedImage(641, 479, BufferedImage.TYPE_4BYTE_ABGR);
        ImageIO.write(big, "png", images.resolve("e_rgba_641x479.png").toFile());

        FakeClassifier model = new FakeClassifier(Emotion.FEAR);
        Path out = dir.resolve("annotated.mkv");
        Map<String, Object> summary;
        try (FrameSource src = new ImageDirSource(images); LivePipeline p = pipeline(model)) {
            summary = new LiveRunner(p, new LiveRunner.Options(1, 0, false, null)).video(new VideoSink(out, src.frameRate())).run(src);
        }
        assertEquals(4L, summary.get("frames"), "four readable images, the text file skipped");
        assertTrue(((Number) summary.get("faces")).longValue() >= 1, "the face in the gray image");
        assertTrue(Files.size(out) > 0);
    }

    @Test
    void truncatedVideoEndsCleanly() throws Exception {
        SceneVideo s = Scenes.synthetic(320, 240, 1, 4);
        for (int i = 0; i < 60; i++) s.frame(List.of(s.place(0, 60 + i, 40, 140)));
        Path full = dir.resolve("full.mkv");
        s.write(full, 25);
        byte[] bytes = Files.readAllBytes(full);
        Path cut = dir.resolve("cut.mkv");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        Map<String, Object> summary;
        try (FrameSource src = GrabberSource.video(cut); LivePipeline p = pipeline(new FakeClassifier(Emotion.ANGRY))) {
            summary = new LiveRunner(p, new LiveRunner.Options(1, 0, false, null)).run(src);
        }
        long frames = (Long) summary.get("frames");
        assertTrue(frames > 5 && frames < 60, "frames read from half a file: " + frames);
    }

    @Test
    void corruptOrEmptyVideoIsAClearError() throws Exception {
        Path junk = dir.resolve("junk.mp4");
        byte[] noise = new byte[50_000];
        new java.util.Random(1).nextBytes(noise);
        Files.write(junk, noise);
        var e = assertThrows(org.fer.core.FerException.class, () -> GrabberSource.video(junk));
        assertTrue(e.getMessage().startsWith(junk.toString()), e.getMessage());
        Path empty = Files.createFile(dir.resolve("empty.avi"));
        assertThrows(org.fer.core.FerException.class, () -> GrabberSource.video(empty));
        assertThrows(org.fer.core.FerException.class, () -> GrabberSource.video(dir.resolve("missing.mp4")));
    }
}
