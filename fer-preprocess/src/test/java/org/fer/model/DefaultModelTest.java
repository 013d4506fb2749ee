package org.fer.model;

import org.fer.core.FerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class DefaultModelTest {
    private static Path pointer(Path root, String text) throws Exception {
        Files.createDirectories(root.resolve("results/m"));
        Files.writeString(root.resolve("results/m/model.zip"), "x");
        Path p = root.resolve(DefaultModel.POINTER);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void firstLineNamesTheModelFurtherLinesItsSettings(@TempDir Path root) throws Exception {
        pointer(root, "results/m/model.zip\n");
        DefaultModel.Shipped plain = DefaultModel.shipped(root);
        assertEquals(root.resolve("results/m/model.zip"), plain.model());
        assertEquals(TestTimeAugmented.Mode.NONE, plain.tta());

        pointer(root, "# chosen on val\nresults/m/model.zip\ntta = flip\n");
        assertEquals(TestTimeAugmented.Mode.FLIP, DefaultModel.shipped(root).tta());
    }

    @Test
    void badPointersAreNamed(@TempDir Path root) throws Exception {
        Path p = pointer(root, "results/m/model.zip\ntta flip\n");
        var e = assertThrows(FerException.class, () -> DefaultModel.shipped(root));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("key=value"), e.getMessage());
        pointer(root, "results/m/model.zip\ntta=mirror\n");
        assertThrows(FerException.class, () -> DefaultModel.shipped(root));
        pointer(root, "results/other/model.zip\n");
        e = assertThrows(FerException.class, () -> DefaultModel.shipped(root));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void anAskedModeWinsAndAnExplicitModelGetsNone() {
        assertEquals(TestTimeAugmented.Mode.FLIP, DefaultModel.tta("flip", null));
        assertEquals(TestTimeAugmented.Mode.AUTO, DefaultModel.tta("auto", Path.of("m.zip")));
        assertEquals(TestTimeAugmented.Mode.NONE, DefaultModel.tta(null, Path.of("m.zip")));
    }
}
