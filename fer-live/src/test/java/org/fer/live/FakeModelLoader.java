package org.fer.live;

import org.fer.core.Emotion;
import org.fer.model.EmotionClassifier;
import org.fer.model.ModelLoader;

import java.nio.file.Path;

/** Lets CLI tests pass {@code --model x.fake}: the file's content names the favourite class. */
public final class FakeModelLoader implements ModelLoader {
    @Override public boolean accepts(Path file) { return file.getFileName().toString().endsWith(".fake"); }

    @Override
    public EmotionClassifier load(Path file) {
        try {
            return new FakeClassifier(Emotion.parse(java.nio.file.Files.readString(file).trim()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
