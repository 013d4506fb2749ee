package org.fer.deep;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.fer.data.Split;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** {@code fer units} counts exactly the units that are 0 on every face. */
class UnitsCommandTest {
    @BeforeAll
    static void init() { DeepRuntime.init(); }

    @Test
    void countsTheChannelsSwitchedOffAndNoOthers() {
        Split s = SynthData.split("u", 4, 0, 3);
        ComputationGraph g = Networks.build("tiny", 1, 1e-3, 1e-4, null);
        var fresh = byLayer(UnitsCommand.count(new DeepModel(g, Map.of()), s.x(), s.size()));
        assertEquals(0, fresh.get("b1_relu").dead(), "a fresh network's batch-normalised ReLU has no dead channel");
        assertEquals(8, fresh.get("b1_relu").units());
        // channels 2 and 5 of b1: gamma 0, beta -1 -> the ReLU puts out 0 for every face and position
        for (int c : new int[]{2, 5}) {
            g.getParam("b1_gamma").putScalar(c, 0);
            g.getParam("b1_beta").putScalar(c, -1);
        }
        var off = byLayer(UnitsCommand.count(new DeepModel(g, Map.of()), s.x(), s.size()));
        assertEquals(2, off.get("b1_relu").dead());
        assertEquals(16, off.get("b2_relu").units());
    }

    private static Map<String, UnitsCommand.Count> byLayer(List<UnitsCommand.Count> counts) {
        var m = new java.util.HashMap<String, UnitsCommand.Count>();
        for (var c : counts) m.put(c.layer(), c);
        return m;
    }
}
