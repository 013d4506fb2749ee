package org.fer.model;

import org.fer.core.Face48;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Test models saved as {@code *.rule} text files: {@code knows=0,1,2 guess=6}. Faces carry their true label in
 * the first pixel row ({@link #face}); a rule model puts 0.9 on the true label of the classes it knows and 0.5 on
 * its guess for the others, the rest spread evenly.
 */
public final class RuleModelLoader implements ModelLoader {
    @Override public boolean accepts(Path file) { return file.getFileName().toString().endsWith(".rule"); }

    @Override
    public EmotionClassifier load(Path file) {
        String text;
        try {
            text = Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : text.split("\\s+")) kv.put(part.substring(0, part.indexOf('=')), part.substring(part.indexOf('=') + 1));
        Set<Integer> knows = kv.get("knows").isEmpty() ? Set.of()
                : java.util.Arrays.stream(kv.get("knows").split(",")).map(Integer::parseInt).collect(Collectors.toSet());
        int guess = Integer.parseInt(kv.get("guess"));
        return new EmotionClassifier() {
            @Override
            public float[][] predictProba(List<Face48> faces) {
                float[][] p = new float[faces.size()][7];
                for (int i = 0; i < p.length; i++) {
                    int label = labelOf(faces.get(i));
                    int top = knows.contains(label) ? label : guess;
                    float mass = knows.contains(label) ? 0.9f : 0.5f;
                    for (int c = 0; c < 7; c++) p[i][c] = c == top ? mass : (1 - mass) / 6;
                }
                return p;
            }

            @Override public Map<String, Object> describe() { return new LinkedHashMap<>(Map.of("kind", "rule", "rule", text)); }
        };
    }

    /** A face whose whole first row (so also its mirror image's) says the label. */
    static Face48 face(int label, int seed) {
        byte[] px = new byte[Face48.PIXELS];
        for (int i = 0; i < px.length; i++) px[i] = (byte) ((i * 31 + seed * 7) % 200);
        for (int x = 0; x < Face48.SIDE; x++) px[x] = (byte) (label * 30);
        return Face48.of(px);
    }

    static int labelOf(Face48 f) { return f.get(0, 0) / 30; }
}
