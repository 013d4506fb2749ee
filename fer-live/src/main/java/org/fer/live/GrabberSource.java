package org.fer.live;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.javacv.OpenCVFrameGrabber;
import org.bytedeco.opencv.opencv_core.Mat;
import org.fer.core.FerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/** A javacv grabber: FFmpeg for video files, OpenCV (V4L2) for cameras. */
public final class GrabberSource implements FrameSource {
    private static final Logger LOG = LoggerFactory.getLogger(GrabberSource.class);

    private final FrameGrabber grabber;
    private final String what;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private long frames;
    private double timeMs;
    private String endedEarly;

    private GrabberSource(FrameGrabber grabber, String what) {
        this.grabber = grabber;
        this.what = what;
    }

    /** Opens a video file; a missing, unreadable or non-video file is a {@link FerException}. */
    public static GrabberSource video(Path file) {
        if (!Files.isRegularFile(file)) throw new FerException("video file not found: " + file);
        avutil.av_log_set_level(avutil.AV_LOG_QUIET); // FFmpeg's own console chatter; errors reach us as exceptions
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(g);
            throw new FerException(file + ": not a video FFmpeg can read (" + oneLine(e) + ")");
        }
        if (g.getLengthInVideoFrames() == 0 && g.getImageWidth() <= 0) {
            closeQuietly(g);
            throw new FerException(file + ": holds no video stream");
        }
        return new GrabberSource(g, "video " + file);
    }

    /**
     * Opens camera {@code index}. OpenCV's grabber blocks ~10 s and then throws when there is no camera, so on
     * Linux the device node is checked first and a missing one fails at once.
     */
    public static GrabberSource camera(int index, int width, int height) {
        Path node = Path.of("/dev/video" + index);
        if (System.getProperty("os.name", "").toLowerCase().contains("linux") && !Files.exists(node))
            throw new FerException("no camera " + index + " (" + node + " does not exist): plug one in, check `ls /dev/video*`, or use --video FILE / --images DIR");
        OpenCVFrameGrabber g = new OpenCVFrameGrabber(index);
        if (width > 0) g.setImageWidth(width);
        if (height > 0) g.setImageHeight(height);
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(g);
            throw new FerException("cannot open camera " + index + " (" + oneLine(e) + "): is it in use by another program, and may this user read " + node + "?");
        }
        return new GrabberSource(g, "camera " + index);
    }

    @Override
    public Mat next() {
        if (endedEarly != null) return null;
        try {
            Frame f = grabber instanceof FFmpegFrameGrabber ff ? ff.grabImage() : grabber.grab();
            if (f == null || f.image == null) {
                if (grabber instanceof FFmpegFrameGrabber ff && ff.getLengthInVideoFrames() > 0 && frames + 1 < ff.getLengthInVideoFrames() * 0.9)
                    endedEarly = "the stream ended after " + frames + " of " + ff.getLengthInVideoFrames() + " frames announced (truncated file?)";
                return null;
            }
            frames++;
            long ts = grabber.getTimestamp();
            timeMs = ts > 0 ? ts / 1000.0 : (frames - 1) * 1000.0 / Math.max(1, frameRate());
            return converter.convert(f);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            endedEarly = "read error after " + frames + " frames: " + oneLine(e);
            LOG.warn("{}: {}", what, endedEarly);
            return null;
        }
    }

    @Override public double timeMs() { return timeMs; }

    @Override
    public double frameRate() {
        double r = grabber.getFrameRate();
        return Double.isFinite(r) && r > 0 && r < 1000 ? r : 0;
    }

    @Override public String describe() { return what; }

    @Override public String endedEarly() { return endedEarly; }

    @Override
    public void close() { closeQuietly(grabber); }

    private static void closeQuietly(FrameGrabber g) {
        try {
            g.close();
        } catch (Exception | LinkageError ignored) {
            // closing a half-opened grabber: nothing useful to report
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // javacv appends hints meant for its own developers; FFmpeg's error codes become their text
        m = m.replaceAll("\\(Has setFormat\\(\\) been called\\?\\)", "").replaceAll("\\(For more details, make sure FFmpegLogCallback\\.set\\(\\) has been called\\.\\)", "");
        m = m.replace("error -1094995529", "error: invalid data").replaceAll("Could not open input \"[^\"]*\"\\.", "cannot open input");
        return m.replaceAll("\\s+", " ").trim();
    }
}
