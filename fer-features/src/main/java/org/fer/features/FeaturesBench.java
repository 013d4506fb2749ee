package org.fer.features;

import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.features.hog.Hog;
import org.fer.features.hog.HogParams;
import org.fer.features.landmarks.ShapePredictor;
import org.fer.io.Hashing;
import org.fer.io.Json;
import org.fer.io.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Speed of the module's parts on the processed faces (all splits concatenated): landmark model load,
 * landmark prediction per face (one at a time and batched), HOG of every face, and every feature kind
 * for every face. Writes {@code bench.json} with provenance; the machine's load average is recorded with
 * it because the figures are only as good as the share of the CPU the benchmark got.
 */
final class FeaturesBench {
    private FeaturesBench() {}

    @Command(name = "features-bench", mixinStandardHelpOptions = true,
            description = "Benchmarks fer-features (model load, landmarks ms/face, HOG and all feature kinds over every face); writes <out>/bench.json.")
    static final class Cmd implements Callable<Integer> {
        @Option(names = "--data", defaultValue = "data/processed", description = "Processed directory (default ${DEFAULT-VALUE}).")
        Path data;
        @Option(names = "--out", defaultValue = "results/features-bench", description = "Output directory (default ${DEFAULT-VALUE}).")
        Path out;
        @Option(names = "--threads", description = "Threads for the whole-dataset runs (default: all cores).")
        Integer threads;
        @Option(names = "--repeats", defaultValue = "3", description = "Timed repetitions; the best is reported (default ${DEFAULT-VALUE}).")
        int repeats;
        @Option(names = "--landmark-sample", defaultValue = "2000", description = "Faces for the per-face landmark timing (default ${DEFAULT-VALUE}).")
        int sample;
        @Option(names = "--kinds", defaultValue = "hog,landmarks,landmarks-hog,sliding", description = "Feature kinds to time over all faces.")
        String kinds;
        @Option(names = "--landmarks-model", description = "dlib shape_predictor_68_face_landmarks.dat (default /usr/share/dlib/...).")
        Path model;

        @Override
        public Integer call() throws Exception {
            int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            if (repeats < 1) throw new FerException("--repeats must be >= 1");
            Path modelPath = model == null ? ShapePredictor.defaultPath() : model;
            long t0 = System.nanoTime();
            ProcessedDataset ds = ProcessedDataset.open(data);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String s : ds.splits()) {
                Split sp = ds.split(s);
                all.write(sp.x());
                counts.put(s, sp.size());
            }
            byte[] x = all.toByteArray();
            int n = x.length / Face48.PIXELS;
            Map<String, Object> res = new LinkedHashMap<>();
            res.put("experiment", "features-bench");
            res.put("faces", n);
            res.put("splits", counts);
            res.put("threads", nThreads);
            res.put("load_average_before", loadAverage());

            // model load: the first load in a fresh JVM (cold JIT) and the best of the later ones
            double[] loads = new double[repeats + 1];
            ShapePredictor sp = null;
            for (int r = 0; r <= repeats; r++) {
                long a = System.nanoTime();
                sp = ShapePredictor.load(modelPath);
                loads[r] = (System.nanoTime() - a) / 1e9;
            }
            Map<String, Object> load = new LinkedHashMap<>();
            load.put("first_s", loads[0]);
            load.put("best_of_rest_s", min(loads, 1));
            res.put("model_load", load);
            System.out.printf(Locale.ROOT, "model load: first %.3f s, best %.3f s%n", loads[0], min(loads, 1));

            // landmarks per face, one thread
            int m = Math.min(sample, n);
            double single = Double.MAX_VALUE, batched = Double.MAX_VALUE, singleCpu = Double.MAX_VALUE, batchedCpu = Double.MAX_VALUE;
            long sink = 0;
            for (int r = 0; r < repeats; r++) {
                long a = System.nanoTime(), c = threadCpuNanos();
                for (int i = 0; i < m; i++) sink += sp.predict(x, i * Face48.PIXELS, 48, 48, FeatureConfig.SEED_BOX).px(30);
                single = Math.min(single, (System.nanoTime() - a) / 1e6 / m);
                singleCpu = Math.min(singleCpu, (threadCpuNanos() - c) / 1e6 / m);
                a = System.nanoTime();
                c = threadCpuNanos();
                for (int i = 0; i < m; i += 128) sink += sp.predictTensor(x, i, Math.min(128, m - i), 48, 48, FeatureConfig.SEED_BOX)[0].px(30);
                batched = Math.min(batched, (System.nanoTime() - a) / 1e6 / m);
                batchedCpu = Math.min(batchedCpu, (threadCpuNanos() - c) / 1e6 / m);
            }
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("faces", m);
            lm.put("one_at_a_time_ms_per_face", single);
            lm.put("batched_128_ms_per_face", batched);
            lm.put("one_at_a_time_cpu_ms_per_face", singleCpu);
            lm.put("batched_128_cpu_ms_per_face", batchedCpu);
            lm.put("threads", 1);
            res.put("landmarks", lm);
            System.out.printf(Locale.ROOT, "landmarks (1 thread, %d faces): %.4f ms/face one at a time (%.4f CPU), %.4f ms/face in batches of 128 (%.4f CPU) (%d)%n",
                    m, single, singleCpu, batched, batchedCpu, sink % 10);

