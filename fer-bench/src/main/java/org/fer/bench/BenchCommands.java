package org.fer.bench;

import org.fer.cli.CommandProvider;
import org.fer.core.FerException;
import org.fer.data.ProcessedDataset;
import org.fer.experiment.Experiment;
import org.fer.experiment.ExperimentContext;
import org.fer.io.Json;
import org.fer.io.Provenance;
import org.fer.preprocess.PreprocessConfig;
import org.fer.preprocess.Preprocessor;
import org.fer.synth.SyntheticFaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

/** {@code fer bench} (the main job: every experiment, then the report), {@code fer report}, {@code fer bench-preprocess}. */
public final class BenchCommands implements CommandProvider {
    private static final Logger log = LoggerFactory.getLogger(BenchCommands.class);

    @Override
    public List<Object> commands() { return List.of(new BenchCmd(), new ReportCmd(), new PreprocessBenchmark()); }

    public static List<Experiment> experiments() {
        List<Experiment> all = new ArrayList<>();
        ServiceLoader.load(Experiment.class).forEach(all::add);
        all.sort(Comparator.comparingInt(Experiment::order).thenComparing(Experiment::id));
        return all;
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = {"Runs every registered experiment and writes the results report.",
                    "Without --data it runs on the embedded synthetic default (quick mode, results under data/runs/synthetic)."})
    static final class BenchCmd implements Callable<Integer> {
        @Option(names = "--data", description = "FER2013 CSV (.csv/.csv.gz) or processed directory. Default: synthetic faces.")
        Path data;
        @Option(names = "--results", description = "Results folder (default: results/ for real data, data/runs/synthetic for the synthetic default).")
        Path results;
        @Option(names = "--work", defaultValue = "data/work", description = "Folder for intermediate files (features, checkpoints; default ${DEFAULT-VALUE}).")
        Path work;
        @Option(names = "--quick", negatable = true, description = "Small, fast settings (default on for synthetic data, off for real data).")
        Boolean quick;
        @Option(names = "--only", split = ",", description = "Run only these experiment ids (comma-separated).")
        List<String> only;
        @Option(names = "--list", description = "List the registered experiments and exit.")
        boolean list;
        @Option(names = "--seed", defaultValue = "42", description = "Seed for every experiment (default ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--per-class", defaultValue = "300", description = "Synthetic faces per class for the default data (default ${DEFAULT-VALUE}).")
        int perClass;

        @Override
        public Integer call() throws Exception {
            List<Experiment> all = experiments();
            if (list) {
                for (Experiment e : all) System.out.printf(Locale.ROOT, "%-22s %s%n", e.id(), e.title());
                return 0;
            }
            boolean synthetic = data == null;
            Path dataDir = prepareData(synthetic);
            boolean isQuick = quick != null ? quick : synthetic;
            Path out = results != null ? results : synthetic ? Path.of("data/runs/synthetic") : Path.of("results");
            List<Experiment> chosen = new ArrayList<>();
            for (Experiment e : all) if (only == null || only.contains(e.id())) chosen.add(e);
            if (only != null)
                for (String id : only)
                    if (all.stream().noneMatch(e -> e.id().equals(id)))
                        throw new FerException("unknown experiment '" + id + "' (fer bench --list shows them)");
            Map<String, Object> summary = new LinkedHashMap<>();
            int failures = 0;
            for (Experiment e : chosen) {
                long t0 = System.nanoTime();
                log.info("=== {} ({}) ===", e.id(), e.title());
                Map<String, Object> s = new LinkedHashMap<>();
                try {
                    Path expOut = Files.createDirectories(out.resolve(e.id()));
                    e.run(new ExperimentContext(dataDir, Files.createDirectories(work.resolve(e.id())), expOut, isQuick, seed));
                    s.put("status", "ok");
                } catch (FerException ex) {
                    failures++;
                    s.put("status", "failed: " + ex.getMessage());
                    log.error("{} failed: {}", e.id(), ex.getMessage());
                } catch (Exception | LinkageError ex) {
                    failures++;
                    s.put("status", "failed: " + ex);
                    log.error(e.id() + " failed", ex);
                }
                s.put("wall_time_s", Math.round((System.nanoTime() - t0) / 1e6) / 1000.0);
                summary.put(e.id(), s);
            }
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("data", dataDir.toString());
            root.put("quick", isQuick);
            root.put("experiments", summary);
            root.put("provenance", Provenance.base("bench"));
            Json.write(out.resolve("bench-summary.json"), root);
            ReportWriter.write(out, synthetic ? "FER toolkit results (synthetic demo data)" : "FER toolkit results");
            System.out.print(Files.readString(out.resolve("REPORT.md")));
            System.out.println("\nreport: " + out.resolve("REPORT.md"));
            return failures == 0 ? 0 : 1;
        }

        private Path prepareData(boolean synthetic) {
            if (synthetic) {
                Path csv = Path.of("data/synthetic/synthetic.csv");
                if (!Files.exists(csv)) {
                    log.info("no --data: generating {} synthetic faces per class into {}", perClass, csv);
                    new SyntheticFaces(1).writeCsv(csv, perClass);
                }
                Path dir = Path.of("data/synthetic/processed");
                new Preprocessor(PreprocessConfig.defaults()).run(csv, dir);
                return dir;
            }
            if (Files.isDirectory(data)) {
                ProcessedDataset.open(data);
                return data;
            }
            Path dir = work.resolve("processed");
            new Preprocessor(PreprocessConfig.defaults()).run(data, dir);
            return dir;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true, description = "Rebuilds REPORT.md and accuracy.png from <results>/*/metrics.json.")
    static final class ReportCmd implements Callable<Integer> {
        @Option(names = "--results", defaultValue = "results", description = "Results folder (default ${DEFAULT-VALUE}).")
        Path results;

        @Option(names = "--readme", description = "Also rewrite the seed-comparison table between the <!-- table:start --> and <!-- table:end --> markers of this file (e.g. README.md).")
        Path readme;

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(results)) throw new FerException("results folder not found: " + results);
            ReportWriter.write(results, "FER toolkit results");
            System.out.println("wrote " + results.resolve("REPORT.md"));
            if (readme != null) {
                SeedComparison.updateReadme(readme, SeedComparison.markdown(ReportWriter.collect(results)));
                System.out.println("updated the results table in " + readme);
            }
            return 0;
        }
    }
}
