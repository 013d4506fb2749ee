package org.fer.deep;

import org.fer.core.FerException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A refit: the run is trained again on train <em>and</em> val with what val chose for it replayed instead of decided
 * again — the source run's epoch count (its best epoch) and the learning rate each of those epochs ran at (LR on
 * plateau and early stopping need a held-out split, which a refit has not). Every other setting is the source's.
 * The refit's val accuracy means nothing (it trained on val): it is never reported and never used for a choice.
 *
 * @param source       the source run's directory (its model.zip and history.csv)
 * @param sourceSha256 sha256 of the source's model.zip
 * @param lr           learning rate of epoch 1, 2, ... (its length is the epoch count)
 */
public record RefitSchedule(String source, String sourceSha256, List<Double> lr) {
    public RefitSchedule {
        if (lr == null || lr.isEmpty()) throw new FerException("refit of " + source + ": empty learning-rate schedule");
        for (double v : lr) if (!(v > 0)) throw new FerException("refit of " + source + ": learning rate " + v + " in its schedule");
        lr = List.copyOf(lr);
    }

    public int epochs() { return lr.size(); }

    /** Learning rate of 1-based epoch {@code e}. */
    public double lrOfEpoch(int e) { return lr.get(e - 1); }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("source_sha256", sourceSha256);
        m.put("trained_on", List.of("train", "val"));
        m.put("lr_per_epoch", lr);
        return m;
    }

    /**
     * The learning rate each of epochs 1..{@code epochs} ran at, from a run's history.csv (its {@code lr} column holds the
     * rate an epoch trained with; a change on plateau shows from the next row).
     */
    static List<Double> lrOfEpochs(Path history, int epochs) {
        List<String> lines;
        try {
            lines = Files.readAllLines(history);
        } catch (java.io.IOException e) {
            throw new FerException("refit: cannot read " + history + " (the source run's history.csv): " + e.getMessage());
        }
        if (lines.isEmpty()) throw new FerException(history + ": empty");
        List<String> head = List.of(lines.get(0).split(","));
        int ep = head.indexOf("epoch"), lr = head.indexOf("lr");
        if (ep < 0 || lr < 0) throw new FerException(history + " line 1: no 'epoch' and 'lr' columns (header " + lines.get(0) + ")");
        Double[] out = new Double[epochs];
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String[] f = lines.get(i).split(",", -1);
            int e;
            double v;
            try {
                e = Integer.parseInt(f[ep].trim());
                v = Double.parseDouble(f[lr].trim());
            } catch (RuntimeException ex) {
                throw new FerException(history + " line " + (i + 1) + ": field 'epoch' or 'lr' is not a number (" + lines.get(i) + ")");
            }
            if (e >= 1 && e <= epochs) out[e - 1] = v;
        }
        for (int e = 1; e <= epochs; e++)
            if (out[e - 1] == null) throw new FerException(history + ": no row for epoch " + e + " (the refit replays epochs 1-" + epochs + ")");
        return List.of(out);
    }

    static RefitSchedule fromMap(Object o) {
        if (!(o instanceof Map<?, ?> m)) return null;
        List<Double> lr = new ArrayList<>();
        for (Object v : (List<?>) m.get("lr_per_epoch")) lr.add(((Number) v).doubleValue());
        return new RefitSchedule((String) m.get("source"), (String) m.get("source_sha256"), lr);
    }
}
