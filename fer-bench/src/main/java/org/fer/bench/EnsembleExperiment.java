package org.fer.bench;

import org.fer.core.Face48;
import org.fer.core.FerException;
import org.fer.experiment.Experiment;
import org.fer.experiment.ExperimentContext;
import org.fer.io.Json;
import org.fer.model.EmotionClassifier;
import org.fer.model.EnsembleCommand;
import org.fer.model.ModelLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The ensemble row: runs last, gathers the models the other experiments left (their results folder's {@code model.zip}
 * / {@code model.classic.zip}, or a CNN's bench work folder), and lets {@link EnsembleCommand#choose} pick members on
 * val. Candidate rule, stated so the row can be reproduced: one model per results folder; a folder {@code X-ft} (a
 * continued training of X) or {@code X-pbn} (X with re-estimated batch-norm statistics: nearly the same network, two
 * copies would crowd out other candidates) replaces X; a model that cannot load or predict a face here is skipped with a warning; peers' models ({@code keras-peer-*}: unknown training data) are never used;
 * the {@value #MAX} best by val are offered, each ranked by the val accuracy of its own test-time augmentation evaluation
 * (folder {@code X-tta}, written by {@code fer evaluate --tta auto}: val's choice of none, flip, flip-shift or flip-affine) when there
 * is one, else by its plain val accuracy; at most {@value #PER_NETWORK} of them share a network layout (the model's own
 * {@code network}; a model that names none is a layout of its own). Why (session 15): the members are combined with their
 * averaging, so plain val ranked networks that gain little from it (distilled ones: +1 point) above ones that gain
 * 2-3.5 points; ranked that way without the cap, the eight places all went to one layout and the chosen mean lost val
 * accuracy (69.79 vs 70.34 % with plain val): near-copies of one network err alike.
 */
public final class EnsembleExperiment implements Experiment {
    static final int MAX = 8;
    /** Places one network layout may take: half, so that other layouts (which err differently) are always offered. */
    static final int PER_NETWORK = MAX / 2;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EnsembleExperiment.class);

    @Override public String id() { return "ensemble"; }
    @Override public String title() { return "Ensemble chosen on val (mean of probabilities)"; }
    @Override public int order() { return 900; }

    /** A model another experiment left, with the val accuracy it is ranked by (see the class comment). */
    record Candidate(String id, Path model, double val, String network) {}

    @Override
    public void run(ExperimentContext ctx) throws IOException {
        List<Candidate> cands = candidates(ctx.outDir().getParent(), ctx.workDir().getParent(), id());
        if (cands.size() < 2) throw new FerException("ensemble: fewer than two trained models found under " + ctx.outDir().getParent() + " (run the other experiments first)");
        LOG.info("ensemble candidates (best {} by val): {}", MAX, cands.stream().map(Candidate::id).toList());
        EnsembleCommand.choose(cands.stream().map(Candidate::model).toList(), ctx.dataDir(), ctx.outDir());
    }

    static List<Candidate> candidates(Path results, Path work, String self) throws IOException {
        List<Candidate> all = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(results)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                String id = d.getFileName().toString();
                if (id.equals(self) || id.startsWith("keras-peer") || Files.isDirectory(results.resolve(id + "-ft"))
                        || Files.isDirectory(results.resolve(id + "-pbn"))) continue;
                Path metrics = d.resolve("metrics.json");
                Path model = Stream.of(d.resolve("model.zip"), d.resolve("model.classic.zip"), work.resolve(id).resolve("train/model.zip"))
                        .filter(Files::isRegularFile).findFirst().orElse(null);
                if (model == null || !Files.exists(metrics)) continue;
                Object val = Json.readMap(metrics).get("splits") instanceof Map<?, ?> splits && splits.get("val") instanceof Map<?, ?> v
                        ? v.get("accuracy") : null;
                if (!(val instanceof Number v)) continue;
                double rank = Math.max(v.doubleValue(), ttaVal(results.resolve(id + "-tta").resolve("metrics.json")));
                try (EmotionClassifier clf = ModelLoader.loadAny(model)) {
                    // loading is not enough: LightGBM on auto-encoder codes loads, but cannot compute its input from a face
                    clf.predictProba(List.of(Face48.of(new byte[Face48.PIXELS])));
                    Object network = clf.describe().get("network");
                    all.add(new Candidate(id, model, rank, network == null ? "(" + id + ")" : network.toString()));
                } catch (RuntimeException e) { // e.g. a model needing an asset this machine lacks: said, not fatal
                    LOG.warn("ensemble: skipping {} ({}): {}", id, model, e.getMessage());
                }
            }
        }
        all.sort(Comparator.comparingDouble(Candidate::val).reversed().thenComparing(Candidate::id));
        List<Candidate> offered = new ArrayList<>();
        Map<String, Integer> perNetwork = new HashMap<>();
        for (Candidate c : all) {
            if (offered.size() == MAX) break;
            if (perNetwork.merge(c.network(), 1, Integer::sum) <= PER_NETWORK) offered.add(c);
        }
        return offered;
    }

    /** Val accuracy of a test-time augmentation evaluation ({@code metrics.json} of {@code X-tta}), or -1 when there is none. */
    private static double ttaVal(Path metrics) throws IOException {
        if (!Files.isRegularFile(metrics)) return -1;
        Map<String, Object> m = Json.readMap(metrics);
        if (!(m.get("test_time_augmentation") instanceof Map<?, ?>)) return -1; // not written by --tta
        return m.get("splits") instanceof Map<?, ?> splits && splits.get("val") instanceof Map<?, ?> v && v.get("accuracy") instanceof Number a
                ? a.doubleValue() : -1;
    }
}
