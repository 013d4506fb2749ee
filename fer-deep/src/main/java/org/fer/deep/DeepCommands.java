package org.fer.deep;

import org.fer.cli.CommandProvider;

import java.util.List;

/** fer-deep's sub-commands: train, predict, cam, cnn-speed, units, soup. */
public final class DeepCommands implements CommandProvider {
    @Override
    public List<Object> commands() {
        return List.of(new TrainCommand(), new PredictCommand(), new CamCommand(), new SpeedCommand(), new UnitsCommand(), new SoupCommand());
    }
}
