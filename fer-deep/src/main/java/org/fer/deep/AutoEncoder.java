package org.fer.deep;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.fer.cli.Progress;
import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.data.Split;
import org.fer.io.AtomicFiles;
import org.fer.io.Json;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A small convolutional auto-encoder for 48x48x1 faces, whose bottleneck ("code") is a feature vector for the
 * classic models (the seed's "LGBM on auto-encoded image" row).
 *
 * <p>Input and reconstruction target are the {@link FaceTensorContract} tensor (pixels mapped to -1..1). Layout:
 * <pre>
 *   encoder: conv3x3 16 ReLU → maxpool 2 (24x24) → conv3x3 32 ReLU → maxpool 2 (12x12)
 *            → conv3x3 32 ReLU → maxpool 2 (6x6x32) → dense {@code code}, linear      ← the code
 *   decoder: dense 6x6x32 ReLU → upsample 2 → conv3x3 16 ReLU → upsample 2 → conv3x3 8 ReLU
 *            → upsample 2 → conv3x3 1, linear → MSE against the input
 * </pre>
 * Trained with Adam on the train split only; early stopping on the val split's reconstruction MSE, the best
 * epoch's weights kept. Deterministic for a seed: weight init from the seed, each epoch's shuffle from (seed, epoch),
 * no dropout. Saved as a DL4J zip plus one {@value #META_ENTRY} entry (not {@link ModelFile#META_ENTRY}, so
 * {@code fer evaluate}'s loaders do not mistake it for a classifier).
 */
public final class AutoEncoder {
    public static final String META_ENTRY = "fer-autoencoder.json";
    public static final String KIND = "fer-autoencoder-dl4j";
    public static final String ARCHITECTURE = "conv16-pool-conv32-pool-conv32-pool-dense{code} | dense1152-up-conv16-up-conv8-up-conv1; relu; mse";
    /** Index of the code layer in the network (its output is the feature vector). */
    static final int CODE_LAYER = 6;
    private static final Logger LOG = LoggerFactory.getLogger(AutoEncoder.class);

    /** Training settings; {@code trainLimit} 0 = every training face. */
    public record Config(int code, int epochs, int patience, int batch, double lr, long seed, int trainLimit) {
        public Config {
            if (code < 1) throw new FerException("--code must be positive, got " + code);
            if (epochs < 1) throw new FerException("--epochs must be positive, got " + epochs);
            if (patience < 1) throw new FerException("--patience must be positive, got " + patience);
            if (batch < 2) throw new FerException("--batch must be at least 2, got " + batch);
            if (!(lr > 0)) throw new FerException("--lr must be positive, got " + lr);
            if (trainLimit < 0) throw new FerException("--train-limit must be >= 0, got " + trainLimit);
        }

        public static Config defaults() { return new Config(128, 20, 3, 64, 1e-3, 42, 0); }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", code);
            m.put("max_epochs", epochs);
            m.put("patience", patience);
            m.put("batch", batch);
            m.put("lr", lr);
            m.put("seed", seed);
            m.put("train_limit", trainLimit);
            return m;
        }
    }

    /** A trained auto-encoder and how its training went (one map per epoch in {@code history}). */
    public record Trained(AutoEncoder model, int epochsRun, int bestEpoch, double bestValMse, String stopReason,
                          double trainSeconds, List<Map<String, Object>> history) {}

    private final MultiLayerNetwork net;
    private final int code;

    private AutoEncoder(MultiLayerNetwork net, int code) {
        this.net = net;
        this.code = code;
    }

    public int codeSize() { return code; }

    MultiLayerNetwork network() { return net; }

    /** A freshly initialised auto-encoder (weights from {@code seed}). */
    public static AutoEncoder create(int code, double lr, long seed) {
        DeepRuntime.init();
        Nd4j.getRandom().setSeed(seed);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(lr))
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list()
                .layer(0, conv(16, Activation.RELU))
                .layer(1, pool())
                .layer(2, conv(32, Activation.RELU))
                .layer(3, pool())
                .layer(4, conv(32, Activation.RELU))
                .layer(5, pool())
                .layer(CODE_LAYER, new DenseLayer.Builder().nOut(code).activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).build())
                .layer(7, new DenseLayer.Builder().nOut(6 * 6 * 32).activation(Activation.RELU).build())
                .layer(8, new Upsampling2D.Builder(2).build())
                .layer(9, conv(16, Activation.RELU))
                .layer(10, new Upsampling2D.Builder(2).build())
                .layer(11, conv(8, Activation.RELU))
                .layer(12, new Upsampling2D.Builder(2).build())
                .layer(13, new ConvolutionLayer.Builder(3, 3).nOut(1).activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).build())
                .layer(14, new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .inputPreProcessor(8, new FeedForwardToCnnPreProcessor(6, 6, 32))
                .setInputType(InputType.convolutional(Face48.SIDE, Face48.SIDE, FaceTensorContract.CHANNELS))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return new AutoEncoder(net, code);
    }

    private static ConvolutionLayer conv(int channels, Activation a) {
        return new ConvolutionLayer.Builder(3, 3).nOut(channels).activation(a).build();
    }

    private static SubsamplingLayer pool() {
        return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
    }

    /**
     * Trains on {@code train} (reconstruction MSE), evaluates {@code val} after every epoch, stops after
     * {@code patience} epochs without a better val MSE and returns the best epoch's weights.
     */
    public static Trained train(Split train, Split val, Config cfg) {
        AutoEncoder ae = create(cfg.code(), cfg.lr(), cfg.seed());
        int n = cfg.trainLimit() > 0 ? Math.min(cfg.trainLimit(), train.size()) : train.size();
        if (n < 2) throw new FerException("the train split has " + n + " faces: too few to train an auto-encoder");
        if (val.size() == 0) throw new FerException("the val split is empty: early stopping needs it");
        INDArray best = null;
        double bestMse = Double.POSITIVE_INFINITY;
        int bestEpoch = 0, since = 0, epoch = 0;
        String stop = null;
        List<Map<String, Object>> history = new ArrayList<>();
        long t0 = System.nanoTime();
        while (epoch < cfg.epochs()) {
            epoch++;
            long e0 = System.nanoTime();
            double trainLoss = ae.fitEpoch(train, n, cfg, epoch);
            double valMse = ae.mse(val);
            double es = (System.nanoTime() - e0) / 1e9;
            boolean improved = valMse < bestMse - 1e-7;
            if (improved) {
                bestMse = valMse;
                bestEpoch = epoch;
                since = 0;
                best = ae.net.params().dup();
            } else since++;
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("epoch", epoch);
            h.put("train_mse", round(trainLoss));
            h.put("val_mse", round(valMse));
            h.put("epoch_s", Math.round(es * 10) / 10.0);
            history.add(h);
            LOG.info(String.format(Locale.ROOT, "epoch %d/%d: train mse %.5f | val mse %.5f%s | %.0f s",
                    epoch, cfg.epochs(), trainLoss, valMse, improved ? " (best)" : "", es));
            if (since >= cfg.patience()) {
                stop = "early stopping: no better val MSE for " + cfg.patience() + " epochs";
                break;
            }
        }
        if (stop == null) stop = "epoch cap " + cfg.epochs();
        ae.net.setParams(best);
        return new Trained(ae, epoch, bestEpoch, bestMse, stop, (System.nanoTime() - t0) / 1e9, history);
    }

    /** One pass over the first {@code n} training faces in a (seed, epoch) shuffle; returns the mean per-pixel batch MSE. */
    private double fitEpoch(Split train, int n, Config cfg, int epoch) {
        // own shuffle (not Trainer's): this file must not move when the classifier trainer changes
        SplittableRandom rnd = new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + epoch);
        Nd4j.getRandom().setSeed(rnd.nextLong());
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int bs = cfg.batch();
        double sum = 0;
        int batches = 0;
        try (Progress p = new Progress(String.format(Locale.ROOT, "autoencoder epoch %d/%d", epoch, cfg.epochs()), n)) {
            for (int from = 0; from < n; from += bs) {
                int[] idx = java.util.Arrays.copyOfRange(perm, from, Math.min(n, from + bs));
                INDArray x = FaceTensorContract.toInput(train.x(), idx);
                net.fit(x, x);
                // the loss layer sums squared errors over a face's 2304 pixels: per pixel, like the val MSE
                double s = net.score() / Face48.PIXELS;
                if (Double.isNaN(s)) throw new FerException("auto-encoder training diverged (loss NaN) at epoch " + epoch + ": lower --lr");
                sum += s;
                batches++;
                p.step(idx.length);
                p.status(String.format(Locale.ROOT, "loss %.5f", sum / batches));
            }
        }
        return sum / Math.max(1, batches);
    }

    /** The code of every face of an N*2304 byte tensor: row-major N x {@link #codeSize()} floats. */
    public float[] encode(byte[] tensor, int n) {
        float[] out = new float[n * code];
        int bs = 256;
        for (int from = 0; from < n; from += bs) {
            int[] idx = java.util.stream.IntStream.range(from, Math.min(n, from + bs)).toArray();
            INDArray x = FaceTensorContract.toInput(tensor, idx);
            INDArray c = net.feedForwardToLayer(CODE_LAYER, x, false).get(CODE_LAYER + 1);
            float[] v = c.dup('c').data().asFloat();
            System.arraycopy(v, 0, out, from * code, v.length);
        }
        return out;
    }

    /** Reconstructions of faces {@code idx} in the normalised (-1..1) space: idx.length x 2304 floats. */
    public float[] reconstruct(byte[] tensor, int[] idx) {
        INDArray out = net.output(FaceTensorContract.toInput(tensor, idx), false);
        return out.dup('c').data().asFloat();
    }

    /** Mean squared reconstruction error per pixel, in the normalised space, over a split. */
    public double mse(Split s) {
        double sum = 0;
        int bs = 256;
        float[] target = new float[Face48.PIXELS];
        for (int from = 0; from < s.size(); from += bs) {
            int[] idx = java.util.stream.IntStream.range(from, Math.min(s.size(), from + bs)).toArray();
            float[] r = reconstruct(s.x(), idx);
            for (int k = 0; k < idx.length; k++) {
                FaceTensorContract.fill(s.x(), idx[k] * Face48.PIXELS, target, 0);
                for (int p = 0; p < Face48.PIXELS; p++) {
                    double d = r[k * Face48.PIXELS + p] - target[p];
                    sum += d * d;
                }
            }
        }
        return sum / ((double) s.size() * Face48.PIXELS);
    }

    /** The baseline: per-pixel MSE of predicting {@code train}'s mean face for every face of {@code heldOut}. */
    public static double meanFaceMse(Split train, Split heldOut) {
        double[] mean = new double[Face48.PIXELS];
        float[] buf = new float[Face48.PIXELS];
        for (int i = 0; i < train.size(); i++) {
            FaceTensorContract.fill(train.x(), i * Face48.PIXELS, buf, 0);
            for (int p = 0; p < buf.length; p++) mean[p] += buf[p];
        }
        for (int p = 0; p < mean.length; p++) mean[p] /= train.size();
        double sum = 0;
        for (int i = 0; i < heldOut.size(); i++) {
            FaceTensorContract.fill(heldOut.x(), i * Face48.PIXELS, buf, 0);
            for (int p = 0; p < buf.length; p++) sum += (buf[p] - mean[p]) * (buf[p] - mean[p]);
        }
        return sum / ((double) heldOut.size() * Face48.PIXELS);
    }

    /** Writes the network and {@code meta} (plus kind, contract, code size, architecture) atomically. */
    public void save(Path file, Map<String, Object> meta) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", KIND);
        m.put("contract", FaceTensorContract.VERSION);
        m.put("code", code);
        m.put("code_layer", CODE_LAYER);
        m.put("architecture", ARCHITECTURE);
        m.putAll(meta);
        ModelFile.writeWithMeta(file, META_ENTRY, m, net, false);
    }

    /** Loads a saved auto-encoder; refuses other files and other input contracts. */
    public static AutoEncoder load(Path file) {
        DeepRuntime.init();
        if (!Files.isRegularFile(file)) throw new FerException("auto-encoder file not found: " + file + " (train one with: fer autoencode)");
        Map<String, Object> meta;
        try (ZipFile z = new ZipFile(file.toFile())) {
            ZipEntry e = z.getEntry(META_ENTRY);
            if (e == null) throw new FerException(file + ": not a fer auto-encoder (no " + META_ENTRY + " entry)");
            try (InputStream in = z.getInputStream(e)) {
                meta = Json.readMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new FerException(file + ": cannot read auto-encoder zip (" + e.getMessage() + ")");
        }
        if (!FaceTensorContract.VERSION.equals(meta.get("contract")))
            throw new FerException(file + ": auto-encoder was trained for input contract '" + meta.get("contract") + "', this build feeds '" + FaceTensorContract.VERSION + "'");
        if (!(meta.get("code") instanceof Number c)) throw new FerException(file + ": field 'code' missing in " + META_ENTRY);
        try {
            return new AutoEncoder(ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false), c.intValue());
        } catch (IOException | RuntimeException e) {
            throw new FerException(file + ": cannot load auto-encoder network (" + e.getMessage() + ")");
        }
    }

    private static double round(double v) { return Math.round(v * 1e6) / 1e6; }
}
