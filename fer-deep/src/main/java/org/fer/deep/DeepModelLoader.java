package org.fer.deep;

import org.fer.model.EmotionClassifier;
import org.fer.model.ModelLoader;

import java.nio.file.Path;

/** Recognises fer-deep model zips (DL4J zip + {@value ModelFile#META_ENTRY}) for {@code fer evaluate} and friends. */
public final class DeepModelLoader implements ModelLoader {
    @Override
    public boolean accepts(Path file) { return ModelFile.isModelFile(file); }

    @Override
    public EmotionClassifier load(Path file) { return DeepModel.load(file); }
}
