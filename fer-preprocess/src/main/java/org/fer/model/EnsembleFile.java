package org.fer.model;

import org.fer.core.FerException;
import org.fer.io.AtomicFiles;
import org.fer.io.Hashing;
import org.fer.io.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The saved form of an {@link Ensemble}: a small JSON file named {@code *.ensemble.json} listing its members — each a
 * model file (path relative to the JSON file, so the folder can move), the test-time augmentation chosen for it, and the
 * sha256 it had when the ensemble was chosen. A member that changed since (a resumed training overwrites model.zip) is
 * refused with a message, because the choice was measured on the old file. Registered as a {@link ModelLoader}, so
 * {@code evaluate}, {@code predict}, {@code live} and {@code results/default-model.txt} take it like any model.
 */
public final class EnsembleFile implements ModelLoader {
    public static final String SUFFIX = ".ensemble.json";

    /** One member as saved: its file, test-time augmentation, and content hash. */
    public record Member(Path model, TestTimeAugmented.Mode tta, String sha256) {}

    @Override
    public boolean accepts(Path file) {
        return file.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(file);
    }

    @Override
    public EmotionClassifier load(Path file) {
        List<Member> members = read(file);
        List<EmotionClassifier> loaded = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            for (Member m : members) {
                loaded.add(TestTimeAugmented.apply(ModelLoader.loadAny(m.model()), m.tta()));
                names.add(file.toAbsolutePath().getParent().relativize(m.model().toAbsolutePath()) + (m.tta() == TestTimeAugmented.Mode.NONE ? "" : " (" + m.tta().label() + ")"));
            }
        } catch (RuntimeException e) {
            for (EmotionClassifier c : loaded) c.close();
            throw e;
        }
        return new Ensemble(loaded, names);
    }

    /** Reads and checks an ensemble file: every member present and unchanged. */
    @SuppressWarnings("unchecked")
    public static List<Member> read(Path file) {
        Map<String, Object> root = Json.readMap(file);
        Object list = root.get("members");
        if (!(list instanceof List<?> raw) || raw.isEmpty())
            throw new FerException(file + ": field 'members' must be a non-empty list");
        Path dir = file.toAbsolutePath().getParent();
        List<Member> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof Map<?, ?> m)) throw new FerException(file + ": members[" + i + "] must be an object");
            Map<String, Object> mm = (Map<String, Object>) m;
            String where = file + ": members[" + i + "]";
            if (!(mm.get("model") instanceof String rel)) throw new FerException(where + ": field 'model' must be a model file path (a string)");
            if (!(mm.get("sha256") instanceof String sha)) throw new FerException(where + ": field 'sha256' must be the member file's sha256 (a string)");
            TestTimeAugmented.Mode tta;
            try {
                tta = TestTimeAugmented.Mode.parse(String.valueOf(mm.getOrDefault("tta", "none")));
            } catch (FerException e) {
                throw new FerException(where + ": field 'tta': " + e.getMessage());
            }
            if (tta == TestTimeAugmented.Mode.AUTO) throw new FerException(where + ": field 'tta' must be none, flip, flip-shift or flip-affine");
            Path model = dir.resolve(rel).normalize();
            if (!Files.isRegularFile(model)) throw new FerException(where + ": member model " + model + " is missing");
            String now = Hashing.sha256(model);
            if (!now.equals(sha))
                throw new FerException(where + ": " + model + " changed since this ensemble was chosen (sha256 " + sha.substring(0, Math.min(12, sha.length()))
                        + "… then, " + now.substring(0, 12) + "… now); choose again with `fer ensemble`");
            out.add(new Member(model, tta, sha));
        }
        return out;
    }

    /** Writes an ensemble file atomically; member paths are stored relative to the file's folder. */
    public static void write(Path file, List<Member> members, Map<String, Object> extra) {
        if (!file.getFileName().toString().endsWith(SUFFIX)) throw new FerException(file + ": an ensemble file name must end with " + SUFFIX);
        Path dir = file.toAbsolutePath().getParent();
        List<Object> ms = new ArrayList<>();
        for (Member m : members) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("model", dir.relativize(m.model().toAbsolutePath().normalize()).toString());
            j.put("tta", m.tta().label());
            j.put("sha256", m.sha256());
            ms.add(j);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("kind", "ensemble");
        root.put("combination", "mean of the members' class probabilities");
        root.put("members", ms);
        root.putAll(extra);
        AtomicFiles.writeString(file, Json.toString(root) + "\n");
    }
}