            ExecutorService pool = Executors.newFixedThreadPool(nThreads, r -> {
                Thread t = new Thread(r, "bench");
                t.setDaemon(true);
                return t;
            });
            try {
                // HOG alone (seed parameters), all faces
                Hog hog = new Hog(HogParams.SEED);
                FeatureExtractor hogFx = Features.create(FeatureConfig.seed(FeatureKind.HOG), () -> null);
                double hog1 = Double.MAX_VALUE, hogN = Double.MAX_VALUE, hog1Cpu = Double.MAX_VALUE;
                float[] buf = new float[72];
                for (int r = 0; r < repeats; r++) {
                    long a = System.nanoTime(), c = threadCpuNanos();
                    for (int i = 0; i < n; i++) hog.compute(x, i * Face48.PIXELS, 48, 0, 0, 48, 48, buf, 0);
                    hog1 = Math.min(hog1, (System.nanoTime() - a) / 1e9);
                    hog1Cpu = Math.min(hog1Cpu, (threadCpuNanos() - c) / 1e9);
                    a = System.nanoTime();
                    FeatureExtraction.extract(hogFx, x, n, pool, 512, null);
                    hogN = Math.min(hogN, (System.nanoTime() - a) / 1e9);
                }
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("parameters", HogParams.SEED.toMap());
                h.put("one_thread_s", hog1);
                h.put("one_thread_cpu_s", hog1Cpu);
                h.put("threads_s", hogN);
                h.put("faces_per_s_threads", n / hogN);
                h.put("scaled_to_35887_faces_threads_s", hogN * 35887 / n);
                res.put("hog_all_faces", h);
                System.out.printf(Locale.ROOT, "HOG of %d faces: %.3f s on 1 thread (%.3f s CPU), %.3f s on %d threads%n", n, hog1, hog1Cpu, hogN, nThreads);

                // every feature kind over all faces (in memory; what fer features computes)
                Map<String, Object> kindsRes = new LinkedHashMap<>();
                ShapePredictor model1 = sp;
                for (String k : kinds.split(",")) {
                    FeatureKind kind = FeatureKind.parse(k.trim());
                    FeatureExtractor fx = Features.create(FeatureConfig.seed(kind), () -> model1);
                    long a = System.nanoTime();
                    long cpu0 = processCpuNanos();
                    FeatureExtraction.extract(fx, x, n, pool, 128, null);
                    double s = (System.nanoTime() - a) / 1e9, cpu = (processCpuNanos() - cpu0) / 1e9;
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("dimension", fx.dimension());
                    e.put("wall_s", s);
                    e.put("process_cpu_s", cpu);
                    e.put("faces_per_s", n / s);
                    e.put("scaled_to_35887_faces_s", s * 35887 / n);
                    kindsRes.put(kind.id(), e);
                    System.out.printf(Locale.ROOT, "%-14s dim %4d: %.2f s wall (%.2f s CPU) for %d faces%n", kind.id(), fx.dimension(), s, cpu, n);
                }
                res.put("features_all_faces", kindsRes);
            } finally {
                pool.shutdownNow();
            }
            res.put("load_average_after", loadAverage());
            Map<String, Object> prov = Provenance.base("fer features-bench --data " + data + " --out " + out + " --threads " + nThreads + " --repeats " + repeats);
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("processed_manifest_sha256", ds.manifestSha256());
            inputs.put("landmark_model", modelPath.toString());
            inputs.put("landmark_model_sha256", Hashing.sha256(modelPath));
            prov.put("inputs", inputs);
            prov.put("seed", null);
            prov.put("parameters", Map.of("repeats", repeats, "landmark_sample", m, "threads", nThreads, "kinds", List.of(kinds.split(","))));
            prov.put("wall_time_s", (System.nanoTime() - t0) / 1e9);
            res.put("provenance", prov);
            Files.createDirectories(out);
            Json.write(out.resolve("bench.json"), res);
            System.out.println("wrote " + out.resolve("bench.json"));
            return 0;
        }
    }

    private static double min(double[] v, int from) {
        double m = Double.MAX_VALUE;
        for (int i = from; i < v.length; i++) m = Math.min(m, v[i]);
        return m;
    }

    private static long threadCpuNanos() { return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(); }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) return os.getProcessCpuTime();
        return 0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return String.valueOf(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
