package org.fer.deep;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fer.cli.Progress;
import org.fer.core.Emotion;
import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.data.Split;
import org.fer.io.AtomicFiles;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The training engine shared by every network: seeded shuffling and augmentation (prepared one batch ahead on a
 * second thread), class-weighted cross-entropy, L2, early stopping and LR-on-plateau on the validation accuracy,
 * the best model by val accuracy kept in {@value #BEST}, a checkpoint with updater and trainer state in
 * {@value #CHECKPOINT} after every epoch, {@value #HISTORY} rewritten every epoch.
 *
 * <p>Crash safety: both zips are replaced atomically, so a kill -9 at any moment leaves the previous checkpoint and the
 * best model intact and loses at most the running epoch; {@link #train} with {@code resume} continues from the
 * checkpoint with the same weights, Adam moments, learning rate, counters and history. Each epoch's shuffle, augmentation
 * and dropout draw from (seed, epoch) only, so a resumed run replays what an uninterrupted one would have done.
 */
public final class Trainer {
    public static final String BEST = "model.zip";
    public static final String CHECKPOINT = "checkpoint.zip";
    public static final String HISTORY = "history.csv";
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    /** Mutable trainer state, stored in the checkpoint's metadata. */
    public static final class State {
        public int epoch;              // epochs completed
        public double lr;
        public double bestValAcc = -1;
        public int bestEpoch;
        public int sinceBest;
        public int sinceLrChange;
        public double trainSeconds;
        public String stopReason;
        public List<Map<String, Object>> history = new ArrayList<>();
        /** Where the starting weights came from (a warm start), or null for random initialisation. */
        public Map<String, Object> initFrom;

        /**
         * Book-keeping after an epoch with validation accuracy {@code valAcc}: best model, LR on plateau (after
         * {@code lrPatience} epochs without a new best, LR x factor, floored), early stopping (after {@code patience}
         * epochs without a new best) or epoch cap. Returns whether this epoch is the new best.
         */
        boolean afterEpoch(int epochDone, double valAcc, TrainConfig cfg) {
            epoch = epochDone;
            boolean improved = valAcc > bestValAcc + 1e-9;
            if (improved) {
                bestValAcc = valAcc;
                bestEpoch = epochDone;
                sinceBest = 0;
                sinceLrChange = 0;
            } else {
                sinceBest++;
                sinceLrChange++;
            }
            if (sinceLrChange >= cfg.lrPatience() && lr > cfg.minLr()) {
                lr = Math.max(cfg.minLr(), lr * cfg.lrFactor());
                sinceLrChange = 0;
            }
            if (sinceBest >= cfg.patience()) stopReason = "early stopping: no better val accuracy for " + cfg.patience() + " epochs";
            else if (epochDone >= cfg.epochs()) stopReason = "epoch cap " + cfg.epochs();
            return improved;
        }

        /** Book-keeping after a refit epoch: no val, so the newest epoch is the model kept; stops after the schedule's last epoch. */
        boolean afterRefitEpoch(int epochDone, int epochCap) {
            epoch = epochDone;
            bestEpoch = epochDone;
            if (epochDone >= epochCap) stopReason = "refit: the source's " + epochCap + " epochs replayed";
            return true;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", epoch);
            m.put("lr", lr);
            m.put("best_val_accuracy", bestValAcc);
            m.put("best_epoch", bestEpoch);
            m.put("since_best", sinceBest);
            m.put("since_lr_change", sinceLrChange);
            m.put("train_seconds", trainSeconds);
            m.put("stop_reason", stopReason);
            m.put("history", history);
            if (initFrom != null) m.put("init_from", initFrom);
            return m;
        }

        @SuppressWarnings("unchecked")
        static State fromMap(Map<String, Object> m) {
            State s = new State();
            s.epoch = ((Number) m.get("epoch")).intValue();
            s.lr = ((Number) m.get("lr")).doubleValue();
            s.bestValAcc = ((Number) m.get("best_val_accuracy")).doubleValue();
            s.bestEpoch = ((Number) m.get("best_epoch")).intValue();
            s.sinceBest = ((Number) m.get("since_best")).intValue();
            s.sinceLrChange = ((Number) m.get("since_lr_change")).intValue();
            s.trainSeconds = ((Number) m.get("train_seconds")).doubleValue();
            s.stopReason = (String) m.get("stop_reason");
            s.history = new ArrayList<>((List<Map<String, Object>>) m.get("history"));
            s.initFrom = (Map<String, Object>) m.get("init_from");
            return s;
        }
    }

    public record Result(ComputationGraph best, State state, TrainConfig config) {}

    private Trainer() {}

    /**
     * Trains (or, with {@code resume} and a checkpoint in {@code out}, continues) and returns the best network.
     * On resume the checkpoint's configuration wins except {@code epochs} (a refit: its whole schedule), {@code maxMinutes} and {@code replicas}, taken from {@code cfg}.
     */
    public static Result train(Split train, Split val, TrainConfig cfg, Path out, boolean resume) throws Exception {
        return train(train, val, cfg, out, resume, null);
    }

    /**
     * As {@link #train(Split, Split, TrainConfig, Path, boolean)}; {@code adapter} gives a network that
     * {@linkplain Networks#takesFeatures takes features} its feature vectors (null: the default, {@link HybridInputs#createDefault()});
     * on resume the checkpoint's adapter wins.
     */
    public static Result train(Split train, Split val, TrainConfig cfg, Path out, boolean resume, InputAdapter adapter) throws Exception {
        return train(train, val, cfg, out, resume, adapter, null);
    }

    /**
     * As above, with a warm start: when {@code initFrom} is a model of the same network, a fresh run (new config — e.g.
     * other class weights or learning rate — and a fresh Adam state) starts from its weights instead of random ones.
     * The source model's path, sha256, epoch and val accuracy are recorded in every file the run writes. Ignored when
     * resuming (the checkpoint already holds the weights and the record).
     */
    public static Result train(Split train, Split val, TrainConfig cfg, Path out, boolean resume, InputAdapter adapter, Path initFrom) throws Exception {
        DeepRuntime.init();
        Files.createDirectories(out);
        Path ckpt = out.resolve(CHECKPOINT);
        ComputationGraph g;
        State st;
        if (resume && Files.exists(ckpt)) {
            Map<String, Object> meta = ModelFile.meta(ckpt);
            @SuppressWarnings("unchecked") Map<String, Object> t = (Map<String, Object>) meta.get("training");
            @SuppressWarnings("unchecked") TrainConfig saved = TrainConfig.fromMap((Map<String, Object>) t.get("config"));
            if (!saved.network().equals(cfg.network()))
                throw new FerException(ckpt + " holds a '" + saved.network() + "' run; asked to resume '" + cfg.network() + "'");
            if (saved.replicas() != cfg.replicas())
                LOG.info("resuming with {} replica(s) (the checkpoint's epochs ran with {})", cfg.replicas(), saved.replicas());
            // a refit's epoch count is its replayed schedule's, whatever --epochs says
            cfg = saved.withEpochs(saved.refit() != null ? saved.refit().epochs() : cfg.epochs()).withMaxMinutes(cfg.maxMinutes()).withReplicas(cfg.replicas());
            @SuppressWarnings("unchecked") State s = State.fromMap((Map<String, Object>) t.get("state"));
            st = s;
            st.stopReason = null;
            adapter = InputAdapter.fromMeta(meta);
            g = ModelFile.load(ckpt, true);
            g.setLearningRate(st.lr);
            LOG.info("resuming {} from {} after epoch {} (best val acc {} at epoch {})", cfg.network(), ckpt, st.epoch, st.bestValAcc, st.bestEpoch);
        } else {
            if (resume) LOG.info("no checkpoint in {}: starting afresh", out);
            int[] counts = countsOf(cfg.refit() != null ? withVal(train, val) : train, cfg.trainLimit());
            if (!Networks.takesFeatures(cfg.network())) adapter = null;
            else if (adapter == null) adapter = HybridInputs.createDefault();
            // a warm start keeps its source's layout: with a dense layer after the convolutions (simple) the weights of one
            // layout do not fit the other's flatten order
            Networks.Layout layout = initFrom != null ? Networks.Layout.of(ModelFile.load(initFrom, false)) : Networks.Layout.preferred(cfg.network());
            g = Networks.build(cfg.network(), cfg.seed(), cfg.lr(), cfg.l2(), cfg.balanced() ? TrainConfig.balancedWeights(counts) : null,
                    adapter == null ? HybridInputs.DEFAULT_DIMENSION : adapter.dimension(), layout);
            st = new State();
            st.lr = cfg.lr();
            if (initFrom != null) st.initFrom = warmStart(g, cfg, initFrom);
        }
        RefitSchedule refit = cfg.refit();
        if (refit != null) {
            train = withVal(train, val);
            LOG.info("refit of {}: {} epochs on train + val ({} faces) at the source's learning rates; no val split is held out", refit.source(), refit.epochs(), train.size());
        }
        int epochCap = refit != null ? Math.min(cfg.epochs(), refit.epochs()) : cfg.epochs();
        int n = cfg.trainLimit() > 0 ? Math.min(cfg.trainLimit(), train.size()) : train.size();
        float[] teacher = teacherProbabilities(cfg.targets(), train);
        long t0 = System.nanoTime();
        double lastEpochS = 0;
        LOG.info("{}: {} layout, {} parameters{}", cfg.network(), Networks.Layout.of(g).format(), g.numParams(),
                cfg.replicas() == 1 ? "" : ", " + cfg.replicas() + " replicas (data-parallel steps)");
        DataParallelStep parallel = cfg.replicas() == 2 ? new DataParallelStep(g) : null;
        ExecutorService prep = Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "fer-batch-prep");
            th.setDaemon(true);
            return th;
        });
        try {
            while (st.epoch < epochCap) {
                double elapsedMin = (System.nanoTime() - t0) / 60e9;
                if (cfg.maxMinutes() > 0 && st.epoch > 0 && elapsedMin + lastEpochS / 60 > cfg.maxMinutes()) {
                    st.stopReason = "time budget (" + cfg.maxMinutes() + " min) reached; continue with --resume";
                    break;
                }
                int epoch = st.epoch + 1;
                if (refit != null && st.lr != refit.lrOfEpoch(epoch)) {
                    st.lr = refit.lrOfEpoch(epoch);
                    g.setLearningRate(st.lr);
                }
                long e0 = System.nanoTime();
                double[] trainStats = runEpoch(g, parallel, train, n, cfg, epoch, prep, adapter, teacher);
                double trainS = (System.nanoTime() - e0) / 1e9;
                // a refit has no held-out split: nothing to evaluate, every epoch is "the best" (the last one is kept)
                double[] valStats = refit != null ? null : evaluate(new DeepModel(g, Map.of(), adapter), val);
                double valAcc = valStats == null ? Double.NaN : valStats[0];
                lastEpochS = (System.nanoTime() - e0) / 1e9;
                st.trainSeconds += lastEpochS;
                double lrBefore = st.lr;
                boolean improved = refit != null ? st.afterRefitEpoch(epoch, epochCap) : st.afterEpoch(epoch, valAcc, cfg);
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("epoch", epoch);
                h.put("train_loss", round(trainStats[0]));
                h.put("train_acc", round(trainStats[1]));
                h.put("val_loss", valStats == null ? "" : round(valStats[1]));
                h.put("val_acc", valStats == null ? "" : round(valAcc));
                h.put("lr", lrBefore);
                h.put("epoch_s", round(lastEpochS));
                h.put("train_img_s", round(n / trainS));
                st.history.add(h);
                LOG.info(String.format(Locale.ROOT, "epoch %d/%d: loss %.4f acc %.4f | %s | lr %.2g | %.0f s, %.0f img/s",
                        epoch, epochCap, trainStats[0], trainStats[1],
                        valStats == null ? "no val (refit)" : String.format(Locale.ROOT, "val loss %.4f acc %.4f%s", valStats[1], valAcc, improved ? " (best)" : ""),
                        lrBefore, lastEpochS, n / trainS));
                if (st.lr != lrBefore) {
                    g.setLearningRate(st.lr);
                    LOG.info("val accuracy flat for {} epochs: learning rate -> {}", cfg.lrPatience(), st.lr);
                }
                // best first, then the checkpoint: a crash between the two re-runs this epoch from the previous checkpoint
                if (improved) ModelFile.save(out.resolve(BEST), g, meta(cfg, st, true, adapter), false);
                ModelFile.save(ckpt, g, meta(cfg, st, false, adapter), true);
                writeHistory(out.resolve(HISTORY), st.history);
                if (st.stopReason != null) break;
            }
        } finally {
            prep.shutdownNow();
            if (parallel != null) parallel.close();
        }
        if (st.stopReason == null) st.stopReason = "epoch cap " + epochCap;
        if (refit != null) LOG.info("training stopped: {}; the last epoch is kept", st.stopReason);
        else LOG.info("training stopped: {}; best val accuracy {} at epoch {}", st.stopReason, st.bestValAcc, st.bestEpoch);
        Path best = out.resolve(BEST);
        ComputationGraph bestGraph = Files.exists(best) ? ModelFile.load(best, false) : g;
        return new Result(bestGraph, st, cfg);
    }

    /** Copies the weights (and batch-norm statistics) of the model at {@code from} into {@code g}; returns the record of it. */
    static Map<String, Object> warmStart(ComputationGraph g, TrainConfig cfg, Path from) {
        Map<String, Object> meta = ModelFile.meta(from);
        if (!cfg.network().equals(meta.get("network")))
            throw new FerException("--init-from " + from + " holds a '" + meta.get("network") + "' network; this run trains '" + cfg.network() + "'");
        ComputationGraph src = ModelFile.load(from, false);
        if (src.numParams() != g.numParams())
            throw new FerException("--init-from " + from + ": " + src.numParams() + " parameters, the '" + cfg.network() + "' network has " + g.numParams());
        g.setParams(src.params().dup());
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("model", from.toString());
        rec.put("sha256", org.fer.io.Hashing.sha256(from));
        rec.put("epoch", meta.get("epoch"));
        rec.put("val_accuracy", meta.get("val_accuracy"));
        @SuppressWarnings("unchecked") Map<String, Object> t = (Map<String, Object>) meta.get("training");
        if (t != null) rec.put("config", t.get("config"));
        LOG.info("warm start from {} (epoch {}, val accuracy {})", from, meta.get("epoch"), meta.get("val_accuracy"));
        return rec;
    }

    private static Map<String, Object> meta(TrainConfig cfg, State st, boolean best, InputAdapter adapter) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", ModelFile.KIND);
        m.put("contract", FaceTensorContract.VERSION);
        m.put("network", cfg.network());
        m.put("classes", java.util.Arrays.stream(Emotion.values()).map(Emotion::label).toList());
        m.put("epoch", st.epoch);
        if (cfg.refit() == null) m.put("val_accuracy", st.bestValAcc); // a refit trained on val: it has no val accuracy
        if (adapter != null) m.put(InputAdapter.META_KEY, adapter.toMeta()); // a new key only: older loaders read the rest as before
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("config", cfg.toMap());
        if (st.initFrom != null) t.put("init_from", st.initFrom);
        if (!best) t.put("state", st.toMap());
        m.put("training", t);
        return m;
    }

    /** The teacher's probabilities for the train split (flat [faces, 7]), checked against the file's recorded sha256; null without a teacher. */
    static float[] teacherProbabilities(SoftTargets t, Split train) {
        if (t.teacher() == null) return null;
        Path file = Path.of(t.teacher());
        float[] p = org.fer.model.SoftLabels.read(file, train);
        String sha = org.fer.io.Hashing.sha256(file);
        if (!sha.equals(t.teacherSha256()))
            throw new FerException("--teacher " + file + " changed since this run started (sha256 " + sha + ", the run used " + t.teacherSha256() + ")");
        LOG.info("soft targets: {} x one-hot (label smoothing {}) + {} x teacher {}", 1 - t.teacherWeight(), t.labelSmoothing(), t.teacherWeight(), file);
        return p;
    }

    /**
     * One epoch; returns {mean train loss, train accuracy on sampled batches}. The accuracy is against each target row's
     * argmax: the label itself for one-hot and smoothed targets, and for teacher-mixed ones while the teacher's weight is at most 1/2.
     */
    static double[] runEpoch(ComputationGraph g, DataParallelStep parallel, Split train, int n, TrainConfig cfg, int epoch, ExecutorService prep,
                             InputAdapter adapter, float[] teacher) throws Exception {
        if (parallel != null) parallel.seed(mix(cfg.seed(), epoch, -1), mix(cfg.seed(), epoch, -3));
        else Nd4j.getRandom().setSeed(mix(cfg.seed(), epoch, -1));
        int[] perm = permutation(n, new SplittableRandom(mix(cfg.seed(), epoch, -2)));
        int bs = cfg.batch();
        int batches = (n + bs - 1) / bs;
        if (n % bs == 1 && batches > 1) batches--; // a batch of one breaks batch norm; its face comes back next epoch
        double lossSum = 0;
        int lossN = 0, hit = 0, seen = 0;
        Networks.Layout layout = Networks.Layout.of(g);
        try (Progress p = new Progress(String.format("epoch %d/%d", epoch, cfg.epochs()), (long) Math.min(n, batches * bs))) {
            final int fb = batches;
            Future<float[][]> next = prep.submit(() -> makeBatch(train, perm, 0, bs, cfg, epoch, adapter, teacher));
            for (int b = 0; b < fb; b++) {
                float[][] xy = next.get();
                if (b + 1 < fb) {
                    final int nb = b + 1;
                    next = prep.submit(() -> makeBatch(train, perm, nb, bs, cfg, epoch, adapter, teacher));
                }
                int m = xy[1].length / Emotion.COUNT;
                INDArray x = layout.input(Nd4j.create(xy[0], new long[]{m, 1, Face48.SIDE, Face48.SIDE}, 'c'));
                INDArray y = Nd4j.create(xy[1], new long[]{m, Emotion.COUNT}, 'c');
                INDArray[] in = adapter == null ? new INDArray[]{x} : adapter.inputs(x, xy[2], m);
                if (b % 4 == 0) { // accuracy on a quarter of the batches, in inference mode: cheap and honest enough for a bar
                    INDArray pred = g.output(false, in)[0].argMax(1);
                    INDArray truth = y.argMax(1);
                    for (int i = 0; i < m; i++) if (pred.getLong(i) == truth.getLong(i)) hit++;
                    seen += m;
                }
                double s;
                if (parallel != null) s = parallel.fit(in, new INDArray[]{y});
                else {
                    g.fit(in, new INDArray[]{y});
                    s = g.score();
                }
                if (Double.isNaN(s)) throw new FerException("training diverged (loss NaN) at epoch " + epoch + " batch " + b + ": lower --lr");
                lossSum += s;
                lossN++;
                p.step(m);
                p.status(String.format(Locale.ROOT, "loss %.4f acc %.3f", lossSum / lossN, seen == 0 ? 0 : hit / (double) seen));
            }
        }
        return new double[]{lossSum / Math.max(1, lossN), seen == 0 ? 0 : hit / (double) seen};
    }

    /** {images, target rows} of batch {@code b} ({@link SoftTargets}), plus the adapter's features of the augmented faces when there is one. */
    static float[][] makeBatch(Split train, int[] perm, int b, int bs, TrainConfig cfg, int epoch, InputAdapter adapter, float[] teacher) {
        int from = b * bs, to = Math.min(perm.length, from + bs);
        int m = to - from;
        float[] x = new float[m * Face48.PIXELS];
        float[] y = new float[m * Emotion.COUNT];
        SplittableRandom rnd = new SplittableRandom(mix(cfg.seed(), epoch, b));
        boolean hard = cfg.targets().hard();
        for (int i = 0; i < m; i++) {
            int idx = perm[from + i];
            cfg.augment().apply(train.x(), idx, rnd, x, i * Face48.PIXELS);
            if (hard) y[i * Emotion.COUNT + train.y()[idx]] = 1f;
            else cfg.targets().fill(y, i * Emotion.COUNT, train.y()[idx], teacher, idx);
        }
        if (adapter == null) return new float[][]{x, y};
        return new float[][]{x, y, adapter.featuresOfNormalised(x, m)}; // of the face the image branch sees: the augmented one
    }

    /** {accuracy, mean unweighted cross-entropy} of {@code g} on a split, no augmentation. */
    public static double[] evaluate(ComputationGraph g, Split s) { return evaluate(new DeepModel(g, Map.of()), s); }

    /** {accuracy, mean unweighted cross-entropy} of a model (with its input adapter, if any) on a split, no augmentation. */
    public static double[] evaluate(DeepModel m, Split s) {
        float[][] p = m.predictTensor(s.x(), s.size());
        int hit = 0;
        double ce = 0;
        for (int i = 0; i < p.length; i++) {
            int best = 0;
            for (int c = 1; c < p[i].length; c++) if (p[i][c] > p[i][best]) best = c;
            if (best == s.y()[i]) hit++;
            ce -= Math.log(Math.max(1e-7, p[i][s.y()[i]]));
        }
        return new double[]{hit / (double) Math.max(1, p.length), ce / Math.max(1, p.length)};
    }

    /** The train split followed by the val split's faces (what a refit trains on), named "train+val". */
    static Split withVal(Split train, Split val) {
        if (val == null) throw new FerException("a refit trains on train + val: this dataset has no val split");
        return train.concat(val, "train+val");
    }

    static int[] countsOf(Split s, int limit) {
        int n = limit > 0 ? Math.min(limit, s.size()) : s.size();
        int[] c = new int[Emotion.COUNT];
        for (int i = 0; i < n; i++) c[s.y()[i]]++;
        return c;
    }

    static int[] permutation(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    static long mix(long seed, int epoch, int b) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        return h;
    }

    private static double round(double v) { return Math.round(v * 1e5) / 1e5; }

    static void writeHistory(Path file, List<Map<String, Object>> history) {
        StringBuilder sb = new StringBuilder("epoch,train_loss,train_acc,val_loss,val_acc,lr,epoch_s,train_img_s\n");
        for (Map<String, Object> h : history)
            sb.append(String.join(",", h.values().stream().map(String::valueOf).toList())).append('\n');
        AtomicFiles.writeString(file, sb.toString());
    }
}
