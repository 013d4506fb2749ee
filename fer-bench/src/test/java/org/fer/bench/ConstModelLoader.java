package org.fer.bench;

import org.fer.core.Face48;
import org.fer.model.EmotionClassifier;
import org.fer.model.ModelLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Test models: a file holding {@code CONST <class>} always predicts that class ({@code CONST <class> <network>} also
 * names a network, as a trained CNN's model describes itself); {@code CONST broken} fails to load; {@code CONST mute}
 * loads but cannot predict.
 */
public final class ConstModelLoader implements ModelLoader {
    @Override
    public boolean accepts(Path file) {
        try {
            return Files.isRegularFile(file) && Files.readString(file).startsWith("CONST");
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    @Override
    public EmotionClassifier load(Path file) {
        String arg, network;
        try {
            arg = Files.readString(file).substring(5).trim();
            network = arg.contains(" ") ? arg.substring(arg.indexOf(' ') + 1) : null;
            if (network != null) arg = arg.substring(0, arg.indexOf(' '));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (arg.equals("broken")) throw new org.fer.core.FerException(file + ": broken on purpose");
        boolean mute = arg.equals("mute"); // loads, but cannot predict (like LightGBM on auto-encoder codes)
        int cls = mute ? 0 : Integer.parseInt(arg);
        return new EmotionClassifier() {
            @Override public float[][] predictProba(List<Face48> faces) {
                if (mute) throw new org.fer.core.FerException(file + ": cannot compute its features from faces");
                float[][] p = new float[faces.size()][7];
                for (float[] r : p) r[cls] = 1f;
                return p;
            }

            @Override public Map<String, Object> describe() {
                return network == null ? Map.of("kind", "const", "class", cls) : Map.of("kind", "const", "class", cls, "network", network);
            }
        };
    }
}
