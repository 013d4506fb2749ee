package org.fer.bench;

import org.fer.core.FerException;
import org.fer.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The seed project's results table next to ours. The seed's figures are facts quoted from its README (its own
 * test protocol, Keras on a GPU); ours are read from {@code <results>/<id>/metrics.json}. The same Markdown goes
 * into REPORT.md and, with {@code fer report --readme}, between the README's table markers, so no number in the
 * README is typed by hand.
 */
public final class SeedComparison {
    public static final String START = "<!-- table:start -->";
    public static final String END = "<!-- table:end -->";

    /** Label of the {@code fer evaluate --tta auto} rows; the modes compared and the one val chose are appended from their metrics.json. */
    static final String TTA = "↳ the same + test-time augmentation chosen on val";

    /** Label of a refit's test-time augmentation row: the mode val chose for its source (a refit has no val to choose on). */
    static final String REFIT_TTA = "↳ the same + the test-time augmentation val chose for its source";

    /** One line of the seed's table: its label, its published accuracy, our experiment id. */
    public record Line(String label, String seedAccuracy, String experiment) {}

    public static final List<Line> LINES = List.of(
            new Line("LGBM on flat image", "--.-%", "lgbm-flat"),
            new Line("LGBM on auto-encoded image", "--.-%", "lgbm-autoencoder"),
            new Line("SVM on HOG features", "32.8%", "svm-hog"),
            new Line("SVM on facial landmarks", "46.4%", "svm-landmarks"),
            new Line("SVM on landmarks and HOG", "47.5%", "svm-landmarks-hog"),
            new Line("SVM on sliding-window landmarks & HOG", "24.6%", "svm-sliding"),
            new Line("Simple deep learning architecture", "62.7%", "cnn-simple"),
            new Line(TTA, "", "cnn-simple-tta"),
            new Line("↳ continued without class weights (`--init-from`)", "", "cnn-simple-ft"),
            new Line(TTA, "", "cnn-simple-ft-tta"),
            new Line("↳ continued further from its best model, as it was (control for the row below)", "", "cnn-simple-ctl"),
            new Line(TTA, "", "cnn-simple-ctl-tta"),
            new Line("↳ the same with the dropout fixed (0.5 after the dense layer, not on its input; session 8)", "", "cnn-simple-fixed"),
            new Line(TTA, "", "cnn-simple-fixed-tta"),
            new Line("↳ trained from scratch in one command on both cores, time-boxed to 2 h (session 9: dropout as documented, "
                    + "forward-pass cache, 2 replicas, no class weights)", "", "cnn-simple-2h"),
            new Line(TTA, "", "cnn-simple-2h-tta"),
            new Line("↳ from scratch with its ReLUs (session 10: DL4J's batch norm had silently dropped them in every row above; "
                    + "one thread beside the session-10 mini-Xception, ~2 h, no class weights)", "", "cnn-simple-relu"),
            new Line(TTA, "", "cnn-simple-relu-tta"),
            new Line("↳ from scratch with its dense layer batch-normalised before its ReLU (session 11: Adam had left 236 of "
                    + "its 256 units dead in the row above; one thread beside the xception-wide's in session 11 and the Hybrid's in "
                    + "session 12, resumed exactly to early stopping, no class weights)", "", "cnn-simple-fcbn"),
            new Line(TTA, "", "cnn-simple-fcbn-tta"),
            new Line("Inception", "59.5%", "cnn-inception"),
            new Line(TTA, "", "cnn-inception-tta"),
            new Line("↳ continued from its best model, fresh Adam at LR 2.5e-4 (control for the row below)", "", "cnn-inception-ctl"),
            new Line(TTA, "", "cnn-inception-ctl-tta"),
            new Line("↳ the same, distilled from the ensemble (`--teacher`, half the target from its soft labels)", "", "cnn-inception-kd"),
            new Line(TTA, "", "cnn-inception-kd-tta"),
            new Line("Xception", "64.5%", "cnn-xception"),
            new Line("↳ continued without class weights (`--init-from`)", "", "cnn-xception-ft"),
            new Line(TTA, "", "cnn-xception-ft-tta"),
            new Line("↳ twice as wide (`xception-wide`, 205k parameters, no class weights)", "", "cnn-xception-wide"),
            new Line(TTA, "", "cnn-xception-wide-tta"),
            new Line("↳ the mini-Xception from scratch with its ReLUs (session 10: DL4J's batch norm had silently dropped them in "
                    + "every Xception row above; one thread beside the Simple CNN's, ~2 h, no class weights)", "", "cnn-xception-relu"),
            new Line(TTA, "", "cnn-xception-relu-tta"),
            new Line("↳ twice as wide, from scratch with its ReLUs (session 11; one thread beside the Simple CNN's, time-boxed, "
                    + "no class weights)", "", "cnn-xception-wide-relu"),
            new Line(TTA, "", "cnn-xception-wide-relu-tta"),
            new Line("↳ continued from its best model, fresh Adam at LR 5e-4, label smoothing 0.1 (session 13; control for the row "
                    + "below, one thread beside it)", "", "cnn-xception-wide-ls"),
            new Line(TTA, "", "cnn-xception-wide-ls-tta"),
            new Line("↳ the same plus random erasing (p 0.5, `--random-erasing`)", "", "cnn-xception-wide-ls-erase"),
            new Line(TTA, "", "cnn-xception-wide-ls-erase-tta"),
            new Line("↳ the same recipe, another seed (7), time-boxed on the core the control freed", "", "cnn-xception-wide-ls-erase-s7"),
            new Line(TTA, "", "cnn-xception-wide-ls-erase-s7-tta"),
            new Line("↳ the same recipe, seed 11, time-boxed on the core lane A freed", "", "cnn-xception-wide-ls-erase-s11"),
            new Line(TTA, "", "cnn-xception-wide-ls-erase-s11-tta"),
            new Line("↳ the same recipe, seed 3 (session 14, time-boxed, side by side with seed 5)", "", "cnn-xception-wide-ls-erase-s3"),
            new Line(TTA, "", "cnn-xception-wide-ls-erase-s3-tta"),
            new Line("↳ the same recipe, seed 5 (session 14, time-boxed, side by side with seed 3)", "", "cnn-xception-wide-ls-erase-s5"),
            new Line(TTA, "", "cnn-xception-wide-ls-erase-s5-tta"),
            new Line("↳ a greedy weight soup (`fer soup`) of the rows above from the same source and that source, best and last epochs each: one network", "", "cnn-xception-wide-soup"),
            new Line(TTA, "", "cnn-xception-wide-soup-tta"),
            new Line("↳ a greedy weight soup of the five erasing runs (best and last epochs), batch norms re-estimated for every mean (session 14)", "", "cnn-xception-wide-soup-bn"),
            new Line(TTA, "", "cnn-xception-wide-soup-bn-tta"),
            new Line("↳ precise batch norm (`fer soup --reestimate-bn --bn-augment` of one model): random erasing, seed 42, statistics re-estimated", "", "cnn-xception-wide-ls-erase-pbn"),
            new Line(TTA, "", "cnn-xception-wide-ls-erase-pbn-tta"),
            new Line("↳ precise batch norm: seed 7", "", "cnn-xception-wide-ls-erase-s7-pbn"),
            new Line(TTA, "", "cnn-xception-wide-ls-erase-s7-pbn-tta"),
            new Line("↳ precise batch norm: seed 11", "", "cnn-xception-wide-ls-erase-s11-pbn"),
            new Line(TTA, "", "cnn-xception-wide-ls-erase-s11-pbn-tta"),
            new Line("↳ precise batch norm: seed 3", "", "cnn-xception-wide-ls-erase-s3-pbn"),
            new Line(TTA, "", "cnn-xception-wide-ls-erase-s3-pbn-tta"),
            new Line("↳ precise batch norm: seed 5", "", "cnn-xception-wide-ls-erase-s5-pbn"),
            new Line(TTA, "", "cnn-xception-wide-ls-erase-s5-pbn-tta"),
            new Line("↳ the erasing run with the best plain val continued without erasing (LR 1e-4, session 14)", "", "cnn-xception-wide-anneal"),
            new Line(TTA, "", "cnn-xception-wide-anneal-tta"),
            new Line("↳ the same from the erasing run with the second-best plain val", "", "cnn-xception-wide-anneal-2"),
            new Line(TTA, "", "cnn-xception-wide-anneal-2-tta"),
            new Line("↳ session 14's ensemble distilled (teacher weight 0.7, random erasing) into the default of sessions 13-14, continued (session 15)", "", "cnn-xception-wide-kd"),
            new Line(TTA, "", "cnn-xception-wide-kd-tta"),
            new Line("↳ the same into the erasing run with precise batch norm (the best plain val)", "", "cnn-xception-wide-kd-2"),
            new Line(TTA, "", "cnn-xception-wide-kd-2-tta"),
            new Line("↳ precise batch norm (session 15): the default of sessions 13-14 (label smoothing, no erasing), statistics re-estimated — val's choice since session 15 (shipped in session 15; since session 16 the refit of its training run ships in its place)", "", "cnn-xception-wide-ls-pbn"),
            new Line(TTA, "", "cnn-xception-wide-ls-pbn-tta"),
            new Line("↳ refit (session 16): the default's training run again on train + val, its 18 epochs and their learning rates replayed "
                    + "(`fer train --refit`; no val accuracy: val was trained on) — shipped since session 16 by the rule fixed before it ran", "", "cnn-xception-wide-ls-refit"),
            new Line(REFIT_TTA, "", "cnn-xception-wide-ls-refit-tta"),
            new Line("↳ the same refit, seed 7 (how much a refit's seed moves it)", "", "cnn-xception-wide-ls-refit-s7"),
            new Line(REFIT_TTA, "", "cnn-xception-wide-ls-refit-s7-tta"),
            new Line("↳ the same refit, seed 3 (a third draw, in the lane freed by the refit of the annealed run)", "", "cnn-xception-wide-ls-refit-s3"),
            new Line(REFIT_TTA, "", "cnn-xception-wide-ls-refit-s3-tta"),
            new Line("↳ refit (session 16, to measure the refit): the seed-11 erasing run, its 20 epochs replayed on train + val", "", "cnn-xception-wide-ls-erase-s11-refit"),
            new Line(REFIT_TTA, "", "cnn-xception-wide-ls-erase-s11-refit-tta"),
            new Line("↳ refit: the annealed run from seed 42 (its 8 epochs on train + val; its starting point saw train only)", "", "cnn-xception-wide-anneal-refit"),
            new Line(REFIT_TTA, "", "cnn-xception-wide-anneal-refit-tta"),
            new Line("↳ refit: the annealed run from seed 7 (its 5 epochs on train + val; its starting point saw train only)", "", "cnn-xception-wide-anneal-2-refit"),
            new Line(REFIT_TTA, "", "cnn-xception-wide-anneal-2-refit-tta"),
            new Line("↳ precise batch norm: the annealed run from seed 42", "", "cnn-xception-wide-anneal-pbn"),
            new Line(TTA, "", "cnn-xception-wide-anneal-pbn-tta"),
            new Line("↳ precise batch norm: the annealed run from seed 7", "", "cnn-xception-wide-anneal-2-pbn"),
            new Line(TTA, "", "cnn-xception-wide-anneal-2-pbn-tta"),
            new Line("DeXpression", "--.-%", "cnn-dexpression"),
            new Line(TTA, "", "cnn-dexpression-tta"),
            new Line("Hybrid (HOG, landmarks, image; its image branch's dense units all dead, see its README)", "45.8%", "cnn-hybrid"),
            new Line("↳ from scratch with its image branch's dense layer batch-normalised before its ReLU (session 12; one "
                    + "thread beside the Simple CNN's, to early stopping, no class weights)", "", "cnn-hybrid-fcbn"),
            new Line(TTA, "", "cnn-hybrid-fcbn-tta"),
            new Line("Ensemble of the rows above, chosen on val (`fer ensemble`)", "", "ensemble"),
            new Line("*Peer: oarriaga mini-Xception (Keras import, published weights)*", "(66 %, not a clean test figure)",
                    "keras-peer-mini-xception"));

