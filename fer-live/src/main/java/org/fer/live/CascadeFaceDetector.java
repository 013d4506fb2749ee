package org.fer.live;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;
import org.fer.core.FerException;
import org.fer.image.GrayImage;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * OpenCV cascade face detector (Viola-Jones). Ships {@code haarcascade_frontalface_alt2}: on faces pasted into
 * 640x480 frames it found the most faces (synthetic and FER2013-style) with no false alarms and ~4.6 ms per frame
 * at the default 320-pixel detection width, while {@code _default} was slower and the LBP cascades missed more
 * (see fer-live/README.md). Frames are downscaled to {@link Config#detectWidth} before the scan (the dominant
 * cost); boxes are mapped back to full resolution.
 */
public final class CascadeFaceDetector implements FaceDetector {

    /**
     * @param cascade      built-in name (haar-alt2, haar-alt, haar-default, lbp, lbp-improved) or an XML file path
     * @param scaleFactor  pyramid step of the scan (smaller = finer, slower)
     * @param minNeighbors overlapping hits needed to keep a face (larger = fewer false alarms, more misses)
     * @param minFace      smallest face side searched, as a fraction of the frame's shorter side
     * @param detectWidth  frames wider than this are downscaled before scanning (0 = never)
     * @param equalize     histogram-equalise before the scan (helps in dim light, costs ~0.3 ms)
     */
    public record Config(String cascade, double scaleFactor, int minNeighbors, double minFace, int detectWidth, boolean equalize) {
        public static final Config DEFAULT = new Config("haar-alt2", 1.1, 3, 0.08, 320, false);

        public Config {
            if (scaleFactor <= 1.0) throw new FerException("detector scale factor must be > 1, got " + scaleFactor);
            if (minNeighbors < 0) throw new FerException("detector min neighbours must be >= 0, got " + minNeighbors);
            if (minFace < 0 || minFace >= 1) throw new FerException("minimum face size must be a fraction in [0, 1), got " + minFace);
            if (detectWidth < 0) throw new FerException("detection width must be >= 0, got " + detectWidth);
        }
    }

    private static final Map<String, String> BUILT_IN = Map.of(
            "haar-alt2", "haarcascades/haarcascade_frontalface_alt2.xml",
            "haar-alt", "haarcascades/haarcascade_frontalface_alt.xml",
            "haar-default", "haarcascades/haarcascade_frontalface_default.xml",
            "lbp", "lbpcascades/lbpcascade_frontalface.xml",
            "lbp-improved", "lbpcascades/lbpcascade_frontalface_improved.xml");

    private final Config config;
    private final Path file;
    private final CascadeClassifier classifier;
    private final Mat full = new Mat();
    private final Mat scan = new Mat();
    private final RectVector hits = new RectVector();

    public CascadeFaceDetector(Config config) {
        this.config = config;
        this.file = locate(config.cascade());
        this.classifier = new CascadeClassifier(file.toString());
        if (classifier.empty()) {
            classifier.close();
            throw new FerException(file + ": not an OpenCV cascade classifier XML");
        }
    }

    public CascadeFaceDetector() { this(Config.DEFAULT); }

    /** A built-in name → the XML inside the javacv OpenCV jar (extracted once to ~/.javacpp/cache), else Debian's opencv-data. */
    static Path locate(String cascade) {
        String rel = BUILT_IN.get(cascade);
        if (rel == null) {
            Path p = Path.of(cascade);
            if (!Files.isRegularFile(p))
                throw new FerException("unknown cascade '" + cascade + "': use one of " + BUILT_IN.keySet().stream().sorted().toList() + " or an XML file path");
            return p;
        }
        try {
            File f = Loader.cacheResource(org.bytedeco.opencv.opencv_java.class,
                    "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/" + rel);
            if (f != null && f.isFile()) return f.toPath();
        } catch (Exception | LinkageError e) {
            // fall through to the system copy
        }
        Path system = Path.of("/usr/share/opencv4", rel);
        if (Files.isRegularFile(system)) return system;
        throw new FerException("cascade " + rel + " not found in the OpenCV jar nor in /usr/share/opencv4 (apt-get install opencv-data, or pass --cascade FILE)");
    }

