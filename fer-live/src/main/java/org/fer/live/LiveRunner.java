package org.fer.live;

import org.bytedeco.javacv.CanvasFrame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.fer.image.GrayImage;


import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    /**
     * Runs the model stage ({@link LivePipeline#back}) on a second thread: frame N's network call overlaps frame
     * N+1's decoding, detection and landmarks. At most {@code depth} frames are in flight; results still reach the
     * sinks, the overlay and the video in frame order, each frame drawn with its own result. Off (the default):
     * everything on the calling thread.
     */
    public LiveRunner pipelined(boolean on) { this.pipelined = on; return this; }

    /** A frame read, waiting for its result (null when the frame is skipped) before it is written and shown. */
    private record Slot(Mat frame, Future<FrameResult> result, long readNanos) {}

    /** Runs until the source ends, {@code maxFrames}, or the window is closed; returns the summary (also given to the sinks). */
    public Map<String, Object> run(FrameSource source) {
        StageTimes io = pipeline.times();
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        boolean render = video != null || options.window();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Thread[] workerThread = new Thread[1];
        ExecutorService worker = pipelined ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fer-live-model");
            t.setDaemon(true);
            workerThread[0] = t;
            return t;
        }) : null;
        ArrayDeque<Slot> inFlight = new ArrayDeque<>();
        long read = 0, processed = 0;
        long cpu0 = threads.getCurrentThreadCpuTime();
        last = null;
        emitted = 0;
        closed = false;
        start = System.nanoTime();
        boolean ok = false;
        try {
            while (!closed && (options.maxFrames() == 0 || read < options.maxFrames())) {
                long t0 = System.nanoTime();
                Mat m = source.next();
                if (m == null || m.empty()) break;
                long t1 = System.nanoTime();
                io.add("decode", t1 - t0);
                read++;
                Future<FrameResult> result = null;
                if ((read - 1) % options.every() == 0) {
                    GrayImage gray = Frames.gray(m);
                    io.add("gray", System.nanoTime() - t1);
                    LivePipeline.Pending p = pipeline.front(gray, read - 1, source.timeMs());
                    result = worker != null ? worker.submit(() -> pipeline.back(p)) : CompletableFuture.completedFuture(pipeline.back(p));
                    processed++;
                }
                // the grabber reuses its buffer: a frame still waiting to be drawn needs its own copy
                inFlight.add(new Slot(render ? (worker != null ? m.clone() : m) : null, result, t0));
                while (!inFlight.isEmpty() && (inFlight.size() > DEPTH || inFlight.peek().result() == null || inFlight.peek().result().isDone()))
                    emit(inFlight.poll(), source, converter, worker != null, read);
            }
            while (!inFlight.isEmpty()) emit(inFlight.poll(), source, converter, worker != null, read);
            double wall = (System.nanoTime() - start) / 1e9;
            Map<String, Object> cpu = new LinkedHashMap<>();
            cpu.put("main_thread", Math.round((threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / Math.max(1, read)) / 1000.0);
            if (workerThread[0] != null) cpu.put("model_thread", Math.round(threads.getThreadCpuTime(workerThread[0].getId()) / 1e3 / Math.max(1, read)) / 1000.0);
            Map<String, Object> summary = summary(source, read, processed, wall);
            summary.put("thread_cpu_ms_per_frame", cpu);
            for (ResultSink s : sinks) s.summary(summary);
            ok = true;
            return summary;
        } finally {
            if (worker != null) worker.shutdownNow();
            for (Slot s : inFlight) if (s.frame() != null && worker != null) s.frame().close();
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

    /** Frames in flight at most when pipelined: one in the model, one finished and waiting, one being detected. */
    private static final int DEPTH = 2;

    private CanvasFrame canvas;
    private boolean closed;
    private boolean pipelined;
    private FrameResult last;
    private long start;
    private long emitted;

    /** Hands one frame's result to the sinks and draws the frame, in frame order. */
    private void emit(Slot slot, FrameSource source, OpenCVFrameConverter.ToMat converter, boolean ownFrame, long read) {
        StageTimes io = pipeline.times();
        emitted++;
        if (slot.result() != null) {
            last = org.fer.core.Futures.await(slot.result(), "waiting for the model stage");
            long t2 = System.nanoTime();
            for (ResultSink s : sinks) s.frame(last);
            listener.accept(last);
            long t3 = System.nanoTime();
            io.add("write", t3 - t2);
            io.add("latency", t3 - slot.readNanos()); // frame read -> its result written, waits included
        }
        if (slot.frame() != null) {
            long t3 = System.nanoTime();
            double fps = emitted / Math.max(1e-9, (t3 - start) / 1e9);
            Mat bgr = Frames.bgr(slot.frame());
            Overlay.draw(bgr, last, fps, options.note());
            if (video != null) video.write(bgr);
            if (options.window() && !closed) {
                if (canvas == null) {
                    canvas = new CanvasFrame("fer live - " + source.describe());
                    canvas.setDefaultCloseOperation(javax.swing.WindowConstants.DISPOSE_ON_CLOSE);
                }
                if (!canvas.isVisible()) closed = true; // the user closed the window
                else canvas.showImage(converter.convert(bgr));
            }
            bgr.close();
            if (ownFrame) slot.frame().close();
            io.add("render", System.nanoTime() - t3);
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
        m.put("pipelined", pipelined);
        m.put("stage_mean_ms", pipeline.times().meansMs());
        m.put("landmarks", pipeline.landmarksOn());
        if (source.endedEarly() != null) m.put("ended_early", source.endedEarly());
        m.put("tracks", pipeline.trackSummary());
        m.put("pipeline", pipeline.describe());
        return m;
    }
}
