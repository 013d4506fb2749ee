package org.fer.deep;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.io.Json;
import org.fer.io.Provenance;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code fer units}: how many units of each ReLU of a saved network are dead (0 on every face of a sample). A diagnosis
 * tool: in session 11 it showed that the Simple CNN's dense layer had lost 236 of its 256 units (see fer-deep/README.md,
 * "Dead dense units").
 */
@Command(name = "units", mixinStandardHelpOptions = true,
        description = "Counts the dead units (0 on every face of the sample) of each ReLU of a saved network, in inference mode.")
public final class UnitsCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Saved network (fer train's model.zip).")
    Path model;
    @Option(names = "--data", required = true, description = "Processed dataset directory (fer preprocess).")
    Path data;
    @Option(names = "--split", defaultValue = "val", description = "Split to sample (default ${DEFAULT-VALUE}).")
    String split;
    @Option(names = "--faces", defaultValue = "512", description = "The first N faces of the split (default ${DEFAULT-VALUE}).")
    int faces;
    @Option(names = "--out", description = "Also write the counts as JSON (with provenance) to this file.")
    Path out;

    /** Dead-unit count of one ReLU output. */
    public record Count(String layer, long units, long dead, double meanActivation) {}

    @Override
    public Integer call() {
        if (faces < 1) throw new FerException("--faces must be at least 1, got " + faces);
        DeepRuntime.init();
        ProcessedDataset dataset = ProcessedDataset.open(data);
        Split s = dataset.split(split);
        int n = Math.min(faces, s.size());
        try (DeepModel m = DeepModel.load(model)) {
            List<Count> counts = count(m, s.x(), n);
            System.out.printf(Locale.ROOT, "%s, %d faces of %s (inference mode): dead = 0 on every face%n", model, n, split);
            for (Count c : counts)
                System.out.printf(Locale.ROOT, "  %-18s units %5d  dead %5d (%5.1f %%)  mean activation %.4f%n",
                        c.layer(), c.units(), c.dead(), 100.0 * c.dead() / c.units(), c.meanActivation());
            if (out != null) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("model", model.toString());
                j.put("model_sha256", org.fer.io.Hashing.sha256(model));
                j.put("split", split);
                j.put("faces", n);
                j.put("data_manifest_sha256", dataset.manifestSha256());
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Count c : counts) rows.add(Map.of("layer", c.layer(), "units", c.units(), "dead", c.dead(), "mean_activation", c.meanActivation()));
                j.put("relus", rows);
                j.put("provenance", Provenance.base(String.format(Locale.ROOT, "fer units --model %s --data %s --split %s --faces %d", model, data, split, faces)));
                Json.write(out, j);
                System.out.println("wrote " + out);
            }
        }
        return 0;
    }

    /**
     * Dead units of every ReLU (ReLU layers and layers with a ReLU activation, except batch norms, whose activation DL4J
     * ignores) on the first {@code n} faces of {@code tensor}.
     */
    static List<Count> count(DeepModel m, byte[] tensor, int n) {
        ComputationGraph g = m.graph();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Networks.Layout layout = Networks.Layout.of(g);
        INDArray x = layout.input(FaceTensorContract.toInput(tensor, idx));
        INDArray[] in = m.adapter() == null ? new INDArray[]{x} : m.adapter().inputs(x, m.adapter().features(tensor, idx), n);
        Map<String, INDArray> acts = g.feedForward(in, false, false);
        List<Count> counts = new ArrayList<>();
        for (Layer l : g.getLayers()) {
            var conf = l.conf().getLayer();
            if (!(conf instanceof org.deeplearning4j.nn.conf.layers.BaseLayer || conf instanceof org.deeplearning4j.nn.conf.layers.ActivationLayer)) continue;
            // DL4J M2.1's batch norm ignores its configured activation (models saved before session 10 say ReLU there)
            if (conf instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization) continue;
            var fn = conf instanceof org.deeplearning4j.nn.conf.layers.ActivationLayer a ? a.getActivationFn()
                    : ((org.deeplearning4j.nn.conf.layers.BaseLayer) conf).getActivationFn();
            if (!(fn instanceof ActivationReLU)) continue;
            INDArray a = acts.get(conf.getLayerName());
            if (a == null) continue;
            INDArray perUnit = units(a, layout.format());
            INDArray max = perUnit.max(0);
            long dead = max.lte(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
            counts.add(new Count(conf.getLayerName(), max.length(), dead, a.meanNumber().doubleValue()));
        }
        return counts;
    }

    /** Activations as [samples, units]: a feature map's unit is a channel (its positions count as samples). */
    private static INDArray units(INDArray a, CNN2DFormat format) {
        if (a.rank() == 2) return a;
        if (a.rank() != 4) return a.reshape(a.size(0), a.length() / a.size(0));
        INDArray nhwc = format == CNN2DFormat.NHWC ? a : a.permute(0, 2, 3, 1);
        return nhwc.dup('c').reshape(-1, nhwc.size(3));
    }
}
