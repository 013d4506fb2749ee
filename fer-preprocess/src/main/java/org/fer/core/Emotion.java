package org.fer.core;

import java.awt.Color;
import java.util.Locale;

/** The seven FER2013 classes in the dataset's fixed label order (0..6). Every module uses this order. */
public enum Emotion {
    ANGRY("Angry", new Color(0xD62728)),
    DISGUST("Disgust", new Color(0x2CA02C)),
    FEAR("Fear", new Color(0x9467BD)),
    HAPPY("Happy", new Color(0xFFBF00)),
    SAD("Sad", new Color(0x1F77B4)),
    SURPRISE("Surprise", new Color(0xFF7F0E)),
    NEUTRAL("Neutral", new Color(0x7F7F7F));

    public static final int COUNT = 7;
    private static final Emotion[] VALUES = values();

    private final String label;
    private final Color color;

    Emotion(String label, Color color) {
        this.label = label;
        this.color = color;
    }

    public String label() { return label; }

    /** Colour used for this class in every plot and overlay, so figures read the same everywhere. */
    public Color color() { return color; }

    public int id() { return ordinal(); }

    public static Emotion of(int id) {
        if (id < 0 || id >= COUNT) throw new IllegalArgumentException("emotion id must be 0..6, got " + id);
        return VALUES[id];
    }

    public static Emotion parse(String nameOrId) {
        String s = nameOrId.trim();
        if (!s.isEmpty() && Character.isDigit(s.charAt(0))) return of(Integer.parseInt(s));
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    public static String[] labels() {
        String[] out = new String[COUNT];
        for (Emotion e : VALUES) out[e.ordinal()] = e.label;
        return out;
    }
}
