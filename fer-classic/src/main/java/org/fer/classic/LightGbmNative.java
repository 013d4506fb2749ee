package org.fer.classic;

import org.fer.core.FerException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads lightgbm4j's native libraries from a private per-process folder. lightgbm4j extracts them to
 * {@code ${java.io.tmpdir}/lib_lightgbm.so} on every start, overwriting the file that any other running JVM has
 * mapped: that JVM then dies with SIGBUS (seen here: a test run killed a training run). Pointing java.io.tmpdir at a
 * fresh folder while lightgbm4j initialises gives each process its own copy. LIGHTGBM_NATIVE_LIB_PATH, when set,
 * still wins (lightgbm4j then loads from there and extracts nothing).
 */
final class LightGbmNative {
    private static boolean loaded;

    private LightGbmNative() {}

    static synchronized void load() {
        if (loaded) return;
        String old = System.getProperty("java.io.tmpdir");
        try {
            Path dir = Files.createTempDirectory("fer-lightgbm-");
            dir.toFile().deleteOnExit();
            System.setProperty("java.io.tmpdir", dir.toString());
            try {
                Class.forName("io.github.metarank.lightgbm4j.LGBMBooster", true, LightGbmNative.class.getClassLoader());
            } finally {
                System.setProperty("java.io.tmpdir", old);
            }
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().deleteOnExit());  // mapped already; unlinking is safe on Linux
            }
            loaded = true;
        } catch (IOException | ClassNotFoundException e) {
            throw new FerException("cannot load LightGBM's native library: " + e.getMessage(), e);
        }
    }
}
