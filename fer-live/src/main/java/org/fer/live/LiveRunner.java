package org.fer.live;

import org.bytedeco.javacv.CanvasFrame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.fer.image.GrayImage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The frame loop: source → pipeline (every {@code every}-th frame) → sinks, overlay, video and window.
 * Skipped frames reuse the last results for the overlay, so the output video keeps every frame.
 */
public final class LiveRunner {

    /**
     * @param every     process one frame in {@code every} (1 = all)
     * @param maxFrames stop after this many frames read (0 = until the source ends)
     * @param window    show a window (needs a display)
     * @param note      text shown after the FPS in the overlay (e.g. why blinks are off), or null
     */
    public record Options(int every, long maxFrames, boolean window, String note) {
        public Options {
            if (every < 1) throw new IllegalArgumentException("--every must be >= 1, got " + every);
            if (maxFrames < 0) throw new IllegalArgumentException("--max-frames must be >= 0, got " + maxFrames);
        }
    }

    private final LivePipeline pipeline;
    private final Options options;
    private final List<ResultSink> sinks = new ArrayList<>();
    private VideoSink video;
    private Consumer<FrameResult> listener = r -> {};

    public LiveRunner(LivePipeline pipeline, Options options) {
        this.pipeline = pipeline;
        this.options = options;
    }

    public LiveRunner sink(ResultSink s) { sinks.add(s); return this; }

    public LiveRunner video(VideoSink v) { this.video = v; return this; }

    /** Called with every processed frame's results (the benchmark scores them). */
    public LiveRunner listener(Consumer<FrameResult> l) { this.listener = l; return this; }

    /** Runs until the source ends, {@code maxFrames}, or the window is closed; returns the summary (also given to the sinks). */
    public Map<String, Object> run(FrameSource source) {
        StageTimes io = pipeline.times();
        CanvasFrame canvas = null;
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        long read = 0, processed = 0;
        long start = System.nanoTime();
        FrameResult last = null;
        double fps = 0;
        boolean ok = false;
        try {
            while (options.maxFrames() == 0 || read < options.maxFrames()) {
                long t0 = System.nanoTime();
                Mat m = source.next();
                if (m == null || m.empty()) break;
                long t1 = System.nanoTime();
                io.add("decode", t1 - t0);
                read++;
                if ((read - 1) % options.every() == 0) {
                    GrayImage gray = Frames.gray(m);
                    io.add("gray", System.nanoTime() - t1);
                    last = pipeline.process(gray, read - 1, source.timeMs());
                    processed++;
                    long t2 = System.nanoTime();
                    for (ResultSink s : sinks) s.frame(last);
                    listener.accept(last);
                    io.add("write", System.nanoTime() - t2);
                }
                fps = read / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
                if (video != null || options.window()) {
                    long t3 = System.nanoTime();
                    Mat bgr = Frames.bgr(m);
                    Overlay.draw(bgr, last, fps, options.note());
                    if (video != null) video.write(bgr);
                    if (options.window()) {
                        if (canvas == null) {
                            canvas = new CanvasFrame("fer live - " + source.describe());
                            canvas.setDefaultCloseOperation(javax.swing.WindowConstants.DISPOSE_ON_CLOSE);
                        }
                        if (!canvas.isVisible()) break; // the user closed the window
                        canvas.showImage(converter.convert(bgr));
                    }
                    bgr.close();
                    io.add("render", System.nanoTime() - t3);
                }
            }
            double wall = (System.nanoTime() - start) / 1e9;
            Map<String, Object> summary = summary(source, read, processed, wall);
            for (ResultSink s : sinks) s.summary(summary);
            ok = true;
            return summary;
        } finally {
            if (canvas != null) canvas.dispose();
            for (ResultSink s : sinks) {
                if (ok) s.close();
                else s.abort();
            }
            if (video != null) {
                if (ok) video.close();
                else video.abort();
            }
        }
    }

    private Map<String, Object> summary(FrameSource source, long read, long processed, double wall) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source.describe());
        m.put("frames", read);
        m.put("frames_processed", processed);
        m.put("every", options.every());
        m.put("faces", pipeline.faces());
        m.put("wall_s", Math.round(wall * 1000) / 1000.0);
        m.put("fps", Math.round(read / Math.max(1e-9, wall) * 10) / 10.0);
        m.put("stage_mean_ms", pipeline.times().meansMs());
        m.put("landmarks", pipeline.landmarksOn());
        if (source.endedEarly() != null) m.put("ended_early", source.endedEarly());
        m.put("tracks", pipeline.trackSummary());
        m.put("pipeline", pipeline.describe());
        return m;
    }
}
