package org.fer.live;

import org.fer.core.Emotion;
import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.io.Hashing;
import org.fer.io.Json;
import org.fer.io.Provenance;
import org.fer.model.DefaultModel;
import org.fer.model.TestTimeAugmented;
import org.fer.model.EmotionClassifier;
import org.fer.model.ModelLoader;
import org.fer.synth.SyntheticFaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code fer live-bench}: (1) end-to-end speed at 640x480 with one moving face, per stage; (2) accuracy through the
 * whole pipeline on a video of dataset faces (upscaled, pasted on a synthetic background, moving), scored
 * against their known labels, next to the same model on the original 48x48 crops. The videos live in a
 * temporary folder and are deleted: they are made of FER2013 pixels and must never be committed.
 */
@Command(name = "live-bench", mixinStandardHelpOptions = true,
        description = "Benchmarks fer live: FPS and per-stage latency at 640x480, and emotion accuracy / faces found on a video of dataset faces.")
public final class LiveBenchCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "FILE", description = "Emotion model (default: the shipped one).")
    Path model;
    @Option(names = "--tta", paramLabel = "MODE", description = "Test-time augmentation as fer live: none, flip, flip-shift or flip-affine (default: what results/default-model.txt records for the shipped model, none for a --model file).")
    String tta;
    @Option(names = "--data", paramLabel = "DIR", description = "Processed dataset for the accuracy part (default data/processed); absent: speed only.")
    Path data;
    @Option(names = "--split", defaultValue = "public_test", description = "Split whose faces make the accuracy video (default ${DEFAULT-VALUE}; tune on val).")
    String split;
    @Option(names = "--faces", defaultValue = "1000", description = "Faces in the accuracy video, sampled with --seed; 0 = the whole split (default ${DEFAULT-VALUE}).")
    int faces;
    @Option(names = "--frames-per-face", defaultValue = "8", description = "Frames each face stays on screen (default ${DEFAULT-VALUE}).")
    int framesPerFace;
    @Option(names = "--speed-frames", defaultValue = "600", description = "Frames of the speed video (default ${DEFAULT-VALUE}); 0 skips the speed part.")
    int speedFrames;
    @Option(names = "--speed-face", defaultValue = "data", description = "Face of the speed video: 'data' (first face of --split, when --data exists) or 'synthetic'.")
    String speedFace;
    @Option(names = "--variants", split = ",", paramLabel = "V[,V...]", description = "Speed part: compare configurations side by side on the same video, interleaved over --rounds rounds. "
            + "A variant is tokens joined by '+': seq or pipe (model on a second thread), t<N> (ND4J threads per network call; t0 = ND4J's default), c<N> (--classify-every), fs<N> (--full-scan-every), cascade or blazeface; "
            + "unnamed settings come from the other options. Example: seq,pipe,seq+t1,pipe+t1.")
    List<String> variants;
    @Option(names = "--rounds", defaultValue = "2", description = "With --variants: measured runs of each variant, interleaved (default ${DEFAULT-VALUE}).")
    int rounds;
    @Option(names = "--seed", defaultValue = "42")
    long seed;
    @Option(names = "--out", defaultValue = "results/live-bench", description = "Output folder for bench.json (default ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--name", defaultValue = "bench", description = "Result file name without .json (default ${DEFAULT-VALUE}).")
    String name;
    @Option(names = "--work", paramLabel = "DIR", description = "Where the temporary videos are made (default: the system temp folder); they are deleted at the end.")
    Path work;
    @Option(names = "--no-accuracy", description = "Speed part only.")
    boolean noAccuracy;
    @Option(names = "--detector-only", description = "No emotion model: measure face finding and detector speed only (a constant stand-in model is used).")
    boolean detectorOnly;
    @Mixin
    PipelineOptions pipeline = new PipelineOptions();

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        Path modelFile = detectorOnly ? null : model != null ? model : DefaultModel.resolve();
        String modelSha = modelFile == null ? null : Hashing.sha256(modelFile); // before loading: a training run may replace the file later
        Path dataDir = data != null ? data : DefaultModel.repositoryRoot().resolve("data/processed");
        boolean haveData = Files.exists(dataDir.resolve(ProcessedDataset.MANIFEST));
        if (data != null && !haveData) throw new FerException("no processed dataset at " + data + " (run fer preprocess first)");
        LandmarkModels.Result lm = LandmarkModels.open(pipeline.landmarksModel, !pipeline.noLandmarks);
        if (lm.landmarker() == null) System.err.println("fer live-bench: note: " + lm.why());

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("experiment", "live-bench");
        if (work != null) Files.createDirectories(work);
        Path tmp = work != null ? Files.createTempDirectory(work, "fer-live-bench") : Files.createTempDirectory("fer-live-bench");
        try (EmotionClassifier plain = modelFile == null ? new Uniform() : ModelLoader.loadAny(modelFile)) {
            plainClassifier = plain;
            EmotionClassifier classifier = modelFile == null ? plain : TestTimeAugmented.apply(plain, DefaultModel.tta(tta, model));
            result.put("model", classifier.describe());
            pipeline.applyModelThreads();
            Split s = haveData ? ProcessedDataset.open(dataDir).split(split) : null;
            if (speedFrames > 0) result.put("speed", speed(classifier, lm.landmarker(), s, tmp));
            if (noAccuracy) result.put("accuracy", "skipped (--no-accuracy)");
            else if (s != null) result.put("accuracy", accuracy(classifier, lm.landmarker(), s, tmp));
            else result.put("accuracy", "skipped: no processed dataset at " + dataDir);
            result.put("landmarks", lm.landmarker() == null ? lm.why() : "on");

            Map<String, Object> prov = Provenance.base("fer live-bench " + String.join(" ", commandLine()));
            Map<String, Object> inputs = new LinkedHashMap<>();
            if (modelFile != null) inputs.put("model", Map.of("path", modelFile.toString(), "sha256", modelSha));
            else inputs.put("model", "none (--detector-only)");
            if (haveData) inputs.put("data_manifest_sha256", ProcessedDataset.open(dataDir).manifestSha256());
            prov.put("inputs", inputs);
            prov.put("seed", seed);
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("split", split);
            params.put("faces", faces);
            params.put("frames_per_face", framesPerFace);
            params.put("speed_frames", speedFrames);
            params.put("speed_face", speedFace);
            params.put("detector", pipeline.detectorParameters());
            params.put("framing", pipeline.framing());
            params.put("tracking", pipeline.tracking());
            params.put("full_scan_every", pipeline.fullScanEvery);
            params.put("classify_every", pipeline.classifyEvery);
            params.put("align", pipeline.align);
            params.put("pipelined", pipeline.pipelined);
            params.put("model_threads", pipeline.modelThreads);
            if (variants != null) params.put("variants", variants);
            Map<String, Object> env = new LinkedHashMap<>();
            for (String k : List.of("OMP_WAIT_POLICY", "OMP_NUM_THREADS")) env.put(k, System.getenv(k));
            params.put("environment", env); // OpenMP busy-waiting makes DL4J inference 50x slower on a busy machine
            prov.put("parameters", params);
            prov.put("wall_time_s", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
            result.put("provenance", prov);
        } finally {
            deleteTree(tmp);
        }
        Path file = out.resolve(name + ".json");
        Json.write(file, result);
        System.out.println("wrote " + file);
        return 0;
    }

    private Map<String, Object> speed(EmotionClassifier classifier, Landmarker landmarker, Split s, Path tmp) {
        byte[] face;
        Emotion label;
        if (s != null && speedFace.equals("data")) {
            face = s.face(0).bytes();
            label = Emotion.of(s.y()[0]);
        } else {
            face = new SyntheticFaces(seed).face(0, Emotion.HAPPY);
            label = Emotion.HAPPY;
        }
        SceneVideo v = new SceneVideo(640, 480, seed, List.of(face), List.of(label));
        for (int i = 0; i < speedFrames; i++) {
            double t = i / 30.0; // a slow figure-eight, 180 px face
            v.frame(List.of(v.place(0, (int) (230 + 150 * Math.sin(t)), (int) (150 + 80 * Math.sin(2 * t)), 180)));
        }
        Path video = tmp.resolve("speed.mp4");
        v.write(video, 30);
        String load = loadAverage();
        if (variants == null || variants.isEmpty()) {
            // one configuration, from the options: warm-up run (JIT, native libraries, model first-call cost), then the measured run
            runOnce(classifier, landmarker, video, Math.min(60, speedFrames), null);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("resolution", "640x480");
            m.put("load_average_at_start", load);
            m.putAll(measure(classifier, landmarker, video));
            m.put("note", SPEED_NOTE);
            System.out.printf(Locale.ROOT, "speed: %s FPS end to end (load %s), %s FPS pipeline only, %s FPS from CPU time, %s FPS 2-core estimate; ms per stage %s%n",
                    m.get("fps_end_to_end"), load, m.get("fps_pipeline_only"), m.get("fps_from_cpu_time"), m.get("fps_2core_estimate_from_thread_cpu"), Json.toLine(m.get("stage_mean_ms")));
            return m;
        }
        // several configurations: each warmed up once, then measured in interleaved rounds so that a change of load
        // on a shared machine hits all of them alike; compare them by their ratios
        Saved saved = new Saved(pipeline);
        int defaultThreads = variants.stream().anyMatch(x -> x.matches(".*\\bt\\d+.*")) ? ModelThreads.get() : 0;
        Map<String, List<Map<String, Object>>> runs = new LinkedHashMap<>();
        EmotionClassifier base = classifier;
        for (String name : variants) {
            classifier = apply(name, saved, defaultThreads, base);
            runOnce(classifier, landmarker, video, Math.min(60, speedFrames), null);
            runs.put(name, new ArrayList<>());
        }
        for (int r = 0; r < rounds; r++)
            for (String name : variants) {
                classifier = apply(name, saved, defaultThreads, base);
                Map<String, Object> one = measure(classifier, landmarker, video);
                runs.get(name).add(one);
                System.out.printf(Locale.ROOT, "round %d %-22s %6s FPS wall, %6s FPS from CPU (1 core), %6s FPS 2-core estimate, latency %s ms; ms %s%n", r + 1, name,
                        one.get("fps_end_to_end"), one.get("fps_from_cpu_time"), one.get("fps_2core_estimate_from_thread_cpu"),
                        ((Map<?, ?>) one.get("stage_mean_ms")).get("latency"), Json.toLine(one.get("stage_mean_ms")));
            }
        saved.restore(pipeline);
        if (defaultThreads > 0) ModelThreads.set(defaultThreads);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resolution", "640x480");
        m.put("load_average_at_start", load);
        m.put("load_average_at_end", loadAverage());
        m.put("frames_per_run", speedFrames);
        m.put("rounds", rounds);
        Map<String, Object> byName = new LinkedHashMap<>();
        for (var e : runs.entrySet()) byName.put(e.getKey(), combine(e.getValue()));
        m.put("variants", byName);
        m.put("variant_tokens", "seq = all stages on one thread; pipe = model stage on a second thread (LiveRunner.pipelined); t<N> = ND4J threads per network call (t0: ND4J default = cores); "
                + "c<N> = --classify-every N; fs<N> = --full-scan-every N; cascade / blazeface = detector; flip / plain = test-time flip averaging on / off");
        m.put("note", SPEED_NOTE);
        return m;
    }

    private static final String SPEED_NOTE = "end to end = decode + gray + detect + landmarks + crop + model + track (no display, no output file); pipeline only = the work of detect .. track per frame; "
            + "latency = from reading a frame to its result written (waits between the stages included); "
            + "fps_from_cpu_time = 1000 / (CPU ms the whole process used per frame, all threads incl. GC/JIT and ND4J's OpenMP threads): what ONE otherwise idle core would sustain; "
            + "fps_2core_estimate_from_thread_cpu = 1000 / max(main thread CPU, model thread CPU, process CPU / 2) per frame: what two otherwise idle cores would sustain if the two stages overlap perfectly "
            + "(an estimate, not a measurement; wall-clock FPS on an idle machine is the measurement). Wall-clock figures taken under load from other jobs measure the neighbours too";

    /** One measured run of the current configuration: FPS (wall, CPU), per-stage means, CPU per thread. */
    private Map<String, Object> measure(EmotionClassifier classifier, Landmarker landmarker, Path video) {
        long[] found = new long[1];
        long cpu0 = processCpuNanos();
        Map<String, Object> summary = runOnce(classifier, landmarker, video, 0, r -> found[0] += r.faces().isEmpty() ? 0 : 1);
        long frames = Math.max(1, ((Number) summary.get("frames")).longValue());
        double cpuMsPerFrame = (processCpuNanos() - cpu0) / 1e6 / frames;
        @SuppressWarnings("unchecked") Map<String, Object> stages = (Map<String, Object>) summary.get("stage_mean_ms");
        @SuppressWarnings("unchecked") Map<String, Object> threadCpu = (Map<String, Object>) summary.get("thread_cpu_ms_per_frame");
        double pipelineMs = ((Number) stages.get("pipeline")).doubleValue();
        double mainCpu = ((Number) threadCpu.get("main_thread")).doubleValue();
        double modelCpu = threadCpu.containsKey("model_thread") ? ((Number) threadCpu.get("model_thread")).doubleValue() : 0;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frames", summary.get("frames"));
        m.put("frames_with_face_found", found[0]);
        m.put("wall_s", summary.get("wall_s"));
        m.put("fps_end_to_end", summary.get("fps"));
        m.put("fps_pipeline_only", Math.round(1000 / pipelineMs * 10) / 10.0);
        m.put("stage_mean_ms", stages);
        // on a shared machine wall time measures the neighbours too; CPU time per frame does not
        m.put("process_cpu_ms_per_frame", Math.round(cpuMsPerFrame * 1000) / 1000.0);
        m.put("thread_cpu_ms_per_frame", threadCpu);
        m.put("fps_from_cpu_time", Math.round(1000 / cpuMsPerFrame * 10) / 10.0);
        m.put("fps_2core_estimate_from_thread_cpu", Math.round(1000 / Math.max(Math.max(mainCpu, modelCpu), cpuMsPerFrame / 2) * 10) / 10.0);
        m.put("pipelined", summary.get("pipelined"));
        m.put("tta", TestTimeAugmented.modeOf(classifier).label());
        if (pipeline.modelThreads > 0) m.put("model_threads", pipeline.modelThreads);
        m.put("pipeline", summary.get("pipeline"));
        return m;
    }

    /** Rounds of one variant → totals (FPS from summed frames and times) and stage means averaged over the rounds. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> combine(List<Map<String, Object>> rs) {
        double frames = 0, wall = 0, cpu = 0, main = 0, model = 0;
        Map<String, double[]> stages = new LinkedHashMap<>();
        for (Map<String, Object> r : rs) {
            double f = ((Number) r.get("frames")).doubleValue();
            frames += f;
            wall += ((Number) r.get("wall_s")).doubleValue();
            cpu += ((Number) r.get("process_cpu_ms_per_frame")).doubleValue() * f;
            Map<String, Object> tc = (Map<String, Object>) r.get("thread_cpu_ms_per_frame");
            main += ((Number) tc.get("main_thread")).doubleValue() * f;
            if (tc.containsKey("model_thread")) model += ((Number) tc.get("model_thread")).doubleValue() * f;
            for (var e : ((Map<String, Object>) r.get("stage_mean_ms")).entrySet())
                stages.computeIfAbsent(e.getKey(), k -> new double[1])[0] += ((Number) e.getValue()).doubleValue() / rs.size();
        }
        double cpuPf = cpu / frames, mainPf = main / frames, modelPf = model / frames;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frames", (long) frames);
        m.put("fps_end_to_end", Math.round(frames / wall * 10) / 10.0);
        m.put("fps_from_cpu_time", Math.round(1000 / cpuPf * 10) / 10.0);
        m.put("fps_2core_estimate_from_thread_cpu", Math.round(1000 / Math.max(Math.max(mainPf, modelPf), cpuPf / 2) * 10) / 10.0);
        m.put("process_cpu_ms_per_frame", Math.round(cpuPf * 1000) / 1000.0);
        Map<String, Object> tc = new LinkedHashMap<>();
        tc.put("main_thread", Math.round(mainPf * 1000) / 1000.0);
        if (model > 0) tc.put("model_thread", Math.round(modelPf * 1000) / 1000.0);
        m.put("thread_cpu_ms_per_frame", tc);
        Map<String, Object> st = new LinkedHashMap<>();
        for (var e : stages.entrySet()) st.put(e.getKey(), Math.round(e.getValue()[0] * 1000) / 1000.0);
        m.put("stage_mean_ms", st);
        m.put("runs", rs);
        return m;
    }

    /** The settings a variant may change, as the command line gave them. */
    private record Saved(String detector, int classifyEvery, int fullScanEvery, boolean pipelined, int modelThreads) {
        Saved(PipelineOptions o) { this(o.detector, o.classifyEvery, o.fullScanEvery, o.pipelined, o.modelThreads); }

        void restore(PipelineOptions o) {
            o.detector = detector;
            o.classifyEvery = classifyEvery;
            o.fullScanEvery = fullScanEvery;
            o.pipelined = pipelined;
            o.modelThreads = modelThreads;
        }
    }

    /** The unwrapped model, for the flip / plain variant tokens. */
    private EmotionClassifier plainClassifier;

    /** Sets the pipeline options of {@code variant}; returns the classifier it runs ({@code current} unless it says flip or plain). */
    private EmotionClassifier apply(String variant, Saved base, int defaultThreads, EmotionClassifier current) {
        base.restore(pipeline);
        EmotionClassifier clf = current;
        for (String tok : variant.trim().split("\\+")) {
            if (tok.equals("flip")) clf = new TestTimeAugmented(plainClassifier);
            else if (tok.equals("plain")) clf = plainClassifier;
            else if (tok.equals("seq")) pipeline.pipelined = false;
            else if (tok.equals("pipe")) pipeline.pipelined = true;
            else if (tok.equals("cascade") || tok.equals("blazeface")) pipeline.detector = tok;
            else if (tok.matches("t\\d+")) pipeline.modelThreads = Integer.parseInt(tok.substring(1));
            else if (tok.matches("c\\d+")) pipeline.classifyEvery = Integer.parseInt(tok.substring(1));
            else if (tok.matches("fs\\d+")) pipeline.fullScanEvery = Integer.parseInt(tok.substring(1));
            else throw new FerException("--variants: unknown token '" + tok + "' in '" + variant + "' (use seq, pipe, t<N>, c<N>, fs<N>, cascade, blazeface, flip, plain)");
        }
        if (pipeline.classifyEvery < 1 || pipeline.fullScanEvery < 1) throw new FerException("--variants: '" + variant + "': intervals must be >= 1");
        if (defaultThreads > 0) ModelThreads.set(pipeline.modelThreads > 0 ? pipeline.modelThreads : defaultThreads);
        return clf;
    }

    private Map<String, Object> runOnce(EmotionClassifier classifier, Landmarker landmarker, Path video, long maxFrames,
                                        java.util.function.Consumer<FrameResult> listener) {
        EmotionClassifier shared = new Unclosed(classifier);
        try (FrameSource src = GrabberSource.video(video); LivePipeline p = pipeline.build(shared, landmarker == null ? null : new UnclosedLandmarker(landmarker))) {
            LiveRunner r = new LiveRunner(p, new LiveRunner.Options(1, maxFrames, false, null)).pipelined(pipeline.pipelined);
            if (listener != null) r.listener(listener);
            return r.run(src);
        }
    }

    private Map<String, Object> accuracy(EmotionClassifier classifier, Landmarker landmarker, Split s, Path tmp) {
        int n = faces <= 0 || faces >= s.size() ? s.size() : faces;
        int[] idx = sample(s.size(), n, seed);
        List<byte[]> px = new ArrayList<>(n);
        List<Emotion> labels = new ArrayList<>(n);
        for (int i : idx) {
            px.add(s.face(i).bytes());
            labels.add(Emotion.of(s.y()[i]));
        }
        // reference: the same model on the original crops
        int[] direct = classifier.predict(Arrays.stream(idx).mapToObj(s::face).toList());
        int directOk = 0;
        for (int k = 0; k < n; k++) if (direct[k] == labels.get(k).id()) directOk++;

        SceneVideo v = new SceneVideo(640, 480, seed + 1, px, labels).movingFaces(2, framesPerFace, 96, 200, seed + 2);
        Path video = tmp.resolve("accuracy.mp4");
        System.err.printf(Locale.ROOT, "fer live-bench: encoding %d frames of %d %s faces%n", v.frames().size(), n, split);
        v.write(video, 30);

        long[] c = new long[8]; // face-frames, found, correct smoothed, correct raw, false alarms, frames, smoothed flips, raw flips
        int[] lastRaw = new int[n];
        Arrays.fill(lastRaw, -1);
        int[] lastLabel = new int[n];
        Arrays.fill(lastLabel, -1);
        boolean[] everFound = new boolean[n];
        double[] fit = new double[3]; // sums over found face-frames: side ratio, centre dx, centre dy (in true sides)
        Map<String, Object> summary = runOnce(classifier, landmarker, video, 0, r -> {
            List<SceneVideo.Placement> truth = v.frames().get((int) r.frame());
            boolean[] used = new boolean[r.faces().size()];
            for (SceneVideo.Placement p : truth) {
                c[0]++;
                int best = -1;
                double bestIou = 0.3;
                for (int i = 0; i < used.length; i++) {
                    double iou = r.faces().get(i).box().iou(p.box());
                    if (!used[i] && iou >= bestIou) { best = i; bestIou = iou; }
                }
                if (best < 0) continue;
                used[best] = true;
                FaceResult f = r.faces().get(best);
                c[1]++;
                Box tb = p.box(), db = f.box();
                fit[0] += (double) db.width() / tb.width();
                fit[1] += (db.centerX() - tb.centerX()) / tb.width();
                fit[2] += (db.centerY() - tb.centerY()) / tb.height();
                if (f.emotion() == p.label()) c[2]++;
                int raw = Tracker.argmax(f.probs());
                if (raw == p.label().id()) c[3]++;
                // flicker: label changes while the same face (one fixed expression) stays on screen
                if (lastLabel[p.face()] >= 0 && lastLabel[p.face()] != f.emotion().id()) c[6]++;
                if (lastRaw[p.face()] >= 0 && lastRaw[p.face()] != raw) c[7]++;
                lastRaw[p.face()] = raw;
                lastLabel[p.face()] = f.emotion().id();
                everFound[p.face()] = true;
            }
            for (boolean u : used) if (!u) c[4]++;
            c[5]++;
        });
        int faceFound = 0, faceOk = 0;
        for (int k = 0; k < n; k++) {
            if (everFound[k]) faceFound++;
            if (lastLabel[k] == labels.get(k).id()) faceOk++;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("split", split);
        m.put("faces", n);
        m.put("frames", c[5]);
        m.put("face_frames", c[0]);
        m.put("share_face_frames_found", ratio(c[1], c[0]));
        m.put("share_faces_found_at_least_once", ratio(faceFound, n));
        m.put("false_alarms_per_frame", ratio(c[4], c[5]));
        m.put("accuracy_per_face_frame_found", ratio(c[2], c[1]));
        m.put("accuracy_per_face_frame_found_raw", ratio(c[3], c[1]));
        m.put("accuracy_per_face_frame_all", ratio(c[2], c[0]));
        m.put("accuracy_per_face_last_label_found", ratio(faceOk, faceFound));
        m.put("accuracy_per_face_last_label_all", ratio(faceOk, n));
        m.put("accuracy_model_on_48x48_crops", ratio(directOk, n));
        m.put("label_changes_per_100_face_frames_smoothed", ratio(100 * c[6], c[1]));
        m.put("label_changes_per_100_face_frames_raw", ratio(100 * c[7], c[1]));
        Map<String, Object> boxFit = new LinkedHashMap<>();
        boxFit.put("mean_side_ratio", c[1] == 0 ? 0 : Math.round(fit[0] / c[1] * 1000) / 1000.0);
        boxFit.put("mean_centre_dx", c[1] == 0 ? 0 : Math.round(fit[1] / c[1] * 1000) / 1000.0);
        boxFit.put("mean_centre_dy", c[1] == 0 ? 0 : Math.round(fit[2] / c[1] * 1000) / 1000.0);
        boxFit.put("note", "detected box vs the pasted face square (FER framing), over found face-frames; offsets in true box sides, + = right/down");
        m.put("box_fit", boxFit);
        m.put("fps_end_to_end", summary.get("fps"));
        m.put("stage_mean_ms", summary.get("stage_mean_ms"));
        m.put("video", "640x480, 2 faces at a time, each " + framesPerFace + " frames, side 96-200 px, drifting; background synthetic; deleted after the run");
        m.put("definitions", Map.of(
                "found", "a detection with IoU >= 0.3 against the pasted face square",
                "accuracy_per_face_frame_found", "smoothed (EMA) label == true label, over face-frames found",
                "accuracy_per_face_frame_all", "same, missed face-frames counted wrong",
                "accuracy_per_face_last_label", "the track's smoothed label at the face's last found frame (what a viewer reads)",
                "accuracy_model_on_48x48_crops", "the same model on the original 48x48 images: the ceiling for the pipeline",
                "label_changes", "changes of the shown label while one face (a still image, one expression) stays on screen: flicker, smoothed (EMA) vs raw per-frame argmax"));
        System.out.printf(Locale.ROOT, "accuracy (%s, %d faces): found %.3f of face-frames; accuracy %.3f per found face-frame (raw %.3f), %.3f per face (last label), %.3f on the original crops; label changes per 100 face-frames %.2f smoothed, %.2f raw%n",
                split, n, ratio(c[1], c[0]), ratio(c[2], c[1]), ratio(c[3], c[1]), ratio(faceOk, faceFound), ratio(directOk, n), ratio(100 * c[6], c[1]), ratio(100 * c[7], c[1]));
        return m;
    }

    static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** Other jobs on a shared machine slow every stage: the 1-minute load is recorded next to the timings. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static int[] sample(int size, int n, long seed) {
        int[] all = new int[size];
        for (int i = 0; i < size; i++) all[i] = i;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = size - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, n);
        Arrays.sort(out);
        return out;
    }

    private static double ratio(long a, long b) { return b == 0 ? 0 : Math.round(a * 10000.0 / b) / 10000.0; }

    private List<String> commandLine() {
        List<String> a = new ArrayList<>();
        if (model != null) a.add("--model " + model);
        if (tta != null) a.add("--tta " + tta);
        if (detectorOnly) a.add("--detector-only");
        if (noAccuracy) a.add("--no-accuracy");
        if (pipeline.noLandmarks) a.add("--no-landmarks");
        if (pipeline.fullScanEvery != 5) a.add("--full-scan-every " + pipeline.fullScanEvery);
        if (pipeline.classifyEvery != 1) a.add("--classify-every " + pipeline.classifyEvery);
        if (pipeline.align) a.add("--align");
        if (pipeline.pipelined) a.add("--pipelined");
        if (pipeline.modelThreads != 0) a.add("--model-threads " + pipeline.modelThreads);
        if (variants != null) a.add("--variants " + String.join(",", variants) + " --rounds " + rounds);
        if (pipeline.cropScale != 1.1) a.add("--crop-scale " + pipeline.cropScale);
        a.add("--speed-frames " + speedFrames);
        if (!pipeline.detector.equals("cascade")) a.add("--detector " + pipeline.detector);
        if (pipeline.detectorModel != null) a.add("--detector-model " + pipeline.detectorModel);
        if (pipeline.detectThreshold != 0.25) a.add("--detect-threshold " + pipeline.detectThreshold);
        if (!pipeline.cascade.equals("haar-alt2")) a.add("--cascade " + pipeline.cascade);
        if (pipeline.scaleFactor != 1.1) a.add("--scale-factor " + pipeline.scaleFactor);
        if (pipeline.minNeighbors != 3) a.add("--min-neighbors " + pipeline.minNeighbors);
        if (data != null) a.add("--data " + data);
        a.add("--split " + split);
        a.add("--faces " + faces);
        a.add("--seed " + seed);
        return a;
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp folder: best effort
        }
    }

    /** The stand-in model of --detector-only: the same uniform probabilities for every face. */
    private static final class Uniform implements EmotionClassifier {
        @Override
        public float[][] predictProba(List<org.fer.core.Face48> faces) {
            float[][] p = new float[faces.size()][Emotion.COUNT];
            for (float[] row : p) Arrays.fill(row, 1f / Emotion.COUNT);
            return p;
        }

        @Override public Map<String, Object> describe() { return Map.of("kind", "none (--detector-only)"); }
    }

    /** Lets several pipeline runs share one loaded model (a pipeline closes its model). */
    private record Unclosed(EmotionClassifier inner) implements EmotionClassifier {
        @Override public float[][] predictProba(List<org.fer.core.Face48> faces) { return inner.predictProba(faces); }
        @Override public Map<String, Object> describe() { return inner.describe(); }
        @Override public void close() {}
    }

    private record UnclosedLandmarker(Landmarker inner) implements Landmarker {
        @Override public double[] predict(org.fer.image.GrayImage frame, Box box) { return inner.predict(frame, box); }
        @Override public Map<String, Object> describe() { return inner.describe(); }
        @Override public void close() {}
    }
}
