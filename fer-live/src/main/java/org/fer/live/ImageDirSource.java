package org.fer.live;

import org.bytedeco.opencv.opencv_core.Mat;
import org.fer.core.FerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

/** The images of a folder (PNG, JPEG, BMP, TIFF, WebP), in name order, as a stream of frames; unreadable files are skipped with a warning. */
public final class ImageDirSource implements FrameSource {
    private static final Logger LOG = LoggerFactory.getLogger(ImageDirSource.class);
    private static final List<String> EXT = List.of(".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".pgm", ".ppm");

    private final Path dir;
    private final List<Path> files;
    private int next;
    private Mat current;
    private double timeMs;

    public ImageDirSource(Path dir) {
        if (!Files.isDirectory(dir)) throw new FerException("image folder not found: " + dir);
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> EXT.stream().anyMatch(e -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new FerException("cannot list " + dir + ": " + e.getMessage());
        }
        if (files.isEmpty()) throw new FerException(dir + ": no images (" + String.join(" ", EXT) + ")");
        this.dir = dir;
    }

    @Override
    public Mat next() {
        while (next < files.size()) {
            Path f = files.get(next++);
            Mat m = imread(f.toString(), IMREAD_COLOR);
            if (m == null || m.empty()) {
                LOG.warn("{}: not a readable image, skipped", f);
                continue;
            }
            if (current != null) current.close();
            current = m;
            timeMs = (next - 1) * 1000.0; // one image per second of "video"
            return m;
        }
        return null;
    }

    @Override public double timeMs() { return timeMs; }
    @Override public double frameRate() { return 1; }
    @Override public String describe() { return "images " + dir + " (" + files.size() + " files)"; }

    @Override
    public void close() {
        if (current != null) current.close();
    }
}
