package org.fer.classic;

import org.fer.core.FerException;
import org.fer.io.Npy;
import org.fer.io.NpyArray;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A trained SVM: train-fitted scaler, then a linear SVM (optionally on random Fourier features) or Smile's kernel SVM. */
public final class SvmPredictor implements Predictor {
    public static final String TYPE = "svm";

    private final SvmConfig config;
    private final Standardizer scaler;
    private final RandomFourierFeatures rff;  // rbf + rff only
    private final LinearSvm linear;           // linear, or rbf + rff
    private final KernelSvm kernel;           // rbf + exact

    public SvmPredictor(SvmConfig config, Standardizer scaler, RandomFourierFeatures rff, LinearSvm linear, KernelSvm kernel) {
        this.config = config;
        this.scaler = scaler;
        this.rff = rff;
        this.linear = linear;
        this.kernel = kernel;
    }

    public SvmConfig config() { return config; }

    LinearSvm linearModel() { return linear; }

    @Override
    public double[] proba(float[] x, int rows, int cols) {
        return probaStandardised(scaler.apply(x, rows, cols), rows, cols);
    }

    /** Probabilities of rows already z-scored with this model's scaler. */
    double[] probaStandardised(float[] z, int rows, int cols) {
        if (kernel != null) {
            double[][] d = new double[rows][cols];
            for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) d[r][c] = z[r * cols + c];
            return kernel.proba(d);
        }
        if (rff != null) z = rff.apply(z, rows);
        return linear.proba(z, rows);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE);
        m.put("hyper_parameters", config.toJson());
        if (kernel != null) m.put("support_vectors", kernel.supportVectors());
        if (linear != null && linear.passes() != null) m.put("solver_passes_per_class", java.util.Arrays.stream(linear.passes()).boxed().toList());
        m.put("scaling", "z-score fitted on train");
        m.put("probabilities", kernel != null ? "normalised one-vs-one sigmoid votes" : "softmax of one-vs-rest decision values (uncalibrated)");
        return m;
    }

    @Override
    public Map<String, byte[]> entries() {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("scaler_mean.npy", npy(NpyArray.ofFloats(scaler.mean(), scaler.mean().length)));
        e.put("scaler_std.npy", npy(NpyArray.ofFloats(scaler.std(), scaler.std().length)));
        if (rff != null) {
            // The random map is a pure function of (dims, gamma, seed): store its hash instead of the matrix when
            // regenerating it here gives the same bytes (the sliding-window map is 2000 x 2728 floats = 22 MB).
            RandomFourierFeatures again = RandomFourierFeatures.create(rff.inputDim(), rff.outputDim(), rff.gamma(), rff.seed());
            byte[] w = npy(NpyArray.ofFloats(rff.w(), rff.outputDim(), rff.inputDim()));
            if (java.util.Arrays.equals(again.w(), rff.w()) && java.util.Arrays.equals(again.b(), rff.b())) {
                e.put("rff_map.json", org.fer.io.Json.toString(java.util.Map.of("input_dim", rff.inputDim(), "output_dim", rff.outputDim(),
                        "gamma", rff.gamma(), "seed", rff.seed(), "w_sha256", org.fer.io.Hashing.sha256(w))).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                e.put("rff_w.npy", w);
                e.put("rff_b.npy", npy(NpyArray.ofFloats(rff.b(), rff.outputDim())));
            }
        }
        if (linear != null) e.put("linear_w.npy", npy(NpyArray.ofFloats(linear.weights(), linear.weights().length / (linear.dim() + 1), linear.dim() + 1)));
        if (kernel != null) {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            try (ObjectOutputStream oo = new ObjectOutputStream(bo)) {
                oo.writeObject(kernel);
            } catch (IOException ex) {
                throw new FerException("cannot serialise the kernel SVM: " + ex.getMessage());
            }
            e.put("kernel_svm.ser", bo.toByteArray());
        }
        return e;
    }

    @SuppressWarnings("unchecked")
    static SvmPredictor load(Map<String, byte[]> entries, Map<String, Object> model, Path file) {
        Map<String, Object> h = (Map<String, Object>) model.get("hyper_parameters");
        if (h == null) throw new FerException(file + ": SVM model without hyper_parameters");
        String kernelName = String.valueOf(h.get("kernel"));
        String solver = String.valueOf(h.get("solver"));
        SvmConfig cfg = new SvmConfig(kernelName, solver, num(h, "C", 1), num(h, "gamma", 0), (int) num(h, "rff_dim", 0),
                (int) num(h, "max_passes", 0), num(h, "tolerance", 0), (long) num(h, "seed", 0));
        Standardizer sc = new Standardizer(read(entries, "scaler_mean.npy", file).floats(), read(entries, "scaler_std.npy", file).floats());
        if (kernelName.equals("rbf") && solver.equals("exact")) {
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(ModelFile.entry(entries, "kernel_svm.ser", file)))) {
                return new SvmPredictor(cfg, sc, null, null, (KernelSvm) in.readObject());
            } catch (IOException | ClassNotFoundException ex) {
                throw new FerException(file + ": cannot read kernel_svm.ser (" + ex.getMessage() + ")");
            }
        }
        RandomFourierFeatures rff = null;
        if (kernelName.equals("rbf") && entries.containsKey("rff_map.json")) {
            Map<String, Object> m = org.fer.io.Json.readMap(new String(entries.get("rff_map.json"), java.nio.charset.StandardCharsets.UTF_8));
            rff = RandomFourierFeatures.create(((Number) m.get("input_dim")).intValue(), ((Number) m.get("output_dim")).intValue(),
                    ((Number) m.get("gamma")).doubleValue(), ((Number) m.get("seed")).longValue());
            String sha = org.fer.io.Hashing.sha256(npy(NpyArray.ofFloats(rff.w(), rff.outputDim(), rff.inputDim())));
            if (!sha.equals(m.get("w_sha256")))
                throw new FerException(file + ": the random Fourier map regenerated on this JVM differs from the trained one (sha256 " + sha
                        + " vs " + m.get("w_sha256") + "); retrain the model here");
        } else if (kernelName.equals("rbf")) {
            NpyArray w = read(entries, "rff_w.npy", file);
            rff = new RandomFourierFeatures(w.shape()[1], w.shape()[0], cfg.gamma(), cfg.seed(), w.floats(), read(entries, "rff_b.npy", file).floats());
        }
        NpyArray lw = read(entries, "linear_w.npy", file);
        return new SvmPredictor(cfg, sc, rff, new LinearSvm(lw.floats(), lw.shape()[1] - 1), null);
    }

    private static double num(Map<String, Object> h, String k, double def) {
        Object v = h.get(k);
        return v instanceof Number n ? n.doubleValue() : def;
    }

    private static NpyArray read(Map<String, byte[]> entries, String name, Path file) {
        try {
            return Npy.read(new ByteArrayInputStream(ModelFile.entry(entries, name, file)), file + "!" + name);
        } catch (IOException e) {
            throw new FerException(file + "!" + name + ": " + e.getMessage());
        }
    }

    private static byte[] npy(NpyArray a) {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try {
            Npy.write(bo, a);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bo.toByteArray();
    }
}
