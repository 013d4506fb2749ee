package org.fer.deep;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that defines a training run (stored in every checkpoint and model).
 *
 * @param network          {@link Networks} name
 * @param epochs           epoch cap
 * @param batch            mini-batch size
 * @param lr               initial Adam learning rate
 * @param l2               L2 weight decay on every layer
 * @param seed             seeds weights, shuffling, augmentation and dropout
 * @param balanced         class weights n/(7·count) in the cross-entropy (the seed's class-weight balancing); false = plain
 * @param augment          on-the-fly augmentation (Augmenter.NONE to switch off)
 * @param patience         early stopping: epochs without a better val accuracy before stopping
 * @param lrPatience       LR on plateau: epochs without a better val accuracy before multiplying the LR by lrFactor
 * @param lrFactor         LR multiplier on plateau
 * @param minLr            LR floor
 * @param maxMinutes       stop (resumably) after the epoch that would overrun this wall-clock budget; 0 = none
 * @param trainLimit       use only the first N training faces (quick runs); 0 = all
 * @param replicas         1: plain steps; 2: each batch split across two copies of the network on two threads
 *                         ({@link DataParallelStep}; batch norm then sees halves of the batch)
 * @param targets          one-hot, label-smoothed or teacher-mixed targets ({@link SoftTargets}; HARD by default)
 * @param refit            null, or a refit on train + val with a replayed schedule ({@link RefitSchedule}): then
 *                         {@code epochs} is its length and patience, plateau and val play no part
 */
public record TrainConfig(String network, int epochs, int batch, double lr, double l2, long seed, boolean balanced,
                          Augmenter augment, int patience, int lrPatience, double lrFactor, double minLr,
                          double maxMinutes, int trainLimit, int replicas, SoftTargets targets, RefitSchedule refit) {

    public TrainConfig {
        if (replicas != 1 && replicas != 2) throw new org.fer.core.FerException("replicas must be 1 or 2, got " + replicas);
        if (targets == null) targets = SoftTargets.HARD;
        if (refit != null && targets.teacher() != null)
            throw new org.fer.core.FerException("a refit cannot use a teacher: its soft labels cover the train split only, a refit also trains on val");
        if (refit != null && trainLimit != 0) throw new org.fer.core.FerException("a refit uses every train and val face (train limit " + trainLimit + ")");
    }

    /** No refit. */
    public TrainConfig(String network, int epochs, int batch, double lr, double l2, long seed, boolean balanced,
                       Augmenter augment, int patience, int lrPatience, double lrFactor, double minLr,
                       double maxMinutes, int trainLimit, int replicas, SoftTargets targets) {
        this(network, epochs, batch, lr, l2, seed, balanced, augment, patience, lrPatience, lrFactor, minLr, maxMinutes, trainLimit, replicas, targets, null);
    }

    /** One-hot targets. */
    public TrainConfig(String network, int epochs, int batch, double lr, double l2, long seed, boolean balanced,
                       Augmenter augment, int patience, int lrPatience, double lrFactor, double minLr,
                       double maxMinutes, int trainLimit, int replicas) {
        this(network, epochs, batch, lr, l2, seed, balanced, augment, patience, lrPatience, lrFactor, minLr, maxMinutes, trainLimit, replicas, SoftTargets.HARD);
    }

    /** One replica (plain training steps). */
    public TrainConfig(String network, int epochs, int batch, double lr, double l2, long seed, boolean balanced,
                       Augmenter augment, int patience, int lrPatience, double lrFactor, double minLr,
                       double maxMinutes, int trainLimit) {
        this(network, epochs, batch, lr, l2, seed, balanced, augment, patience, lrPatience, lrFactor, minLr, maxMinutes, trainLimit, 1, SoftTargets.HARD);
    }

    public static TrainConfig defaults(String network) {
        return new TrainConfig(network, 60, 64, 1e-3, 1e-4, 42, true, Augmenter.DEFAULT, 12, 4, 0.5, 1e-5, 0, 0);
    }

    public TrainConfig withEpochs(int e) { return new TrainConfig(network, e, batch, lr, l2, seed, balanced, augment, patience, lrPatience, lrFactor, minLr, maxMinutes, trainLimit, replicas, targets, refit); }

    public TrainConfig withMaxMinutes(double m) { return new TrainConfig(network, epochs, batch, lr, l2, seed, balanced, augment, patience, lrPatience, lrFactor, minLr, m, trainLimit, replicas, targets, refit); }

    public TrainConfig withReplicas(int r) { return new TrainConfig(network, epochs, batch, lr, l2, seed, balanced, augment, patience, lrPatience, lrFactor, minLr, maxMinutes, trainLimit, r, targets, refit); }

    public TrainConfig withTargets(SoftTargets t) { return new TrainConfig(network, epochs, batch, lr, l2, seed, balanced, augment, patience, lrPatience, lrFactor, minLr, maxMinutes, trainLimit, replicas, t, refit); }

    /** This run as a refit with {@code schedule} (its epoch count becomes the schedule's) and seed {@code s}. */
    public TrainConfig asRefit(RefitSchedule schedule, long s) { return new TrainConfig(network, schedule.epochs(), batch, lr, l2, s, balanced, augment, patience, lrPatience, lrFactor, minLr, maxMinutes, trainLimit, replicas, targets, schedule); }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("network", network);
        m.put("epochs", epochs);
        m.put("batch", batch);
        m.put("lr", lr);
        m.put("l2", l2);
        m.put("seed", seed);
        m.put("class_weights", balanced ? "balanced" : "none");
        m.put("augment", augment.toMap());
        m.put("early_stopping_patience", patience);
        m.put("lr_plateau_patience", lrPatience);
        m.put("lr_plateau_factor", lrFactor);
        m.put("min_lr", minLr);
        m.put("max_minutes", maxMinutes);
        m.put("train_limit", trainLimit);
        m.put("replicas", replicas);
        if (!targets.hard()) m.put("targets", targets.toMap()); // only when used: one-hot runs keep the keys they always had
        if (refit != null) m.put("refit", refit.toMap());
        return m;
    }

    @SuppressWarnings("unchecked")
    public static TrainConfig fromMap(Map<String, Object> m) {
        Map<String, Object> a = (Map<String, Object>) m.get("augment");
        return new TrainConfig((String) m.get("network"), num(m, "epochs").intValue(), num(m, "batch").intValue(),
                num(m, "lr").doubleValue(), num(m, "l2").doubleValue(), num(m, "seed").longValue(),
                "balanced".equals(m.get("class_weights")),
                new Augmenter(num(a, "rotation_deg").doubleValue(), num(a, "shift_frac").doubleValue(), num(a, "zoom").doubleValue(), (Boolean) a.get("hflip"),
                        a.containsKey("erase_prob") ? num(a, "erase_prob").doubleValue() : 0), // files before session 13 have none: off
                num(m, "early_stopping_patience").intValue(), num(m, "lr_plateau_patience").intValue(),
                num(m, "lr_plateau_factor").doubleValue(), num(m, "min_lr").doubleValue(),
                num(m, "max_minutes").doubleValue(), num(m, "train_limit").intValue(),
                m.containsKey("replicas") ? num(m, "replicas").intValue() : 1, // files before session 5 have no key: one replica
                SoftTargets.fromMap(m.get("targets")), RefitSchedule.fromMap(m.get("refit")));
    }

    private static Number num(Map<String, Object> m, String k) { return (Number) m.get(k); }

    /** Balanced class weights n / (k · count_c) (scikit-learn's "balanced"); a class absent from training gets 1. */
    public static float[] balancedWeights(int[] counts) {
        long n = 0;
        for (int c : counts) n += c;
        float[] w = new float[counts.length];
        for (int c = 0; c < counts.length; c++) w[c] = counts[c] == 0 ? 1f : (float) (n / ((double) counts.length * counts[c]));
        return w;
    }
}
