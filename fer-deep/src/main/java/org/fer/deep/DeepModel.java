package org.fer.deep;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fer.core.Face48;
import org.fer.model.EmotionClassifier;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained fer-deep network as an {@link EmotionClassifier}: faces → {@link FaceTensorContract} (and, for a network
 * with an {@link InputAdapter} recorded in its metadata, the adapter's feature vectors) → softmax.
 */
public final class DeepModel implements EmotionClassifier {
    private static final int BATCH = 256;
    private final ComputationGraph graph;
    private final Map<String, Object> meta;
    private final InputAdapter adapter;
    private final Networks.Layout layout;

    /** The adapter, if any, comes from {@code meta} ({@link InputAdapter#META_KEY}). */
    public DeepModel(ComputationGraph graph, Map<String, Object> meta) {
        this(graph, meta, InputAdapter.fromMeta(meta));
    }

    public DeepModel(ComputationGraph graph, Map<String, Object> meta, InputAdapter adapter) {
        this.graph = graph;
        this.meta = meta;
        this.adapter = adapter;
        this.layout = Networks.Layout.of(graph);
        int inputs = graph.getConfiguration().getNetworkInputs().size();
        if (inputs != (adapter == null ? 1 : 2))
            throw new org.fer.core.FerException("network '" + meta.get("network") + "' takes " + inputs + " inputs but the model "
                    + (adapter == null ? "records no input adapter" : "records an input adapter for 2"));
    }

    /** The extra-input adapter, or null for an image-only network. */
    public InputAdapter adapter() { return adapter; }

    public static DeepModel load(Path file) {
        return new DeepModel(ModelFile.load(file, false), ModelFile.meta(file));
    }

    public ComputationGraph graph() { return graph; }

    public Map<String, Object> meta() { return meta; }

    @Override
    public synchronized float[][] predictProba(List<Face48> faces) {
        float[][] out = new float[faces.size()][];
        for (int from = 0; from < faces.size(); from += BATCH) {
            List<Face48> part = faces.subList(from, Math.min(faces.size(), from + BATCH));
            INDArray x = layout.input(FaceTensorContract.toInput(part));
            INDArray p;
            if (adapter == null) p = graph.outputSingle(false, x);
            else {
                byte[] px = new byte[part.size() * Face48.PIXELS];
                int[] idx = new int[part.size()];
                for (int i = 0; i < idx.length; i++) {
                    System.arraycopy(part.get(i).bytes(), 0, px, i * Face48.PIXELS, Face48.PIXELS);
                    idx[i] = i;
                }
                p = adapter.output(graph, x, adapter.features(px, idx), idx.length);
            }
            for (int i = 0; i < part.size(); i++) out[from + i] = p.getRow(i).toFloatVector();
        }
        return out;
    }

    /** Probabilities for a whole byte tensor (N*2304), without making Face48 objects. */
    public synchronized float[][] predictTensor(byte[] tensor, int n) {
        float[][] out = new float[n][];
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            int[] idx = new int[to - from];
            for (int i = 0; i < idx.length; i++) idx[i] = from + i;
            INDArray x = layout.input(FaceTensorContract.toInput(tensor, idx));
            INDArray p = adapter == null ? graph.outputSingle(false, x) : adapter.output(graph, x, adapter.features(tensor, idx), idx.length);
            for (int i = 0; i < idx.length; i++) out[from + i] = p.getRow(i).toFloatVector();
        }
        return out;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("kind", ModelFile.KIND);
        d.put("network", meta.get("network"));
        d.put("contract", meta.get("contract"));
        d.put("parameters", graph.numParams());
        d.put("layout", layout.format().name());
        for (String k : List.of("epoch", "val_accuracy", InputAdapter.META_KEY, "training")) if (meta.containsKey(k)) d.put(k, meta.get(k));
        if (isRefit(meta)) d.put(org.fer.experiment.MetricsReport.TRAINED_ON, List.of("train", "val"));
        return d;
    }

    /** Whether a model file's metadata records a refit (trained on train + val: its val accuracy means nothing). */
    static boolean isRefit(Map<String, Object> meta) {
        return meta.get("training") instanceof Map<?, ?> t && t.get("config") instanceof Map<?, ?> c && c.get("refit") != null;
    }

    /** Layer names of the graph, in topological order (for CAM and docs). */
    public List<String> layerNames() {
        List<String> names = new ArrayList<>();
        for (var l : graph.getLayers()) names.add(l.conf().getLayer().getLayerName());
        return names;
    }

    @Override
    public void close() {
        graph.close();
    }
}
