package org.fer.bench;

import org.fer.experiment.MetricsReport;
import org.fer.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ReportWriterTest {
    @TempDir Path tmp;

    private void experiment(String id, int[] truth, int[] pred) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(id));
        MetricsReport r = new MetricsReport(id, Map.of("kind", "test"));
        r.addSplit("val", truth, truth, 0.1, null);
        r.addSplit("public_test", truth, pred, 0.1, null);
        r.put("provenance", Map.of("git_commit", "abcdef1234567", "wall_time_s", 3.5));
        r.write(dir);
    }

    @Test
    void tableRowsComeFromEachMetricsFile() throws Exception {
        experiment("b-model", new int[]{0, 1, 2, 3}, new int[]{0, 1, 2, 0});
        experiment("a-model", new int[]{0, 1, 2, 3}, new int[]{0, 0, 0, 0});
        Files.createDirectories(tmp.resolve("no-metrics"));
        List<ReportWriter.Row> rows = ReportWriter.collect(tmp);
        assertEquals(List.of("a-model", "b-model"), rows.stream().map(ReportWriter.Row::id).toList());
        assertEquals(0.25, rows.get(0).publicTest(), 1e-9);
        assertEquals(0.75, rows.get(1).publicTest(), 1e-9);
        assertEquals(1.0, rows.get(1).val(), 1e-9);
        ReportWriter.write(tmp, "Test report");
        String md = Files.readString(tmp.resolve("REPORT.md"));
        assertTrue(md.contains("| [b-model](b-model/metrics.json) | b-model | 100.0 % | 75.0 % | - |"), md);
        assertTrue(Files.size(tmp.resolve("accuracy.png")) > 1000);
    }

    @Test
    void aRefitsValColumnSaysItWasTrainedOn() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cnn-xception-wide-ls-refit"));
        MetricsReport r = new MetricsReport("refit", Map.of("kind", "test", MetricsReport.TRAINED_ON, List.of("train", "val")));
        r.addSplit("public_test", new int[]{0, 1}, new int[]{0, 0}, 0.1, null);
        r.write(dir);
        experiment("plain", new int[]{0, 1}, new int[]{0, 1});
        List<ReportWriter.Row> rows = ReportWriter.collect(tmp);
        assertEquals(List.of(true, false), rows.stream().map(ReportWriter.Row::trainedOnVal).toList()); // sorted by id: the refit first
        ReportWriter.write(tmp, "Test report");
        String md = Files.readString(tmp.resolve("REPORT.md"));
        assertTrue(md.contains("| trained on | 50.0 % |"), md);
        assertTrue(SeedComparison.markdown(rows).contains("| **50.0 %** | trained on |"), SeedComparison.markdown(rows));
    }

    private void evaluated(String id, Map<String, Object> tta) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(id));
        MetricsReport r = new MetricsReport("evaluate", Map.of("kind", "test"));
        r.addSplit("val", new int[]{0, 1}, new int[]{0, 1}, 0.1, null);
        r.addSplit("public_test", new int[]{0, 1}, new int[]{0, 0}, 0.1, null);
        r.put("test_time_augmentation", tta);
        r.write(dir);
    }

    @Test
    void aTtaRowNamesTheModesItsValChoiceCompared() throws Exception {
        // an evaluation from before flip-affine existed recorded three val accuracies; a later one four; a given mode none
        evaluated("cnn-simple-tta", Map.of("chosen_on", "val", "val_accuracy_none", 0.5, "val_accuracy_flip", 0.5, "val_accuracy_flip_shift", 0.6, "mode", "flip-shift"));
        evaluated("cnn-inception-tta", Map.of("chosen_on", "val", "val_accuracy_none", 0.5, "val_accuracy_flip", 0.5, "val_accuracy_flip_shift", 0.6,
                "val_accuracy_flip_affine", 0.7, "mode", "flip-affine"));
        evaluated("cnn-xception-wide-ls-refit-tta", Map.of("mode", "flip-affine"));
        List<ReportWriter.Row> rows = ReportWriter.collect(tmp);
        // sorted by id: inception, simple, the refit
        assertEquals(List.of("none", "flip", "flip-shift", "flip-affine"), rows.get(0).ttaChoices());
        assertEquals(List.of("none", "flip", "flip-shift"), rows.get(1).ttaChoices());
        assertEquals(List.of(), rows.get(2).ttaChoices());
        String table = SeedComparison.markdown(rows);
        assertTrue(table.contains("| ↳ the same + test-time augmentation chosen on val (none, flip or flip-shift): **flip-shift** |"), table);
        assertTrue(table.contains("| ↳ the same + test-time augmentation chosen on val (none, flip, flip-shift or flip-affine): **flip-affine** |"), table);
        assertTrue(table.contains("| ↳ the same + the test-time augmentation val chose for its source: **flip-affine** |"), table);
    }

    @Test
    void benchRunsTheChosenExperimentsAndRefusesUnknownIds() throws Exception {
        Path data = tmp.resolve("proc");
        Path csv = tmp.resolve("s.csv");
        new org.fer.synth.SyntheticFaces(2).writeCsv(csv, 10);
        new org.fer.preprocess.Preprocessor(org.fer.preprocess.PreprocessConfig.defaults()).run(csv, data);
        Path results = tmp.resolve("results");
        int rc = org.fer.cli.FerCli.execute("bench", "--data", data.toString(), "--results", results.toString(),
                "--work", tmp.resolve("work").toString(), "--only", MajorityExperiment.ID);
        assertEquals(0, rc);
        Map<String, Object> m = Json.readMap(results.resolve(MajorityExperiment.ID).resolve("metrics.json"));
        assertNotNull(((Map<?, ?>) m.get("splits")).get("public_test"));
        assertTrue(Files.exists(results.resolve("REPORT.md")));
        assertTrue(Files.readString(results.resolve("bench-summary.json")).contains("\"status\" : \"ok\""));
        assertEquals(2, org.fer.cli.FerCli.execute("bench", "--data", data.toString(), "--results", results.toString(), "--only", "no-such-thing"));
    }

    @Test
    void seedTableReadsOurNumbersAndRewritesOnlyTheReadmeBlock() throws Exception {
        experiment("svm-hog", new int[]{0, 1, 2, 3}, new int[]{0, 1, 2, 0});
        String table = SeedComparison.markdown(ReportWriter.collect(tmp));
        assertTrue(table.contains("| SVM on HOG features | 32.8% | **75.0 %** | 100.0 % |"), table);
        assertTrue(table.contains("| Xception | 64.5% | not run |"), table);
        assertTrue(table.contains("| " + SeedComparison.TTA + " |  | not run |"), table);
        Path tta = Files.createDirectories(tmp.resolve("cnn-inception-tta"));
        MetricsReport r = new MetricsReport("evaluate", Map.of("kind", "test"));
        r.addSplit("public_test", new int[]{0, 1}, new int[]{0, 1}, 0.1, null);
        r.put("test_time_augmentation", Map.of("mode", "flip-shift", "chosen_on", "val"));
        r.write(tta);
        String withTta = SeedComparison.markdown(ReportWriter.collect(tmp));
        assertTrue(withTta.contains("| " + SeedComparison.TTA + ": **flip-shift** |  | **100.0 %** |"), withTta);
        Path readme = tmp.resolve("README.md");
        Files.writeString(readme, "intro\n" + SeedComparison.START + "\nold table\n" + SeedComparison.END + "\nafter\n");
        SeedComparison.updateReadme(readme, table);
        String text = Files.readString(readme);
        assertTrue(text.startsWith("intro\n" + SeedComparison.START + "\n| experiment |"), text);
        assertTrue(text.endsWith(SeedComparison.END + "\nafter\n"), text);
        assertFalse(text.contains("old table"));
        Path noMarkers = tmp.resolve("plain.md");
        Files.writeString(noMarkers, "no markers here\n");
        org.fer.core.FerException e = assertThrows(org.fer.core.FerException.class, () -> SeedComparison.updateReadme(noMarkers, table));
        assertTrue(e.getMessage().contains("plain.md"), e.getMessage());
        assertEquals("no markers here\n", Files.readString(noMarkers));
    }
}
