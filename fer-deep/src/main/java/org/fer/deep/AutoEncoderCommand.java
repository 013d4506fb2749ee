package org.fer.deep;

import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.features.FeatureDataset;
import org.fer.features.FeatureSplit;
import org.fer.io.AtomicFiles;
import org.fer.io.Hashing;
import org.fer.io.Json;
import org.fer.io.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code fer autoencode}: trains the {@link AutoEncoder} on a processed dataset and writes the code of every split
 * as a fer-features directory (kind {@value #KIND}), which {@code fer lgbm --input <dir>} and {@code fer svm} read
 * unchanged. Also writes the model ({@value #MODEL}), {@value #HISTORY} and a reconstruction montage of val faces.
 */
@Command(name = "autoencode", mixinStandardHelpOptions = true,
        description = "Trains a convolutional auto-encoder on the train split (MSE, early stopping on val) and writes every split's "
                + "code as a feature directory (<split>_x.npy, <split>_y.npy, <split>_rows.npy, manifest.json) for fer lgbm / fer svm.")
public final class AutoEncoderCommand implements Callable<Integer> {
    public static final String KIND = "autoencoder";
    public static final String MODEL = "autoencoder.zip";
    public static final String HISTORY = "autoencoder_history.csv";
    public static final String MONTAGE = "reconstruction_val.png";

    @Option(names = "--data", required = true, description = "Processed dataset directory (fer preprocess).")
    Path data;
    @Option(names = "--out", required = true, description = "Feature directory to write (also holds the model and the montage).")
    Path out;
    @Option(names = "--code", defaultValue = "128", description = "Code (bottleneck) size = feature dimension (default ${DEFAULT-VALUE}).")
    int code;
    @Option(names = "--epochs", defaultValue = "20", description = "Epoch cap (default ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--patience", defaultValue = "3", description = "Early stopping: epochs without a better val MSE (default ${DEFAULT-VALUE}).")
    int patience;
    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    double lr;
    @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--train-limit", defaultValue = "0", description = "Train on the first N training faces only (0 = all); every split is still encoded.")
    int trainLimit;

    @Override
    public Integer call() {
        AutoEncoder.Config cfg = new AutoEncoder.Config(code, epochs, patience, batch, lr, seed, trainLimit);
        String cmd = "fer autoencode --data " + data + " --out " + out + " --code " + code + " --epochs " + epochs + " --patience " + patience
                + " --batch " + batch + " --lr " + lr + " --seed " + seed + (trainLimit > 0 ? " --train-limit " + trainLimit : "");
        Result r = run(data, out, cfg, cmd);
        System.out.printf(Locale.ROOT, "%s; best val MSE %.5f at epoch %d (mean-face baseline %.5f); wrote %s%n",
                r.trained().stopReason(), r.trained().bestValMse(), r.trained().bestEpoch(), r.meanFaceValMse(), out.resolve(FeatureDataset.MANIFEST));
        return 0;
    }

    public record Result(AutoEncoder.Trained trained, double meanFaceValMse, Path features) {}

    /** Train, save the model, write every split's code, then the manifest (last, atomically). */
    public static Result run(Path data, Path out, AutoEncoder.Config cfg, String command) {
        long t0 = System.nanoTime();
        DeepRuntime.init();
        ProcessedDataset ds = ProcessedDataset.open(data);
        Split train = ds.split("train"), val = ds.split("val");
        try {
            Files.createDirectories(out);
            // a stale manifest would vouch for split files we are about to replace: remove it first
            Files.deleteIfExists(out.resolve(FeatureDataset.MANIFEST));
        } catch (IOException e) {
            throw new FerException("cannot prepare " + out + ": " + e.getMessage());
        }
        AutoEncoder.Trained t = AutoEncoder.train(train, val, cfg);
        double baseline = AutoEncoder.meanFaceMse(train, val);
        AutoEncoder ae = t.model();

        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs_run", t.epochsRun());
        training.put("best_epoch", t.bestEpoch());
        training.put("stop_reason", t.stopReason());
        training.put("best_val_mse", t.bestValMse());
        training.put("mean_face_val_mse", baseline);
        training.put("train_seconds", Math.round(t.trainSeconds() * 10) / 10.0);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("config", cfg.toMap());
        meta.put("training", training);
        meta.put("data_manifest_sha256", ds.manifestSha256());
        Path model = out.resolve(MODEL);
        ae.save(model, meta);
        writeHistory(out.resolve(HISTORY), t.history());
        writeMontage(ae, val, 12, out.resolve(MONTAGE));

        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String s : ds.splits()) {
            Split sp = ds.split(s);
            float[] x = ae.encode(sp.x(), sp.size());
            for (int i = 0; i < x.length; i++)
                if (!Float.isFinite(x[i])) throw new FerException("auto-encoder produced a non-finite code for " + s + " face " + i / ae.codeSize());
            FeatureDataset.writeSplit(out, new FeatureSplit(s, sp.size(), ae.codeSize(), x, sp.y(), sp.rows()));
            counts.put(s, sp.size());
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("kind", KIND);
        params.put("architecture", AutoEncoder.ARCHITECTURE);
        params.put("code", ae.codeSize());
        params.put("input_contract", FaceTensorContract.VERSION);
        params.put("config", cfg.toMap());
        params.put("model_file", MODEL);
        params.put("model_sha256", Hashing.sha256(model));
        double wall = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> prov = Provenance.base(command);
        prov.put("inputs", Map.of("processed_manifest_sha256", ds.manifestSha256()));
        prov.put("seed", cfg.seed());
        prov.put("parameters", params);
        prov.put("training", training);
        prov.put("runtime", DeepRuntime.info());
        prov.put("wall_time_s", Math.round(wall * 10) / 10.0);
        Json.write(out.resolve(FeatureDataset.MANIFEST),
                FeatureDataset.manifest(KIND, ae.codeSize(), params, data, ds.manifestSha256(), counts, wall, prov));
        return new Result(t, baseline, out);
    }

    static void writeHistory(Path file, List<Map<String, Object>> history) {
        StringBuilder sb = new StringBuilder("epoch,train_mse,val_mse,epoch_s\n");
        for (Map<String, Object> h : history)
            sb.append(String.join(",", h.values().stream().map(String::valueOf).toList())).append('\n');
        AtomicFiles.writeString(file, sb.toString());
    }

    /** Top row: the first {@code k} val faces; bottom row: their reconstructions (2x scale). */
    static void writeMontage(AutoEncoder ae, Split val, int k, Path png) {
        int n = Math.min(k, val.size()), scale = 2, cell = Face48.SIDE * scale + 4;
        if (n == 0) return;
        int[] idx = java.util.stream.IntStream.range(0, n).toArray();
        float[] rec = ae.reconstruct(val.x(), idx);
        BufferedImage img = new BufferedImage(n * cell + 4, 2 * cell + 4, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int i = 0; i < n; i++) {
            BufferedImage orig = new BufferedImage(Face48.SIDE, Face48.SIDE, BufferedImage.TYPE_BYTE_GRAY);
            BufferedImage back = new BufferedImage(Face48.SIDE, Face48.SIDE, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < Face48.PIXELS; p++) {
                int xx = p % Face48.SIDE, yy = p / Face48.SIDE;
                int o = val.x()[i * Face48.PIXELS + p] & 0xFF;
                // back from the contract's -1..1 to 0..255
                int r = (int) Math.round(Math.max(0, Math.min(255, (rec[i * Face48.PIXELS + p] + 1) * 127.5)));
                orig.getRaster().setSample(xx, yy, 0, o);
                back.getRaster().setSample(xx, yy, 0, r);
            }
            g.drawImage(orig, 4 + i * cell, 4, Face48.SIDE * scale, Face48.SIDE * scale, null);
            g.drawImage(back, 4 + i * cell, 4 + cell, Face48.SIDE * scale, Face48.SIDE * scale, null);
        }
        g.dispose();
        AtomicFiles.write(png, os -> ImageIO.write(img, "png", os));
    }
}
