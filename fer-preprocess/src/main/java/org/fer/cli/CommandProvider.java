package org.fer.cli;

import java.util.List;

/**
 * How a module adds its sub-commands to {@code fer}: implement this, list the class in
 * {@code META-INF/services/org.fer.cli.CommandProvider}, and return picocli {@code @Command} objects.
 * The CLI finds every provider on the class path, so {@code ./fer} (all modules) and
 * {@code mvn -pl <module> exec:java} (that module and the ones it depends on) run the same commands.
 */
public interface CommandProvider {
    List<Object> commands();
}
