package org.fer.deep;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fer.core.FerException;
import org.fer.io.Json;
import org.fer.io.Provenance;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code fer cnn-speed}: training and inference throughput of a network on random faces (no data needed). Given several
 * batch sizes, layouts or workspace modes it measures every combination round-robin in one JVM ({@code --rounds} times),
 * so a noisy shared machine slows them alike; it reports each variant's median and its ratio to the first variant.
 */
@Command(name = "cnn-speed", mixinStandardHelpOptions = true,
        description = "Measures training and inference img/s of a network (random 48x48 faces, after warm-up batches); "
                + "comma-separated --batch/--format/--workspace values are measured side by side, round-robin.")
public final class SpeedCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "xception", description = "Network (default ${DEFAULT-VALUE}).")
    String network;
    @Option(names = "--batch", defaultValue = "64", split = ",", description = "Batch size(s) (default ${DEFAULT-VALUE}).")
    List<Integer> batches;
    @Option(names = "--format", defaultValue = "auto", split = ",", description = "Activation layout(s): nchw, nhwc, auto = the layout training uses for this network (default ${DEFAULT-VALUE}).")
    List<String> formats;
    @Option(names = "--workspace", defaultValue = "enabled", split = ",", description = "DL4J workspace mode(s): enabled, none (default ${DEFAULT-VALUE}).")
    List<String> workspaces;
    @Option(names = "--replicas", defaultValue = "1", split = ",", description = "Training copies of the network, one thread each, "
            + "each on part of every batch (DataParallelStep): 1 or 2 (default ${DEFAULT-VALUE}).")
    List<Integer> replicaCounts;
    @Option(names = "--batchnorm", defaultValue = "fast", split = ",", description = "Batch-norm arithmetic for NHWC networks: fast "
            + "(FastBatchNorm, what training uses), dl4j (DL4J's own helper) (default ${DEFAULT-VALUE}).")
    List<String> batchNorms;
    @Option(names = "--cache", defaultValue = "device", split = ",", description = "DL4J cache mode(s): device (each convolution keeps "
            + "its forward output for the backward pass, what training uses since session 9), none (DL4J's default: it computes the "
            + "convolution again) (default ${DEFAULT-VALUE}).")
    List<String> caches;
    @Option(names = "--batches", defaultValue = "20", description = "Timed batches per measurement (default ${DEFAULT-VALUE}), after 3 warm-up batches.")
    int timed;
    @Option(names = "--rounds", defaultValue = "1", description = "Round-robin rounds over the variants; medians are reported (default ${DEFAULT-VALUE}).")
    int rounds;
    @Option(names = "--out", description = "Also write the numbers and settings to this JSON file.")
    Path out;

    /** One network set up for one combination, with its input and labels ready. */
    private static final class Variant {
        final String name;
        final int batch;
        final Networks.Layout layout;
        final int replicas;
        final boolean fastBatchNorm;
        final CacheMode cache;
        ComputationGraph graph;
        DataParallelStep parallel;
        INDArray[] in, labels;
        final List<Double> train = new ArrayList<>(), infer = new ArrayList<>();

        Variant(int batch, Networks.Layout layout, int replicas, boolean fastBatchNorm, CacheMode cache) {
            this.batch = batch;
            this.layout = layout;
            this.replicas = replicas;
            this.fastBatchNorm = fastBatchNorm;
            this.cache = cache;
            this.name = String.format(Locale.ROOT, "batch %d %s workspace-%s%s%s%s", batch, layout.format().name().toLowerCase(Locale.ROOT),
                    layout.workspace().name().toLowerCase(Locale.ROOT), replicas == 1 ? "" : " replicas-" + replicas,
                    fastBatchNorm ? "" : " batchnorm-dl4j", cache == CacheMode.NONE ? "" : " cache-" + cache.name().toLowerCase(Locale.ROOT));
        }

        void fit() {
            if (parallel != null) parallel.fit(in, labels);
            else graph.fit(in, labels);
        }
    }

    @Override
    public Integer call() {
        DeepRuntime.init();
        if (!Networks.NAMES.contains(network)) throw new FerException("--model: unknown network '" + network + "' (known: " + Networks.NAMES + ")");
        if (rounds < 1 || timed < 1) throw new FerException("--rounds and --batches must be at least 1");
        InputAdapter adapter = Networks.takesFeatures(network) ? HybridInputs.createDefault() : null;
        List<Variant> variants = new ArrayList<>();
        for (int b : batches) {
            if (b < 2) throw new FerException("--batch must be at least 2 (batch norm), got " + b);
            for (String f : formats)
                for (String w : workspaces)
                    for (int rep : replicaCounts)
                        for (String bn : batchNorms)
                            for (String c : caches) {
                                if (rep != 1 && rep != 2) throw new FerException("--replicas must be 1 or 2, got " + rep);
                                if (!bn.equals("fast") && !bn.equals("dl4j")) throw new FerException("--batchnorm must be fast or dl4j, got '" + bn + "'");
                                variants.add(new Variant(b, new Networks.Layout(f.equalsIgnoreCase("auto") ? Networks.Layout.preferred(network).format() : format(f), workspace(w)),
                                        rep, bn.equals("fast"), cache(c)));
                            }
        }
        if (adapter != null && variants.stream().anyMatch(v -> v.layout.format() != CNN2DFormat.NCHW))
            throw new FerException("--format nhwc is not wired for the hybrid network (its second input); measure it with nchw");
        double featMs = 0;
        Random r = new Random(1);
        for (Variant v : variants) {
            v.graph = Networks.build(network, 1, 1e-3, 1e-4, null, adapter == null ? HybridInputs.DEFAULT_DIMENSION : adapter.dimension(), v.layout);
            byte[] px = new byte[v.batch * 2304];
            r.nextBytes(px);
            int[] idx = new int[v.batch];
            for (int i = 0; i < v.batch; i++) idx[i] = i;
            INDArray x = v.layout.input(FaceTensorContract.toInput(px, idx));
            INDArray y = Nd4j.zeros(v.batch, 7);
            for (int i = 0; i < v.batch; i++) y.putScalar(i, r.nextInt(7), 1);
            v.in = new INDArray[]{x};
            v.labels = new INDArray[]{y};
            if (adapter != null) { // the feature vectors once, timed on their own (training computes them on the batch-prep thread)
                adapter.features(px, idx);
                long f0 = System.nanoTime();
                float[] f = adapter.features(px, idx);
                featMs = (System.nanoTime() - f0) / 1e6 / v.batch;
                v.in = adapter.inputs(x, f, v.batch);
            }
            if (!v.fastBatchNorm) FastBatchNorm.uninstall(v.graph);
            Networks.setCacheMode(v.graph, v.cache);
            if (v.replicas == 2) v.parallel = new DataParallelStep(v.graph, v.fastBatchNorm);
            for (int i = 0; i < 3; i++) v.fit(); // warm-up: oneDNN primitives, workspaces
            for (int i = 0; i < 3; i++) v.graph.output(false, v.in);
        }
        for (int round = 0; round < rounds; round++)
            for (Variant v : variants) {
                long t0 = System.nanoTime();
                for (int i = 0; i < timed; i++) v.fit();
                v.train.add(timed * v.batch / ((System.nanoTime() - t0) / 1e9));
                t0 = System.nanoTime();
                for (int i = 0; i < timed; i++) v.graph.output(false, v.in);
                v.infer.add(timed * v.batch / ((System.nanoTime() - t0) / 1e9));
            }
        Variant first = variants.get(0);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Variant v : variants) {
            double tr = median(v.train), inf = median(v.infer);
            System.out.printf(Locale.ROOT, "%s (%d parameters), %s: train %.1f img/s (x%.2f), inference %.1f img/s (x%.2f)%s%n", network,
                    v.graph.numParams(), v.name, tr, tr / median(first.train), inf, inf / median(first.infer),
                    adapter == null ? "" : String.format(Locale.ROOT, " (network only; features %.2f ms/face on one thread)", featMs));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("batch", v.batch);
            m.put("format", v.layout.format().name());
            m.put("workspace", v.layout.workspace().name());
            m.put("replicas", v.replicas);
            m.put("batchnorm", v.fastBatchNorm ? "fast" : "dl4j");
            m.put("cache", v.cache.name());
            m.put("train_img_s", round1(tr));
            m.put("inference_img_s", round1(inf));
            m.put("train_ratio_to_first", Math.round(tr / median(first.train) * 1000) / 1000.0);
            m.put("inference_ratio_to_first", Math.round(inf / median(first.infer) * 1000) / 1000.0);
            m.put("train_img_s_per_round", v.train.stream().map(SpeedCommand::round1).toList());
            m.put("inference_img_s_per_round", v.infer.stream().map(SpeedCommand::round1).toList());
            rows.add(m);
        }
        if (out != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("network", network);
            m.put("parameters", first.graph.numParams());
            // the first variant's numbers at the top level, as single-variant files always had them
            m.put("batch", first.batch);
            m.put("timed_batches", timed);
            m.put("rounds", rounds);
            m.put("train_img_s", rows.get(0).get("train_img_s"));
            m.put("inference_img_s", rows.get(0).get("inference_img_s"));
            if (variants.size() > 1) m.put("variants", rows);
            if (adapter != null) {
                m.put("input_adapter", adapter.toMeta());
                m.put("feature_ms_per_face_one_thread", Math.round(featMs * 1000) / 1000.0);
                m.put("note", "img/s are the network's alone, on precomputed feature vectors; training computes the features on the batch-preparation thread, inference before the network");
            }
            m.put("runtime", DeepRuntime.info());
            m.put("omp_wait_policy", String.valueOf(System.getenv("OMP_WAIT_POLICY")));
            m.put("omp_num_threads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
            m.put("load_average_at_end", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            m.put("provenance", Provenance.base(String.format(Locale.ROOT, "fer cnn-speed --model %s --batch %s --format %s --workspace %s --replicas %s --batchnorm %s --cache %s --batches %d --rounds %d",
                    network, join(batches), join(formats), join(workspaces), join(replicaCounts), join(batchNorms), join(caches), timed, rounds)));
            Json.write(out, m);
        }
        return 0;
    }

    private static CNN2DFormat format(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "nchw" -> CNN2DFormat.NCHW;
            case "nhwc" -> CNN2DFormat.NHWC;
            default -> throw new FerException("--format must be nchw, nhwc or auto, got '" + s + "'");
        };
    }

    private static CacheMode cache(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "none" -> CacheMode.NONE;
            case "device" -> CacheMode.DEVICE;
            default -> throw new FerException("--cache must be none or device, got '" + s + "'");
        };
    }

    private static WorkspaceMode workspace(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "enabled" -> WorkspaceMode.ENABLED;
            case "none" -> WorkspaceMode.NONE;
            default -> throw new FerException("--workspace must be enabled or none, got '" + s + "'");
        };
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double round1(double v) { return Math.round(v * 10) / 10.0; }

    private static String join(List<?> l) { return String.join(",", l.stream().map(String::valueOf).toList()); }
}
