package org.fer.model;

import org.fer.core.FerException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Loads one kind of saved model. Modules register theirs in
 * {@code META-INF/services/org.fer.model.ModelLoader}; {@link #load(Path)} asks each in turn, so
 * {@code fer evaluate --model <file>} works for every model kind on the class path.
 */
public interface ModelLoader {
    /** Whether this loader recognises the file (by name or by its first bytes). */
    boolean accepts(Path file);

    EmotionClassifier load(Path file);

    static EmotionClassifier loadAny(Path file) {
        if (!Files.exists(file)) throw new FerException("model file not found: " + file);
        List<String> kinds = new ArrayList<>();
        for (ModelLoader l : ServiceLoader.load(ModelLoader.class)) {
            kinds.add(l.getClass().getSimpleName());
            if (l.accepts(file)) return l.load(file);
        }
        throw new FerException(file + ": no model loader recognises this file (loaders on the class path: " + kinds + ")");
    }
}
