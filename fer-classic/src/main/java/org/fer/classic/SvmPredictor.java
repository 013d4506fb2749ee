package org.fer.classic;

import org.fer.core.FerException;

import java.nio.file.Path;
import java.util.Map;

/** placeholder, replaced below */
public final class SvmPredictor {
    public static final String TYPE = "svm";
    static Predictor load(Map<String, byte[]> entries, Map<String, Object> model, Path file) { throw new FerException("todo"); }
}
