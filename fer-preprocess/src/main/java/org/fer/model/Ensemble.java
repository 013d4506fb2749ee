package org.fer.model;

import org.fer.core.Face48;
import org.fer.core.FerException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several trained models voting softly: the mean of their class probabilities. Networks of different design err on
 * different faces, so the mean is usually more accurate than any one of them; it costs one call per member. Which
 * members (and each member's test-time augmentation) is chosen on the validation split by {@code fer ensemble}, which
 * saves the choice as an {@link EnsembleFile} that every command loads like any other model.
 */
public final class Ensemble implements EmotionClassifier {
    private final List<EmotionClassifier> members;
    private final List<String> names;

    /** @param members the models (already wrapped in their test-time augmentation); @param names one label per member */
    public Ensemble(List<EmotionClassifier> members, List<String> names) {
        if (members.isEmpty()) throw new FerException("an ensemble needs at least one member");
        if (members.size() != names.size()) throw new IllegalArgumentException("one name per member");
        this.members = List.copyOf(members);
        this.names = List.copyOf(names);
    }

    public int size() { return members.size(); }

    /** Element-wise mean of probability tables of equal shape. */
    public static float[][] mean(List<float[][]> tables) {
        float[][] first = tables.get(0);
        float[][] out = new float[first.length][first.length == 0 ? 0 : first[0].length];
        for (float[][] t : tables) {
            if (t.length != first.length) throw new IllegalArgumentException("tables of different length");
            for (int i = 0; i < t.length; i++) for (int c = 0; c < t[i].length; c++) out[i][c] += t[i][c];
        }
        for (float[] row : out) for (int c = 0; c < row.length; c++) row[c] /= tables.size();
        return out;
    }

    @Override
    public float[][] predictProba(List<Face48> faces) {
        List<float[][]> each = new ArrayList<>(members.size());
        for (EmotionClassifier m : members) each.add(m.predictProba(faces));
        return mean(each);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("kind", "ensemble");
        d.put("combination", "mean of the members' class probabilities");
        List<Object> ms = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", names.get(i));
            m.putAll(members.get(i).describe());
            ms.add(m);
        }
        d.put("members", ms);
        return d;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (EmotionClassifier m : members) {
            try {
                m.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }
}
