package org.fer.preprocess;

import org.fer.cli.CommandProvider;
import org.fer.core.Emotion;
import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.data.Split;
import org.fer.image.Montage;
import org.fer.synth.SyntheticFaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code fer preprocess}, {@code fer synth} and {@code fer info}. */
public final class PreprocessCommands implements CommandProvider {

    @Override
    public List<Object> commands() { return List.of(new PreprocessCmd(), new SynthCmd(), new InfoCmd(), new org.fer.model.EvaluateCommand(), new org.fer.model.EnsembleCommand(), new org.fer.model.SoftLabelsCommand()); }

    @Command(name = "preprocess", mixinStandardHelpOptions = true,
            description = "FER2013 CSV (.csv or .csv.gz) to train/val/test tensors (.npy) and manifest.json.")
    static final class PreprocessCmd implements Callable<Integer> {
        @Option(names = "--input", required = true, description = "FER2013 CSV (emotion,pixels,Usage), plain or gzip.")
        Path input;
        @Option(names = "--out", required = true, description = "Output directory.")
        Path out;
        @Option(names = "--val-fraction", defaultValue = "0.1", description = "Stratified share of Training held out for validation (default ${DEFAULT-VALUE}).")
        double valFraction;
        @Option(names = "--seed", defaultValue = "42", description = "Seed of the validation split (default ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--skip-invalid", description = "Skip bad rows (each is reported) instead of stopping at the first.")
        boolean skipInvalid;

        @Override
        public Integer call() {
            Preprocessor.Outcome o = new Preprocessor(new PreprocessConfig(valFraction, seed, skipInvalid)).run(input, out);
            if (o.upToDate()) {
                System.out.println(out + " is up to date with " + input + " (nothing to do)");
            } else {
                System.out.printf(Locale.ROOT, "wrote %s in %.2f s%s%n", out, o.seconds(),
                        o.skipped().isEmpty() ? "" : " (" + o.skipped().size() + " invalid rows skipped)");
                System.out.print(InfoCmd.table(o.counts()));
            }
            return 0;
        }
    }

    @Command(name = "synth", mixinStandardHelpOptions = true,
            description = "Writes a deterministic synthetic FER-like CSV (all three Usage values) for tests and demos.")
    static final class SynthCmd implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "Output CSV file.")
        Path out;
        @Option(names = "--per-class", defaultValue = "200", description = "Faces per class (80/10/10 Training/PublicTest/PrivateTest; default ${DEFAULT-VALUE}).")
        int perClass;
        @Option(names = "--seed", defaultValue = "1", description = "Generator seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() {
            if (perClass < 1) throw new FerException("--per-class must be at least 1, got " + perClass);
            new SyntheticFaces(seed).writeCsv(out, perClass);
            System.out.println("wrote " + out + ": " + perClass * Emotion.COUNT + " synthetic faces (seed " + seed + ")");
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Class distribution of a processed directory; optional montage PNG.")
    static final class InfoCmd implements Callable<Integer> {
        @Parameters(index = "0", description = "Processed directory (from fer preprocess).")
        Path dir;
        @Option(names = "--montage", arity = "0..1", fallbackValue = "", description = "Write a PNG of sample faces per class (default <dir>/montage.png).")
        String montage;
        @Option(names = "--split", defaultValue = "train", description = "Split shown in the montage (default ${DEFAULT-VALUE}).")
        String split;
        @Option(names = "--per-class", defaultValue = "10", description = "Faces per class in the montage.")
        int perClass;

        @Override
        public Integer call() {
            ProcessedDataset ds = ProcessedDataset.open(dir);
            Map<String, int[]> counts = new java.util.LinkedHashMap<>();
            for (String s : ds.splits()) counts.put(s, ds.split(s).classCounts());
            System.out.print(table(counts));
            if (montage != null) {
                Path png = montage.isEmpty() ? dir.resolve("montage.png") : Path.of(montage);
                Split sp = ds.split(split);
                Montage.write(sp, perClass, png);
                System.out.println("montage: " + png);
            }
            return 0;
        }

        static String table(Map<String, int[]> counts) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%-13s", "split"));
            for (Emotion e : Emotion.values()) sb.append(String.format(Locale.ROOT, "%9s", e.label()));
            sb.append(String.format(Locale.ROOT, "%9s%n", "Total"));
            for (Map.Entry<String, int[]> en : counts.entrySet()) {
                sb.append(String.format(Locale.ROOT, "%-13s", en.getKey()));
                int t = 0;
                for (int v : en.getValue()) { sb.append(String.format(Locale.ROOT, "%9d", v)); t += v; }
                sb.append(String.format(Locale.ROOT, "%9d%n", t));
            }
            return sb.toString();
        }
    }
}
