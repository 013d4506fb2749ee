package org.fer.experiment;

import java.nio.file.Path;

/**
 * What an experiment gets: the processed dataset, a work folder for intermediate files (features, checkpoints),
 * its results folder, whether this is a quick run (synthetic data, CI) and the seed.
 */
public record ExperimentContext(Path dataDir, Path workDir, Path outDir, boolean quick, long seed) {}