    @Override
    public synchronized List<Box> detect(GrayImage frame) {
        int w = frame.width(), h = frame.height();
        full.create(h, w, CV_8UC1);
        full.data().put(frame.pixels());
        double s = config.detectWidth() > 0 && w > config.detectWidth() ? (double) config.detectWidth() / w : 1.0;
        Mat input = full;
        if (s < 1.0) {
            resize(full, scan, new Size(Math.max(1, (int) Math.round(w * s)), Math.max(1, (int) Math.round(h * s))), 0, 0, INTER_AREA);
            input = scan;
        }
        if (config.equalize()) {
            equalizeHist(input, scan);
            input = scan;
        }
        int minSide = Math.max(20, (int) Math.round(Math.min(input.cols(), input.rows()) * config.minFace()));
        if (minSide > Math.min(input.cols(), input.rows())) return List.of();
        classifier.detectMultiScale(input, hits, config.scaleFactor(), config.minNeighbors(), 0, new Size(minSide, minSide), new Size());
        List<Box> out = new ArrayList<>((int) hits.size());
        for (long i = 0; i < hits.size(); i++) {
            Rect r = hits.get(i);
            out.add(Box.ofXywh((int) Math.round(r.x() / s), (int) Math.round(r.y() / s),
                    Math.max(1, (int) Math.round(r.width() / s)), Math.max(1, (int) Math.round(r.height() / s))));
        }
        return out;
    }

    /**
     * Scans only a window 1.6 times the size of each tracked box, rescaled so that face is ~48 pixels, for
     * faces 0.7-1.4 times its size: a few hundred microseconds instead of a full-frame pyramid.
     */
    @Override
    public synchronized List<Box> detectNear(GrayImage frame, List<Box> near) {
        int w = frame.width(), h = frame.height();
        full.create(h, w, CV_8UC1);
        full.data().put(frame.pixels());
        List<Box> out = new ArrayList<>();
        for (Box b : near) {
            Box win = b.reframe(1.6, 0, 0);
            int l = Math.max(0, win.left()), t = Math.max(0, win.top());
            int r = Math.min(w - 1, win.right()), btm = Math.min(h - 1, win.bottom());
            if (r - l < 20 || btm - t < 20) continue;
            double s = Math.min(1.0, ROI_FACE / Math.max(b.width(), b.height()));
            int rw = Math.max(20, (int) Math.round((r - l + 1) * s)), rh = Math.max(20, (int) Math.round((btm - t + 1) * s));
            try (Rect rect = new Rect(l, t, r - l + 1, btm - t + 1); Mat roi = new Mat(full, rect)) {
                resize(roi, scan, new Size(rw, rh), 0, 0, INTER_AREA);
            }
            Mat input = scan;
            if (config.equalize()) equalizeHist(scan, scan);
            double side = Math.max(b.width(), b.height()) * s;
            int minSide = Math.max(20, (int) Math.floor(side * 0.7)), maxSide = Math.max(minSide + 1, (int) Math.ceil(side * 1.4));
            classifier.detectMultiScale(input, hits, config.scaleFactor(), config.minNeighbors(), 0, new Size(minSide, minSide), new Size(maxSide, maxSide));
            for (long i = 0; i < hits.size(); i++) {
                Rect q = hits.get(i);
                out.add(Box.ofXywh(l + (int) Math.round(q.x() / s), t + (int) Math.round(q.y() / s),
                        Math.max(1, (int) Math.round(q.width() / s)), Math.max(1, (int) Math.round(q.height() / s))));
            }
        }
        return out;
    }

    /** Side, in pixels, a tracked face is scaled to for the windowed scan (the cascades' window is 20-24). */
    private static final double ROI_FACE = 48;

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "opencv-cascade");
        m.put("cascade", config.cascade());
        m.put("file", file.getFileName().toString());
        m.put("scale_factor", config.scaleFactor());
        m.put("min_neighbors", config.minNeighbors());
        m.put("min_face_fraction", config.minFace());
        m.put("detect_width", config.detectWidth());
        m.put("equalize", config.equalize());
        return m;
    }

    @Override
    public void close() {
        classifier.close();
        full.close();
        scan.close();
        hits.close();
    }
}
