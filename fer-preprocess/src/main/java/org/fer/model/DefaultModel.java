package org.fer.model;

import org.fer.core.FerException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shipped model lives: {@code results/default-model.txt} names it (a path relative to the repository
 * root), so the best model can change without code changes. Used when a command gets no {@code --model}.
 */
public final class DefaultModel {
    public static final String POINTER = "results/default-model.txt";

    private DefaultModel() {}

    public static Path resolve() {
        Path root = repositoryRoot();
        Path pointer = root.resolve(POINTER);
        if (!Files.exists(pointer))
            throw new FerException("no --model given and no shipped default (" + pointer + " is missing): train one with `fer train` or pass --model FILE");
        try {
            Path model = root.resolve(Files.readString(pointer).trim());
            if (!Files.exists(model)) throw new FerException("the default model named in " + pointer + " is missing: " + model);
            return model;
        } catch (java.io.IOException e) {
            throw new FerException("cannot read " + pointer + ": " + e.getMessage());
        }
    }

    /** The nearest folder upwards from the working directory that holds results/ and pom.xml; else the working directory. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent())
            if (Files.isDirectory(d.resolve("results")) && Files.exists(d.resolve("pom.xml"))) return d;
        String home = System.getProperty("fer.home");
        return home != null ? Path.of(home) : dir;
    }
}
