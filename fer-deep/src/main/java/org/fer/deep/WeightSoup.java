package org.fer.deep;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fer.core.FerException;
import org.fer.data.Split;
import org.fer.io.Hashing;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A "model soup" (Wortsman et al., 2022): one network whose weights are the mean of several trained copies of the same
 * network that share a starting point (e.g. runs warm-started from one model, or a run's best and last epochs). It
 * costs what one network costs at run time, unlike an ensemble. The greedy recipe adds the ingredients in order of
 * their own val accuracy and keeps one only if the mean with it is strictly more accurate on val, so the soup is never
 * worse on val than its best ingredient; val is the only split it looks at.
 *
 * <p>Batch-norm statistics are averaged like every other parameter (DL4J keeps them among the parameters), unless
 * training faces are given for {@link BatchNormStats#reestimate}: then every candidate mean, the first ingredient alone
 * included, has its statistics re-estimated before val scores it, and the soup keeps the re-estimated statistics. The
 * greedy guarantee then holds against the best ingredient <em>with</em> re-estimated statistics, which can score below
 * that ingredient as it was (the first step records both).
 */
public final class WeightSoup {
    private WeightSoup() {}

    /** One candidate model and its own val accuracy (plain, no test-time augmentation). */
    public record Ingredient(Path file, String sha256, Object epoch, double valAccuracy) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", file.toString());
            m.put("sha256", sha256);
            m.put("epoch", epoch);
            m.put("val_accuracy", valAccuracy);
            return m;
        }
    }

    /** One greedy step: the ingredient tried, the val accuracy of the mean with it, and whether it was kept. */
    public record Step(Path file, double valAccuracy, boolean kept) {}

    /** The soup: its network (weights = mean of the members'), members, every ingredient and step, and its val accuracy. */
    public record Result(ComputationGraph graph, Map<String, Object> baseMeta, List<Ingredient> members, List<Ingredient> ingredients,
                         List<Step> steps, double valAccuracy, boolean greedy, Map<String, Object> batchNorm) {}

    /** Where re-estimated batch-norm statistics come from: the first {@code limit} faces of {@code faces} (0: all). */
    public record BatchNormSource(Split faces, int limit, Augmenter augment, long seed) {}

    /**
     * Greedy ({@code greedy}) or uniform (all ingredients) soup of {@code models}, scored on {@code val}. All must hold
     * the same network with the same number of parameters.
     */
    public static Result make(List<Path> models, Split val, boolean greedy) {
        return make(models, val, greedy, null);
    }

    /** As {@link #make(List, Split, boolean)}; with {@code bn} non-null, each candidate's batch-norm statistics are re-estimated first. */
    public static Result make(List<Path> models, Split val, boolean greedy, BatchNormSource bn) {
        if (models.isEmpty()) throw new FerException("soup: no models given");
        Map<String, Object> firstMeta = null;
        long n = -1;
        List<Ingredient> ingredients = new ArrayList<>();
        Map<Path, INDArray> params = new LinkedHashMap<>();
        for (Path f : models) {
            if (params.containsKey(f)) throw new FerException("soup: " + f + " is given twice");
            if (!ModelFile.isModelFile(f)) throw new FerException("soup: " + f + " is not a fer-deep model file (a model.zip or checkpoint.zip written by fer train)");
            Map<String, Object> meta = ModelFile.meta(f);
            try (DeepModel m = DeepModel.load(f)) {
                if (firstMeta == null) {
                    firstMeta = meta;
                    n = m.graph().numParams();
                } else {
                    if (!firstMeta.get("network").equals(meta.get("network")))
                        throw new FerException("soup: " + f + " holds a '" + meta.get("network") + "' network, " + models.get(0) + " a '" + firstMeta.get("network") + "'");
                    if (m.graph().numParams() != n)
                        throw new FerException("soup: " + f + " has " + m.graph().numParams() + " parameters, " + models.get(0) + " has " + n);
                }
                params.put(f, m.graph().params().dup());
                ingredients.add(new Ingredient(f, Hashing.sha256(f), meta.get("epoch"), Trainer.evaluate(m, val)[0]));
            }
        }
        List<Ingredient> order = new ArrayList<>(ingredients);
        order.sort(Comparator.comparingDouble(Ingredient::valAccuracy).reversed()); // stable: ties keep the given order
        ComputationGraph graph = ModelFile.load(order.get(0).file(), false);
        DeepModel scorer = new DeepModel(graph, firstMeta);
        List<Ingredient> members = new ArrayList<>(List.of(order.get(0)));
        INDArray sum = params.get(order.get(0).file()).dup();
        BatchNormStats.Summary bnSummary = null;
        if (bn != null) bnSummary = BatchNormStats.reestimate(scorer, bn.faces(), bn.limit(), bn.augment(), bn.seed());
        double acc = bn == null ? order.get(0).valAccuracy() : Trainer.evaluate(scorer, val)[0];
        List<Step> steps = new ArrayList<>(List.of(new Step(order.get(0).file(), acc, true)));
        for (Ingredient next : order.subList(1, order.size())) {
            INDArray trySum = sum.add(params.get(next.file()));
            graph.setParams(trySum.div(members.size() + 1));
            if (bn != null) BatchNormStats.reestimate(scorer, bn.faces(), bn.limit(), bn.augment(), bn.seed());
            double a = Trainer.evaluate(scorer, val)[0];
            boolean keep = !greedy || a > acc;
            steps.add(new Step(next.file(), a, keep));
            if (keep) {
                sum = trySum;
                members.add(next);
                acc = a;
            }
        }
        graph.setParams(sum.div(members.size()));
        if (bn != null) BatchNormStats.reestimate(scorer, bn.faces(), bn.limit(), bn.augment(), bn.seed());
        if (greedy) acc = Trainer.evaluate(scorer, val)[0]; // the kept mean, scored once more (equal to the last kept step)
        return new Result(graph, firstMeta, members, ingredients, steps, acc, greedy, bnSummary == null ? null : bnSummary.toMap(bn.faces().name()));
    }

    /** The saved soup's metadata: the first ingredient's network description, the soup's val accuracy and its recipe. */
    static Map<String, Object> meta(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("kind", "contract", "network", "classes", InputAdapter.META_KEY))
            if (r.baseMeta().containsKey(k)) m.put(k, r.baseMeta().get(k));
        m.put("val_accuracy", r.valAccuracy());
        Map<String, Object> soup = new LinkedHashMap<>();
        soup.put("recipe", r.greedy() ? "greedy: ingredients by their own val accuracy, each kept only if the mean with it is more accurate on val"
                : "uniform: the mean of every ingredient");
        soup.put("members", r.members().stream().map(Ingredient::toMap).toList());
        soup.put("ingredients", r.ingredients().stream().map(Ingredient::toMap).toList());
        soup.put("batch_norm", r.batchNorm() == null ? "averaged like the weights" : r.batchNorm());
        soup.put("steps", r.steps().stream().map(s -> Map.<String, Object>of("model", s.file().toString(), "val_accuracy", s.valAccuracy(), "kept", s.kept())).toList());
        m.put("training", Map.of("soup", soup));
        return m;
    }
}
