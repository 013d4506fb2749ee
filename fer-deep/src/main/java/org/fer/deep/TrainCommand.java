package org.fer.deep;

import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.experiment.MetricsReport;
import org.fer.io.Hashing;
import org.fer.io.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code fer train}: trains a network on a processed dataset, keeps the best by val accuracy, evaluates it. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a CNN (simple | xception | inception | dexpression | hybrid | tiny) with augmentation, class weights, early stopping and LR on plateau; "
                + "writes model.zip (best by val accuracy), checkpoint.zip (resumable), history.csv and metrics.json.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Network: ${COMPLETION-CANDIDATES}.", completionCandidates = Names.class)
    String network;
    @Option(names = "--data", required = true, description = "Processed dataset directory (fer preprocess).")
    Path data;
    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;
    @Option(names = "--epochs", defaultValue = "60", description = "Epoch cap (default ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--lr", defaultValue = "1e-3", description = "Initial Adam learning rate (default ${DEFAULT-VALUE}).")
    double lr;
    @Option(names = "--l2", defaultValue = "1e-4", description = "L2 weight decay (default ${DEFAULT-VALUE}).")
    double l2;
    @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--class-weights", defaultValue = "balanced", description = "balanced | none (default ${DEFAULT-VALUE}).")
    String classWeights;
    @Option(names = "--no-augment", description = "Switch augmentation off.")
    boolean noAugment;
    @Option(names = "--random-erasing", defaultValue = "0", description = "Probability of erasing one random rectangle (2-33 %% of the face) "
            + "with noise in each augmented training face (default ${DEFAULT-VALUE}: off).")
    double randomErasing;
    @Option(names = "--patience", defaultValue = "12", description = "Early-stopping patience in epochs (default ${DEFAULT-VALUE}).")
    int patience;
    @Option(names = "--lr-patience", defaultValue = "4", description = "Epochs of flat val accuracy before LR x factor (default ${DEFAULT-VALUE}).")
    int lrPatience;
    @Option(names = "--lr-factor", defaultValue = "0.5", description = "LR multiplier on plateau (default ${DEFAULT-VALUE}).")
    double lrFactor;
    @Option(names = "--max-minutes", defaultValue = "0", description = "Wall-clock budget; stops resumably before overrunning it (0 = none).")
    double maxMinutes;
    @Option(names = "--train-limit", defaultValue = "0", description = "Use only the first N training faces (0 = all).")
    int trainLimit;
    @Option(names = "--replicas", defaultValue = "1", description = "1, or 2: every batch split across two copies of the network on two "
            + "threads (data-parallel; faster on 2 cores for small networks, see results/cnn-speed; batch norm sees half batches). Default ${DEFAULT-VALUE}.")
    int replicas;
    @Option(names = "--resume", description = "Continue from <out>/checkpoint.zip if present (its settings win, except --epochs, --max-minutes and --replicas).")
    boolean resume;
    @Option(names = "--no-test", description = "Do not evaluate the test splits at the end (val only).")
    boolean noTest;
    @Option(names = "--label-smoothing", defaultValue = "0", description = "Share of each label's mass spread evenly over the 7 classes (default ${DEFAULT-VALUE}).")
    double labelSmoothing;
    @Option(names = "--teacher", description = "Knowledge distillation: a soft-label file for the train split (fer soft-labels); targets mix the label with it.")
    Path teacher;
    @Option(names = "--teacher-weight", defaultValue = "0.5", description = "With --teacher: share of each target taken from the teacher (default ${DEFAULT-VALUE}).")
    double teacherWeight;
    @Option(names = "--refit", description = "Refit: train the run in this directory again on train + val, replaying its epoch count (its best epoch) "
            + "and the learning rate of each of those epochs from its history.csv, with its settings and warm start (read from its model.zip); "
            + "--seed may change the seed, every other training option is ignored. The refit keeps its last epoch and reports no val accuracy.")
    Path refit;
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;
    @Option(names = "--init-from", description = "Warm start: begin from this model's weights (same network) with this run's settings and a fresh optimiser; recorded with its sha256.")
    Path initFrom;

    static final class Names implements Iterable<String> {
        @Override public java.util.Iterator<String> iterator() { return Networks.NAMES.iterator(); }
    }

    @Override
    public Integer call() throws Exception {
        DeepRuntime.init();
        long t0 = System.nanoTime();
        String commitAtStart = Provenance.gitCommit();
        if (!Networks.NAMES.contains(network)) throw new org.fer.core.FerException("--model: unknown network '" + network + "' (known: " + Networks.NAMES + ")");
        if (!classWeights.equals("balanced") && !classWeights.equals("none")) throw new org.fer.core.FerException("--class-weights must be balanced or none, got " + classWeights);
        if (replicas != 1 && replicas != 2) throw new org.fer.core.FerException("--replicas must be 1 or 2, got " + replicas);
        ProcessedDataset ds = ProcessedDataset.open(data);
        Split train = ds.split("train"), val = ds.split("val");
        if (refit != null) return refit(ds, train, val, t0, commitAtStart);
        TrainConfig cfg = new TrainConfig(network, epochs, batch, lr, l2, seed, classWeights.equals("balanced"),
                noAugment ? Augmenter.NONE : Augmenter.DEFAULT.withEraseProb(randomErasing), patience, lrPatience, lrFactor, 1e-5, maxMinutes, trainLimit, replicas,
                teacher == null ? new SoftTargets(labelSmoothing, null, null, 0)
                        : new SoftTargets(labelSmoothing, teacher.toString(), Hashing.sha256(org.fer.model.SoftLabels.requireFile(teacher)), teacherWeight));
        if (initFrom != null && !ModelFile.isModelFile(initFrom))
            throw new org.fer.core.FerException("--init-from " + initFrom + ": not a fer-deep model file (expected a model.zip written by fer train)");
        Trainer.Result r = Trainer.train(train, val, cfg, out, resume, null, initFrom);
        System.out.printf(Locale.ROOT, "stopped: %s; best val accuracy %.2f %% at epoch %d (%d epochs, %.0f s training)%n",
                r.state().stopReason, 100 * r.state().bestValAcc, r.state().bestEpoch, r.state().epoch, r.state().trainSeconds);
        List<String> splits = noTest ? List.of("val") : MetricsReport.reportSplits(ds);
        report("cnn-" + network, new DeepModel(r.best(), ModelFile.meta(out.resolve(Trainer.BEST))), ds, splits, r, out,
                "fer train --model " + network + " --data " + data + " --out " + out + (initFrom == null ? "" : " --init-from " + initFrom)
                        + (labelSmoothing == 0 ? "" : " --label-smoothing " + labelSmoothing) + (randomErasing == 0 ? "" : " --random-erasing " + randomErasing) + (teacher == null ? "" : " --teacher " + teacher + " --teacher-weight " + teacherWeight), (System.nanoTime() - t0) / 1e9, commitAtStart);
        System.out.println("wrote " + out.resolve("metrics.json"));
        return 0;
    }

    /** {@code --refit}: the source run's settings and warm start, its schedule replayed on train + val. */
    private int refit(ProcessedDataset ds, Split train, Split val, long t0, String commitAtStart) throws Exception {
        Path sourceModel = refit.resolve(Trainer.BEST), sourceHistory = refit.resolve(Trainer.HISTORY);
        if (!ModelFile.isModelFile(sourceModel))
            throw new org.fer.core.FerException("--refit " + refit + ": no " + Trainer.BEST + " written by fer train there");
        Map<String, Object> meta = ModelFile.meta(sourceModel);
        @SuppressWarnings("unchecked") Map<String, Object> t = meta.get("training") instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        if (t == null || !(t.get("config") instanceof Map<?, ?>))
            throw new org.fer.core.FerException("--refit " + sourceModel + ": records no training run (a soup or re-estimated model? refit the run it came from)");
        @SuppressWarnings("unchecked") TrainConfig source = TrainConfig.fromMap((Map<String, Object>) t.get("config"));
        if (source.refit() != null) throw new org.fer.core.FerException("--refit " + refit + " is itself a refit; refit its source " + source.refit().source());
        if (!network.equals(source.network()))
            throw new org.fer.core.FerException("--refit " + refit + " trained '" + source.network() + "', not --model " + network);
        if (!(meta.get("epoch") instanceof Number bestEpochN) || bestEpochN.intValue() < 1)
            throw new org.fer.core.FerException("--refit " + sourceModel + ": records no best epoch (field 'epoch'), so there is no epoch count to replay");
        int bestEpoch = bestEpochN.intValue();
        List<Double> lr = RefitSchedule.lrOfEpochs(sourceHistory, bestEpoch);
        Path warm = null;
        if (t.get("init_from") instanceof Map<?, ?> init) {
            warm = Path.of(String.valueOf(init.get("model")));
            String sha = Files.exists(warm) ? Hashing.sha256(warm) : "missing";
            if (!sha.equals(init.get("sha256")))
                throw new org.fer.core.FerException("--refit " + refit + " started from " + warm + " (sha256 " + init.get("sha256") + "), which is "
                        + (Files.exists(warm) ? "now a different file (sha256 " + sha + ")" : "missing") + ": run from the repository root with the source's starting model in place");
        }
        long s = spec.commandLine().getParseResult().hasMatchedOption("--seed") ? seed : source.seed();
        TrainConfig cfg = source.withMaxMinutes(maxMinutes).withReplicas(replicas)
                .asRefit(new RefitSchedule(refit.toString(), Hashing.sha256(sourceModel), lr), s);
        Trainer.Result r = Trainer.train(train, val, cfg, out, resume, null, warm);
        System.out.printf(Locale.ROOT, "stopped: %s (%d epochs on train + val, %.0f s training)%n", r.state().stopReason, r.state().epoch, r.state().trainSeconds);
        DeepModel model = new DeepModel(r.best(), ModelFile.meta(out.resolve(Trainer.BEST)));
        List<String> splits = noTest ? List.of() : MetricsReport.reportSplits(ds, model.describe()); // the model says it trained on val
        report("cnn-" + network + "-refit", model, ds, splits, r, out,
                "fer train --model " + network + " --data " + data + " --out " + out + " --refit " + refit + " --seed " + s, (System.nanoTime() - t0) / 1e9, commitAtStart);
        System.out.println("wrote " + out.resolve("metrics.json"));
        return 0;
    }

    /** metrics.json of a finished run: each split's metrics, training summary, throughput, provenance. */
    static void report(String experiment, DeepModel model, ProcessedDataset ds, List<String> splits, Trainer.Result r, Path out,
                       String command, double wallS, String commitAtStart) {
        MetricsReport rep = new MetricsReport(experiment, model.describe());
        rep.evaluate(model, ds, splits, out);
        @SuppressWarnings("unchecked") Map<String, Object> sp = (Map<String, Object>) rep.root().get("splits");
        for (String s : splits) {
            @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) sp.get(s);
            System.out.printf(Locale.ROOT, "%-12s accuracy %.2f %%%n", s, 100 * ((Number) m.get("accuracy")).doubleValue());
        }
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("stop_reason", r.state().stopReason);
        training.put("epochs_run", r.state().epoch);
        training.put("best_epoch", r.state().bestEpoch);
        if (r.config().refit() == null) training.put("best_val_accuracy", r.state().bestValAcc);
        else training.put("refit", r.config().refit().toMap());
        training.put("train_seconds", Math.round(r.state().trainSeconds));
        double imgS = r.state().history.stream().mapToDouble(h -> ((Number) h.get("train_img_s")).doubleValue()).average().orElse(0);
        training.put("mean_train_img_s", Math.round(imgS * 10) / 10.0);
        training.put("runtime", DeepRuntime.info());
        rep.put("training", training);
        Map<String, Object> prov = Provenance.base(command);
        prov.put("inputs", Map.of("data", ds.dir().toString(), "data_manifest_sha256", ds.manifestSha256()));
        prov.put("git_commit_at_start", commitAtStart);
        prov.put("seed", r.config().seed());
        prov.put("parameters", r.config().toMap());
        if (r.state().initFrom != null) prov.put("init_from", r.state().initFrom);
        prov.put("wall_time_s", Math.round(wallS * 10) / 10.0);
        rep.put("provenance", prov);
        rep.write(out);
    }
}
