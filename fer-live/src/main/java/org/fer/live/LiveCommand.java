package org.fer.live;

import org.fer.core.FerException;
import org.fer.io.Json;
import org.fer.model.DefaultModel;
import org.fer.model.EmotionClassifier;
import org.fer.model.ModelLoader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code fer live}: emotions of every face in a camera stream, a video file or a folder of images. */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = {"Real-time emotion recognition: detect faces, track them, predict and smooth their emotions, count blinks.",
                "Shows a window unless --headless; writes JSON lines, CSV and an annotated video on request."})
public final class LiveCommand implements Callable<Integer> {

    static final class Input {
        @Option(names = "--camera", paramLabel = "INDEX", description = "Camera index (default when no input is given: 0).")
        Integer camera;
        @Option(names = "--video", paramLabel = "FILE", description = "Video file (anything FFmpeg reads).")
        Path video;
        @Option(names = "--images", paramLabel = "DIR", description = "Folder of images, processed in name order.")
        Path images;
    }

    @ArgGroup(exclusive = true)
    Input input = new Input();

    @Option(names = "--model", paramLabel = "FILE", description = "Emotion model (default: the shipped one, results/default-model.txt).")
    Path model;
    @Option(names = "--tta", paramLabel = "MODE", description = "Test-time augmentation: none, flip (mean over the face and its mirror; "
            + "twice the network work per face), flip-shift (those two also shifted 2 px four ways: ten times the work) or flip-affine (those ten, and the face and its mirror rotated +-8 degrees and scaled by 1.08 and 0.92: 18 times). Default: what results/default-model.txt records for the shipped model, none for a --model file.")
    String tta;
    @Option(names = "--headless", description = "No window (servers, CI); combine with --json/--csv/--output.")
    boolean headless;
    @Option(names = "--json", paramLabel = "FILE", description = "JSON lines: one object per processed frame, then a summary line.")
    Path json;
    @Option(names = "--csv", paramLabel = "FILE", description = "CSV: one row per face per processed frame.")
    Path csv;
    @Option(names = "--output", paramLabel = "FILE", description = "Annotated video (.mp4, .mkv, .avi).")
    Path output;
    @Option(names = "--every", defaultValue = "1", paramLabel = "N", description = "Process every N-th frame (default ${DEFAULT-VALUE}); others reuse the last result.")
    int every;
    @Option(names = "--max-frames", defaultValue = "0", paramLabel = "N", description = "Stop after N frames (default: until the input ends).")
    long maxFrames;
    @Option(names = "--camera-size", defaultValue = "640x480", paramLabel = "WxH", description = "Requested camera resolution (default ${DEFAULT-VALUE}).")
    String cameraSize;

    @Option(names = "--sequential", description = "Run every stage on one thread. Default on 2+ cores: the network runs on a second thread "
            + "with one ND4J thread per call (measured idle, 640x480, one face: ~100 FPS vs ~53 FPS sequential; results/live-bench/speed-idle).")
    boolean sequential;

    @Mixin
    PipelineOptions pipeline = new PipelineOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (every < 1) throw new FerException("--every must be at least 1, got " + every);
        if (maxFrames < 0) throw new FerException("--max-frames must be >= 0, got " + maxFrames);
        boolean window = !headless;
        String display = System.getenv("DISPLAY");
        if (window && display != null && !display.isBlank() && Boolean.getBoolean("java.awt.headless"))
            System.setProperty("java.awt.headless", "false"); // the ./fer launcher starts every command headless; AWT reads this lazily
        if (window && GraphicsEnvironment.isHeadless())
            throw new FerException("no display (DISPLAY is unset or the JVM is headless): add --headless and use --json, --csv or --output for the results");
        if (headless && json == null && csv == null && output == null)
            System.err.println("fer live: note: --headless without --json, --csv or --output: only the summary will be printed");

        if (input.images != null && !spec.commandLine().getParseResult().hasMatchedOption("--smooth")) {
            pipeline.smooth = 1.0; // a folder of photos is not a video: one image's face must not colour the next one's
            System.err.println("fer live: note: --images: temporal smoothing off (pass --smooth to smooth a folder of video frames)");
        }
        applyLiveDefaults();
        Path modelFile = model != null ? model : DefaultModel.resolve();
        LandmarkModels.Result lm = LandmarkModels.open(pipeline.landmarksModel, !pipeline.noLandmarks);
        if (lm.landmarker() == null) System.err.println("fer live: note: " + lm.why());
        EmotionClassifier classifier = org.fer.model.TestTimeAugmented.apply(ModelLoader.loadAny(modelFile), org.fer.model.DefaultModel.tta(tta, model));
        pipeline.applyModelThreads();
        try (FrameSource source = openSource();
             LivePipeline p = pipeline.build(classifier, lm.landmarker())) {
            LiveRunner runner = new LiveRunner(p, new LiveRunner.Options(every, maxFrames, window, lm.landmarker() == null ? "blinks off" : null))
                    .pipelined(pipeline.pipelined);
            if (json != null) runner.sink(new JsonLinesSink(json));
            if (csv != null) runner.sink(new CsvSink(csv));
            if (output != null) runner.video(new VideoSink(output, source.frameRate()));
            Map<String, Object> summary = runner.run(source);
            print(summary);
            if (((Number) summary.get("frames")).longValue() == 0)
                throw new FerException(source.describe() + ": no frame could be read");
        }
        return 0;
    }

    /**
     * fer live's own defaults, unless the user chose: pipelined with one ND4J thread per network call on 2+ cores (the
     * fastest measured mode). They live here, not in {@link PipelineOptions}, so live-bench's variants keep their meaning.
     */
    private void applyLiveDefaults() {
        var parsed = spec.commandLine().getParseResult();
        if (sequential && parsed.hasMatchedOption("--pipelined")) throw new FerException("--sequential and --pipelined exclude each other");
        if (sequential) pipeline.pipelined = false;
        else if (!parsed.hasMatchedOption("--pipelined")) pipeline.pipelined = Runtime.getRuntime().availableProcessors() >= 2;
        if (pipeline.pipelined && !parsed.hasMatchedOption("--model-threads")) pipeline.modelThreads = 1;
    }

    private FrameSource openSource() {
        if (input.video != null) return GrabberSource.video(input.video);
        if (input.images != null) return new ImageDirSource(input.images);
        String[] wh = cameraSize.toLowerCase(Locale.ROOT).split("x");
        if (wh.length != 2) throw new FerException("--camera-size must be WIDTHxHEIGHT, got " + cameraSize);
        try {
            return GrabberSource.camera(input.camera == null ? 0 : input.camera, Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
        } catch (NumberFormatException e) {
            throw new FerException("--camera-size must be WIDTHxHEIGHT, got " + cameraSize);
        }
    }

    private static void print(Map<String, Object> s) {
        System.out.printf(Locale.ROOT, "%s: %d frames (%d processed), %d faces, %.1f FPS%n", s.get("source"), s.get("frames"),
                s.get("frames_processed"), s.get("faces"), ((Number) s.get("fps")).doubleValue());
        System.out.println("mean ms per stage: " + Json.toLine(s.get("stage_mean_ms")));
        if (s.containsKey("ended_early")) System.err.println("fer live: warning: input ended early: " + s.get("ended_early"));
        System.out.println("tracks: " + Json.toLine(s.get("tracks")));
    }
}
