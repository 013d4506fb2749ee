package org.fer.deep;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fer.io.Json;
import org.fer.io.Provenance;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/** {@code fer cnn-speed}: training and inference throughput of a network on random faces (no data needed). */
@Command(name = "cnn-speed", mixinStandardHelpOptions = true,
        description = "Measures training and inference img/s of a network (random 48x48 faces, after warm-up batches).")
public final class SpeedCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "xception", description = "Network (default ${DEFAULT-VALUE}).")
    String network;
    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--batches", defaultValue = "20", description = "Timed batches (default ${DEFAULT-VALUE}), after 3 warm-up batches.")
    int batches;
    @Option(names = "--out", description = "Also write the numbers and settings to this JSON file.")
    Path out;

    @Override
    public Integer call() {
        DeepRuntime.init();
        if (!Networks.NAMES.contains(network)) throw new org.fer.core.FerException("--model: unknown network '" + network + "' (known: " + Networks.NAMES + ")");
        InputAdapter adapter = Networks.takesFeatures(network) ? HybridInputs.createDefault() : null;
        ComputationGraph g = Networks.build(network, 1, 1e-3, 1e-4, null, adapter == null ? HybridInputs.DEFAULT_DIMENSION : adapter.dimension());
        Random r = new Random(1);
        byte[] px = new byte[batch * 2304];
        r.nextBytes(px);
        int[] idx = new int[batch];
        for (int i = 0; i < batch; i++) idx[i] = i;
        INDArray x = FaceTensorContract.toInput(px, idx);
        INDArray y = Nd4j.zeros(batch, 7);
        for (int i = 0; i < batch; i++) y.putScalar(i, r.nextInt(7), 1);
        INDArray[] in = {x};
        double featMs = 0;
        if (adapter != null) { // the feature vectors once, timed on their own (training computes them on the batch-prep thread)
            adapter.features(px, idx);
            long f0 = System.nanoTime();
            float[] f = adapter.features(px, idx);
            featMs = (System.nanoTime() - f0) / 1e6 / batch;
            in = adapter.inputs(x, f, batch);
        }
        for (int i = 0; i < 3; i++) g.fit(in, new INDArray[]{y});
        long t0 = System.nanoTime();
        for (int i = 0; i < batches; i++) g.fit(in, new INDArray[]{y});
        double train = batches * batch / ((System.nanoTime() - t0) / 1e9);
        for (int i = 0; i < 3; i++) g.output(false, in);
        t0 = System.nanoTime();
        for (int i = 0; i < batches; i++) g.output(false, in);
        double infer = batches * batch / ((System.nanoTime() - t0) / 1e9);
        System.out.printf(Locale.ROOT, "%s (%d parameters), batch %d: train %.1f img/s, inference %.1f img/s%s%n", network, g.numParams(), batch, train, infer,
                adapter == null ? "" : String.format(Locale.ROOT, " (network only; features %.2f ms/face on one thread)", featMs));
        if (out != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("network", network);
            m.put("parameters", g.numParams());
            m.put("batch", batch);
            m.put("timed_batches", batches);
            m.put("train_img_s", Math.round(train * 10) / 10.0);
            m.put("inference_img_s", Math.round(infer * 10) / 10.0);
            if (adapter != null) {
                m.put("input_adapter", adapter.toMeta());
                m.put("feature_ms_per_face_one_thread", Math.round(featMs * 1000) / 1000.0);
                m.put("note", "img/s are the network's alone, on precomputed feature vectors; training computes the features on the batch-preparation thread, inference before the network");
            }
            m.put("runtime", DeepRuntime.info());
            m.put("omp_wait_policy", String.valueOf(System.getenv("OMP_WAIT_POLICY")));
            m.put("load_average_at_end", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            m.put("provenance", Provenance.base("fer cnn-speed --model " + network + " --batch " + batch + " --batches " + batches));
            Json.write(out, m);
        }
        return 0;
    }
}
