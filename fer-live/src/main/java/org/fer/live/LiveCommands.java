package org.fer.live;

import org.fer.cli.CommandProvider;

import java.util.List;

/** Registers {@code fer live} and {@code fer live-bench}. */
public final class LiveCommands implements CommandProvider {
    @Override
    public List<Object> commands() { return List.of(new LiveCommand(), new LiveBenchCommand()); }
}
