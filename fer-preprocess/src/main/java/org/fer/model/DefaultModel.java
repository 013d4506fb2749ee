package org.fer.model;

import org.fer.core.FerException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the shipped model lives: {@code results/default-model.txt} names it (first line: a path relative to the
 * repository root), so the best model can change without code changes. Used when a command gets no {@code --model}.
 * Further lines {@code key=value} carry how to run it — {@code tta=flip} when flip averaging was chosen for it on the
 * validation split ({@code fer evaluate --tta auto}); lines starting with {@code #} are comments.
 */
public final class DefaultModel {
    public static final String POINTER = "results/default-model.txt";

    /** The shipped model file and its recorded settings. */
    public record Shipped(Path model, Map<String, String> settings) {
        /** Test-time augmentation recorded for the shipped model ("none" when the pointer says nothing). */
        public TestTimeAugmented.Mode tta() { return TestTimeAugmented.Mode.parse(settings.getOrDefault("tta", "none")); }
    }

    private DefaultModel() {}

    public static Path resolve() { return shipped(repositoryRoot()).model(); }

    public static Shipped shipped(Path root) {
        Path pointer = root.resolve(POINTER);
        if (!Files.exists(pointer))
            throw new FerException("no --model given and no shipped default (" + pointer + " is missing): train one with `fer train` or pass --model FILE");
        List<String> lines;
        try {
            lines = Files.readAllLines(pointer).stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (java.io.IOException e) {
            throw new FerException("cannot read " + pointer + ": " + e.getMessage());
        }
        if (lines.isEmpty()) throw new FerException(pointer + ": empty (line 1 must name the model file)");
        Path model = root.resolve(lines.get(0));
        if (!Files.exists(model)) throw new FerException("the default model named in " + pointer + " is missing: " + model);
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            int eq = lines.get(i).indexOf('=');
            if (eq <= 0) throw new FerException(pointer + ": line '" + lines.get(i) + "' is not key=value");
            settings.put(lines.get(i).substring(0, eq).trim(), lines.get(i).substring(eq + 1).trim());
        }
        Shipped s = new Shipped(model, settings);
        s.tta(); // a bad value is reported now, naming the file
        return s;
    }

    /**
     * The test-time augmentation a command should use: the one asked for; else, when the command runs the shipped
     * model, the one recorded for it; else none.
     */
    public static TestTimeAugmented.Mode tta(String asked, Path explicitModel) {
        if (asked != null) return TestTimeAugmented.Mode.parse(asked);
        return explicitModel == null ? shipped(repositoryRoot()).tta() : TestTimeAugmented.Mode.NONE;
    }

    /** The nearest folder upwards from the working directory that holds results/ and pom.xml; else the working directory. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent())
            if (Files.isDirectory(d.resolve("results")) && Files.exists(d.resolve("pom.xml"))) return d;
        String home = System.getProperty("fer.home");
        return home != null ? Path.of(home) : dir;
    }
}
