package org.fer.deep;

import org.fer.core.Emotion;
import org.fer.core.FerException;
import org.fer.data.Split;
import org.fer.model.SoftLabels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SoftTargetsTest {
    static Split train, val;

    @BeforeAll
    static void data() {
        DeepRuntime.init();
        train = SynthData.split("train", 120, 0, 11);
        val = SynthData.split("val", 20, 100_000, 11);
    }

    @Test
    void targetRowMixesSmoothedLabelAndTeacher() {
        float[] teacher = {0.1f, 0.1f, 0.1f, 0.4f, 0.1f, 0.1f, 0.1f};
        SoftTargets t = new SoftTargets(0.07, "t.npy", "sha", 0.25);
        float[] y = new float[9];
        t.fill(y, 2, 5, teacher, 0);
        double sum = 0;
        for (int c = 0; c < 7; c++) {
            double expected = 0.75 * ((c == 5 ? 0.93 : 0) + 0.01) + 0.25 * teacher[c];
            assertEquals(expected, y[2 + c], 1e-6, "class " + c);
            sum += y[2 + c];
        }
        assertEquals(1, sum, 1e-6);
        assertEquals(0, y[0]);
        assertEquals(0, y[1], "writes only its own row");
        assertThrows(FerException.class, () -> new SoftTargets(1.0, null, null, 0));
        assertThrows(FerException.class, () -> new SoftTargets(0, null, null, 0.5));
        assertThrows(FerException.class, () -> new SoftTargets(0, "t.npy", "sha", 0));
    }

    @Test
    void configRoundTripsAndOldFilesMeanOneHot() {
        TrainConfig cfg = TrainerTest.tiny(3).withTargets(new SoftTargets(0.1, "a/t.npy", "abc", 0.5));
        assertEquals(cfg, TrainConfig.fromMap(cfg.toMap()));
        Map<String, Object> old = TrainerTest.tiny(3).toMap();
        assertFalse(old.containsKey("targets"), "one-hot runs keep the keys they always had");
        assertTrue(TrainConfig.fromMap(old).targets().hard());
    }

    /** A teacher whose every row says "label + 1": the network must learn the teacher, face by face. */
    private Path shiftedTeacher(Path dir, Split s) {
        float[][] p = new float[s.size()][Emotion.COUNT];
        for (int i = 0; i < s.size(); i++) {
            java.util.Arrays.fill(p[i], 0.05f);
            p[i][(s.y()[i] + 1) % Emotion.COUNT] = 0.7f;
        }
        Path f = dir.resolve("teacher.npy");
        SoftLabels.write(f, p, Map.of("split_sha256", SoftLabels.splitSha256(s)));
        return f;
    }

    @Test
    void aTinyNetworkLearnsWhatTheTeacherSaysForEachFace(@TempDir Path dir) throws Exception {
        Path teacher = shiftedTeacher(dir, train);
        // LR patience beyond the run: val accuracy (on the true labels) never improves here, and the plateau rule would cut the LR
        TrainConfig cfg = new TrainConfig("tiny", 15, 32, 3e-3, 1e-4, 5, false, Augmenter.NONE, 50, 50, 0.5, 1e-5, 0, 0)
                .withTargets(new SoftTargets(0, teacher.toString(), org.fer.io.Hashing.sha256(teacher), 1.0));
        Trainer.train(train, val, cfg, dir.resolve("run"), false);
        // the last epoch's weights: model.zip is chosen by accuracy on the true labels, which this teacher contradicts
        var last = ModelFile.load(dir.resolve("run").resolve(Trainer.CHECKPOINT), false);
        int[] shifted = new int[val.size()];
        for (int i = 0; i < val.size(); i++) shifted[i] = (val.y()[i] + 1) % Emotion.COUNT;
        Split valShifted = new Split("val", val.x(), shifted, val.rows());
        double asTeacher = Trainer.evaluate(last, valShifted)[0];
        double asLabels = Trainer.evaluate(last, val)[0];
        assertTrue(asTeacher > 0.40, "agrees with the teacher on " + asTeacher + " of val (chance 0.14)");
        assertTrue(asLabels < 0.15, "still follows the labels on " + asLabels + " of val");
        @SuppressWarnings("unchecked") Map<String, Object> c = (Map<String, Object>)
                ((Map<String, Object>) ModelFile.meta(dir.resolve("run").resolve(Trainer.BEST)).get("training")).get("config");
        assertEquals(org.fer.io.Hashing.sha256(teacher), ((Map<?, ?>) c.get("targets")).get("teacher_sha256"));
    }

    @Test
    void batchesWithAOneHotTeacherEqualOneHotBatches(@TempDir Path dir) {
        float[][] p = new float[train.size()][Emotion.COUNT];
        for (int i = 0; i < train.size(); i++) p[i][train.y()[i]] = 1f;
        Path f = dir.resolve("onehot.npy");
        SoftLabels.write(f, p, Map.of());
        float[] flat = SoftLabels.read(f, train);
        TrainConfig hard = TrainerTest.tiny(1);
        TrainConfig soft = hard.withTargets(new SoftTargets(0, f.toString(), "x", 0.6));
        int[] perm = Trainer.permutation(train.size(), new java.util.SplittableRandom(3));
        for (int b = 0; b < 3; b++) {
            float[][] a = Trainer.makeBatch(train, perm, b, 32, hard, 1, null, null);
            float[][] s = Trainer.makeBatch(train, perm, b, 32, soft, 1, null, flat);
            assertArrayEquals(a[0], s[0], "same faces, same augmentation");
            assertArrayEquals(a[1], s[1], 1e-6f, "batch " + b);
        }
    }

    @Test
    void aResumedRunRefusesATeacherFileChangedSinceItStarted(@TempDir Path dir) throws Exception {
        Path teacher = shiftedTeacher(dir, train);
        TrainConfig cfg = TrainerTest.tiny(2).withTargets(new SoftTargets(0, teacher.toString(), org.fer.io.Hashing.sha256(teacher), 0.5));
        Trainer.train(train, val, cfg.withEpochs(1), dir.resolve("run"), false);
        float[][] p = new float[train.size()][Emotion.COUNT];
        for (int i = 0; i < train.size(); i++) p[i][train.y()[i]] = 1f;
        SoftLabels.write(teacher, p, Map.of());
        FerException e = assertThrows(FerException.class, () -> Trainer.train(train, val, cfg, dir.resolve("run"), true));
        assertTrue(e.getMessage().contains("changed since"), e.getMessage());
    }
}