    private SeedComparison() {}

    /** The Markdown table; a line whose experiment has no metrics.json under {@code results} says "not run". */
    public static String markdown(List<ReportWriter.Row> rows) {
        Map<String, ReportWriter.Row> byId = rows.stream().collect(Collectors.toMap(ReportWriter.Row::id, Function.identity(), (a, b) -> a));
        StringBuilder md = new StringBuilder();
        md.append("| experiment | seed's accuracy | ours: PublicTest | ours: val | PublicTest macro-F1 | results |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (Line l : LINES) {
            ReportWriter.Row r = byId.get(l.experiment());
            if (r == null || r.publicTest() == null) {
                md.append("| ").append(l.label()).append(" | ").append(l.seedAccuracy()).append(" | not run | | | |\n");
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | **%.1f %%** | %s | %s | [`results/%s`](results/%s/metrics.json) |%n",
                    label(l, r), l.seedAccuracy(), 100 * r.publicTest(),
                    r.trainedOnVal() ? "trained on" : r.val() == null ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * r.val()),
                    r.macroF1() == null ? "-" : String.format(Locale.ROOT, "%.3f", r.macroF1()), l.experiment(), l.experiment()));
        }
        return md.toString();
    }

    /** A line's label; an evaluation's adds the modes val compared (sessions before 17 offered three, later four) and the mode used. */
    static String label(Line l, ReportWriter.Row r) {
        if (r.tta() == null) return l.label();
        List<String> c = r.ttaChoices();
        String choices = c.isEmpty() ? "" : c.size() == 1 ? " (" + c.get(0) + ")"
                : " (" + String.join(", ", c.subList(0, c.size() - 1)) + " or " + c.get(c.size() - 1) + ")";
        return l.label() + choices + ": **" + r.tta() + "**";
    }

    /** Replaces the text between {@link #START} and {@link #END} in {@code readme} with {@code table} (atomically). */
    public static void updateReadme(Path readme, String table) throws IOException {
        if (!Files.isRegularFile(readme)) throw new FerException("README not found: " + readme);
        String text = Files.readString(readme);
        int s = text.indexOf(START), e = text.indexOf(END);
        if (s < 0 || e < s)
            throw new FerException(readme + ": no '" + START + "' ... '" + END + "' block to replace; add the two markers where the table goes");
        String updated = text.substring(0, s + START.length()) + "\n" + table + text.substring(e);
        AtomicFiles.writeString(readme, updated);
    }
}
