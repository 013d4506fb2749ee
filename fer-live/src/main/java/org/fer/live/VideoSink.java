package org.fer.live;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.fer.core.FerException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Writes annotated frames to a video file with FFmpeg (H.264 when the FFmpeg build has an encoder for it, else
 * MPEG-4 Part 2, which every build has). The size is fixed by the first frame; later frames of another size
 * (a folder of odd-sized images) are scaled to it. Written to a temporary sibling, moved into place on close.
 */
public final class VideoSink implements AutoCloseable {
    private final Path target;
    private final Path tmp;
    private final double fps;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private FFmpegFrameRecorder recorder;
    private int width, height;
    private final Mat scaled = new Mat();

    public VideoSink(Path target, double fps) {
        this.target = target.toAbsolutePath();
        this.fps = fps > 0 ? fps : 25;
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "mp4" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        this.tmp = this.target.resolveSibling("." + name + ".part." + ext);
    }

    public void write(Mat bgr) {
        try {
            if (recorder == null) start(bgr.cols(), bgr.rows());
            Mat m = bgr;
            if (bgr.cols() != width || bgr.rows() != height) {
                resize(bgr, scaled, new Size(width, height), 0, 0, INTER_AREA);
                m = scaled;
            }
            recorder.record(converter.convert(m));
        } catch (FrameRecorder.Exception e) {
            throw new FerException("cannot write video " + target + ": " + GrabberSource.oneLine(e));
        }
    }

    private void start(int w, int h) throws FrameRecorder.Exception {
        // most encoders want even sizes
        width = w - (w & 1);
        height = h - (h & 1);
        if (width < 2 || height < 2) throw new FerException("frames of " + w + "x" + h + " are too small to record");
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new FerException("cannot create " + target.getParent() + ": " + e.getMessage());
        }
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(tmp.toFile(), width, height, 0);
        String ext = tmp.getFileName().toString().substring(tmp.getFileName().toString().lastIndexOf('.') + 1);
        r.setFormat(ext.equals("mkv") ? "matroska" : ext);
        boolean h264 = avcodec.avcodec_find_encoder(avcodec.AV_CODEC_ID_H264) != null;
        r.setVideoCodec(h264 ? avcodec.AV_CODEC_ID_H264 : avcodec.AV_CODEC_ID_MPEG4);
        r.setVideoQuality(h264 ? 23 : 4); // crf for H.264, qscale for MPEG-4
        r.setFrameRate(fps);
        r.setGopSize((int) Math.round(fps * 2));
        r.start();
        recorder = r;
    }

    @Override
    public void close() {
        if (recorder == null) return;
        try {
            recorder.stop();
            recorder.release();
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new FerException("cannot finish video " + target + ": " + e.getMessage());
        } finally {
            scaled.close();
        }
    }

    public void abort() {
        try {
            if (recorder != null) recorder.release();
            Files.deleteIfExists(tmp);
        } catch (Exception ignored) {
            // best effort
        }
    }
}
