package org.fer.preprocess;

/** Options of {@code fer preprocess}; defaults are the ones every experiment in results/ used. */
public record PreprocessConfig(double valFraction, long seed, boolean skipInvalid) {
    public static final double DEFAULT_VAL_FRACTION = 0.1;
    public static final long DEFAULT_SEED = 42;

    public PreprocessConfig {
        if (!(valFraction >= 0 && valFraction < 1)) throw new IllegalArgumentException("--val-fraction must be in [0, 1), got " + valFraction);
    }

    public static PreprocessConfig defaults() { return new PreprocessConfig(DEFAULT_VAL_FRACTION, DEFAULT_SEED, false); }
}
