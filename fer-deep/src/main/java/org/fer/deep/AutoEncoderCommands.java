package org.fer.deep;

import org.fer.cli.CommandProvider;

import java.util.List;

/** Adds {@code fer autoencode} (kept apart from {@link DeepCommands} so the two evolve independently). */
public final class AutoEncoderCommands implements CommandProvider {
    @Override
    public List<Object> commands() { return List.of(new AutoEncoderCommand()); }
}
