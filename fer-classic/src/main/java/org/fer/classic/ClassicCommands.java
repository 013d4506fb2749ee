package org.fer.classic;

import org.fer.cli.CommandProvider;

import java.util.List;

/** {@code fer lgbm} and {@code fer svm}. */
public final class ClassicCommands implements CommandProvider {
    @Override
    public List<Object> commands() { return List.of(new LgbmCommand(), new SvmCommand()); }
}
