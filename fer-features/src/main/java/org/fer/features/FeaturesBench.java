package org.fer.features;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder, filled in below. */
final class FeaturesBench {
    @Command(name = "features-bench", description = "Benchmarks (later).")
    static final class Cmd implements Callable<Integer> {
        @Override public Integer call() { return 0; }
    }
}
