package org.fer.features;

/** The feature sets of the seed's classical experiments (amineHorseman's facial-expression-recognition-svm). */
public enum FeatureKind {
    /** HOG of the whole 48x48 face (seed: 8 orientations, 16x16 cells, 1x1 blocks: 72 values). */
    HOG("hog"),
    /** 68 dlib landmarks, box-normalised (136 values), optionally with all pairwise distances (+2278). */
    LANDMARKS("landmarks"),
    /** Landmarks then whole-face HOG (136 + 72 = 208). */
    LANDMARKS_HOG("landmarks-hog"),
    /** Landmarks then sliding-window HOG (24-px windows, step 6, 8x8 cells: 136 + 2592 = 2728). */
    SLIDING("sliding");

    private final String id;

    FeatureKind(String id) { this.id = id; }

    public String id() { return id; }

    public boolean usesLandmarks() { return this != HOG; }

    public static FeatureKind parse(String s) {
        for (FeatureKind k : values()) if (k.id.equalsIgnoreCase(s) || k.name().equalsIgnoreCase(s)) return k;
        throw new IllegalArgumentException("unknown feature kind '" + s + "' (use hog, landmarks, landmarks-hog or sliding)");
    }

    @Override
    public String toString() { return id; }
}
