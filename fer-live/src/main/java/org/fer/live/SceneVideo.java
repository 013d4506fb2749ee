package org.fer.live;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.fer.core.Emotion;
import org.fer.core.FerException;
import org.fer.image.GrayImage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Test and benchmark videos with known answers: 48x48 faces (synthetic or FER2013) upscaled and pasted, moving,
 * on a smooth synthetic background. Each frame's ground truth (which face, where, which label) is kept, so the
 * pipeline's detections and labels can be scored.
 */
public final class SceneVideo {

    /** One face drawn in one frame: face number, label, and where (the pasted square; may cross the border). */
    public record Placement(int face, Emotion label, Box box) {}

    private final int width, height;
    private final byte[] background;
    private final List<byte[]> faces;
    private final List<Emotion> labels;
    private final List<List<Placement>> frames = new ArrayList<>();
    private final Map<Long, GrayImage> scaled = new HashMap<>();

    public SceneVideo(int width, int height, long seed, List<byte[]> faces, List<Emotion> labels) {
        if (faces.size() != labels.size()) throw new IllegalArgumentException("one label per face");
        this.width = width;
        this.height = height;
        this.faces = faces;
        this.labels = labels;
        this.background = background(width, height, seed);
    }

    public int width() { return width; }
    public int height() { return height; }
    public List<List<Placement>> frames() { return frames; }

    /** Appends a frame showing these placements. */
    public SceneVideo frame(List<Placement> placements) {
        frames.add(List.copyOf(placements));
        return this;
    }

    public Placement place(int face, int left, int top, int side) {
        return new Placement(face, labels.get(face), new Box(left, top, left + side - 1, top + side - 1));
    }

    /**
     * The benchmark plan: {@code slots} faces on screen at a time (slot s lives in column s of the frame), each face
     * shown for {@code framesPerFace} frames while it drifts a few pixels per frame; consecutive faces of a slot
     * alternate between the top and bottom half so the tracker sees a new face, not the old one changing.
     */
    public SceneVideo movingFaces(int slots, int framesPerFace, int minSide, int maxSide, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int perSlot = (faces.size() + slots - 1) / slots;
        int colW = width / slots;
        int[][][] plan = new int[slots][perSlot][]; // face, x0, y0, side, dx, dy
        for (int s = 0; s < slots; s++)
            for (int k = 0; k < perSlot; k++) {
                int f = s + k * slots;
                if (f >= faces.size()) continue;
                int side = Math.min(Math.min(colW - 8, height / 2 - 4), minSide + r.nextInt(Math.max(1, maxSide - minSide + 1)));
                int x0 = s * colW + r.nextInt(Math.max(1, colW - side - framesPerFace * 2));
                int half = k % 2 == 0 ? 0 : height / 2;
                int y0 = half + r.nextInt(Math.max(1, height / 2 - side - framesPerFace));
                plan[s][k] = new int[]{f, x0, y0, side, r.nextInt(5) - 2, r.nextInt(3) - 1};
            }
        for (int k = 0; k < perSlot; k++)
            for (int t = 0; t < framesPerFace; t++) {
                List<Placement> ps = new ArrayList<>();
                for (int s = 0; s < slots; s++) {
                    int[] p = plan[s][k];
                    if (p != null) ps.add(place(p[0], p[1] + p[4] * t, p[2] + p[5] * t, p[3]));
                }
                frame(ps);
            }
        return this;
    }

    /** Frame {@code i} as a gray image. */
    public GrayImage render(int i) {
        byte[] px = background.clone();
        for (Placement p : frames.get(i)) {
            Box b = p.box();
            GrayImage f = scaled.computeIfAbsent(((long) p.face() << 16) | b.width(),
                    k -> new GrayImage(48, 48, faces.get(p.face())).resize(b.width(), b.height()));
            for (int y = Math.max(0, b.top()); y <= Math.min(height - 1, b.bottom()); y++)
                for (int x = Math.max(0, b.left()); x <= Math.min(width - 1, b.right()); x++)
                    px[y * width + x] = f.pixels()[(y - b.top()) * f.width() + (x - b.left())];
        }
        if (scaled.size() > 256) scaled.clear();
        return new GrayImage(width, height, px);
    }

    /** Encodes every frame (MPEG-4 Part 2, high quality) into {@code file} at {@code fps}. */
    public void write(Path file, double fps) {
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
        OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat();
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            String name = file.getFileName().toString();
            rec.setFormat(name.endsWith(".avi") ? "avi" : name.endsWith(".mkv") ? "matroska" : "mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setVideoQuality(2);
            rec.setFrameRate(fps);
            rec.setGopSize(25);
            rec.start();
            for (int i = 0; i < frames.size(); i++) {
                try (Mat m = Frames.toBgr(render(i))) {
                    Frame f = conv.convert(m);
                    rec.record(f);
                }
            }
            rec.stop();
        } catch (FrameRecorder.Exception e) {
            throw new FerException("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** A smooth two-tone gradient with soft blobs: texture for the detector to reject, nothing face-like. */
    static byte[] background(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double a = 60 + 80 * r.nextDouble(), gx = 60 * (r.nextDouble() - 0.5), gy = 60 * (r.nextDouble() - 0.5);
        double[][] blobs = new double[6][];
        for (int i = 0; i < blobs.length; i++)
            blobs[i] = new double[]{r.nextDouble() * w, r.nextDouble() * h, 30 + 120 * r.nextDouble(), 60 * (r.nextDouble() - 0.5)};
        byte[] px = new byte[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double v = a + gx * x / w + gy * y / h;
                for (double[] b : blobs) {
                    double d2 = ((x - b[0]) * (x - b[0]) + (y - b[1]) * (y - b[1])) / (b[2] * b[2]);
                    v += b[3] * Math.exp(-d2);
                }
                px[y * w + x] = (byte) Math.max(0, Math.min(255, Math.round(v + 4 * r.nextGaussian())));
            }
        return px;
    }
}
