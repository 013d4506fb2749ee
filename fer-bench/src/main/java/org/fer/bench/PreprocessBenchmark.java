package org.fer.bench;

import org.fer.core.FerException;
import org.fer.io.Hashing;
import org.fer.io.Json;
import org.fer.io.Provenance;
import org.fer.preprocess.PreprocessConfig;
import org.fer.preprocess.Preprocessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * {@code fer bench-preprocess}: CSV → tensors wall time (plain and gzip input, median of N runs, first run
 * reported apart) and peak heap, side by side with a plain NumPy reference when python3 + numpy exist.
 * A benchmark, never a test.
 */
@Command(name = "bench-preprocess", mixinStandardHelpOptions = true, description = "Benchmarks fer preprocess on a FER2013 file.")
public final class PreprocessBenchmark implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "FER2013 .csv.gz (a plain copy is made in --work).")
    Path input;
    @Option(names = "--repeat", defaultValue = "5", description = "Runs per input form (default ${DEFAULT-VALUE}).")
    int repeat;
    @Option(names = "--work", defaultValue = "data/work/bench-preprocess", description = "Scratch folder (default ${DEFAULT-VALUE}).")
    Path work;
    @Option(names = "--out", defaultValue = "results/preprocess-bench", description = "Where bench.json goes (default ${DEFAULT-VALUE}).")
    Path out;

    private static final String NUMPY_REFERENCE = String.join("\n",
            "import sys, time, numpy as np",
            "t = time.perf_counter()",
            "xs, ys = [], []",
            "with open(sys.argv[1]) as f:",
            "    next(f)",
            "    for line in f:",
            "        e, p, u = line.rstrip('\\n').split(',')",
            "        ys.append(int(e)); xs.append(np.array(p.split(' '), dtype=np.uint8))",
            "x = np.stack(xs).reshape(-1, 48, 48); y = np.array(ys)",
            "print(time.perf_counter() - t)");

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(input)) throw new FerException("input file not found: " + input);
        Files.createDirectories(work);
        Path plain = work.resolve("input.csv");
        if (!Files.exists(plain)) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(input), 1 << 16); OutputStream o = Files.newOutputStream(plain)) {
                in.transferTo(o);
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", "CSV -> processed tensors (fer preprocess), in-process, fresh output folder each run");
        root.put("input_sha256", Hashing.sha256(input));
        root.put("plain_csv_bytes", Files.size(plain));
        root.put("gzip", measure(input, "gz"));
        root.put("plain", measure(plain, "csv"));
        root.put("numpy_reference", numpy(plain));
        Map<String, Object> prov = Provenance.base("bench-preprocess");
        prov.put("parameters", Map.of("repeat", repeat, "val_fraction", 0.1, "seed", 42));
        root.put("provenance", prov);
        Json.write(out.resolve("bench.json"), root);
        System.out.println(Json.toString(root));
        return 0;
    }

    private Map<String, Object> measure(Path file, String tag) throws IOException {
        List<Double> secs = new ArrayList<>();
        long peak = 0;
        for (int i = 0; i < repeat; i++) {
            Path dir = work.resolve("out-" + tag + "-" + i);
            deleteTree(dir);
            System.gc();
            resetPeaks();
            long t0 = System.nanoTime();
            new Preprocessor(PreprocessConfig.defaults()).run(file, dir);
            secs.add((System.nanoTime() - t0) / 1e9);
            peak = Math.max(peak, heapPeak());
            deleteTree(dir);
        }
        double[] sorted = secs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runs_s", secs.stream().map(s -> Math.round(s * 1000) / 1000.0).toList());
        m.put("first_s", Math.round(secs.get(0) * 1000) / 1000.0);
        m.put("median_s", Math.round(sorted[sorted.length / 2] * 1000) / 1000.0);
        m.put("peak_heap_mb", peak >> 20);
        m.put("peak_heap_note", "sum of per-pool heap peaks since the run started: an upper bound of the true peak");
        System.err.printf(Locale.ROOT, "%s: median %.3f s, first %.3f s, peak heap %d MB%n", tag, sorted[sorted.length / 2], secs.get(0), peak >> 20);
        return m;
    }

    private Object numpy(Path plain) {
        try {
            Process p = new ProcessBuilder("python3", "-c", NUMPY_REFERENCE, plain.toString()).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) return "not run: " + text;
            return Map.of("seconds", Math.round(Double.parseDouble(text.lines().reduce((a, b) -> b).orElse("0")) * 1000) / 1000.0,
                    "what", "python3 loop: split lines, np.array(dtype=uint8) per row, np.stack");
        } catch (IOException | NumberFormatException e) {
            return "not run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) if (b.getType() == MemoryType.HEAP) b.resetPeakUsage();
    }

    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) if (b.getType() == MemoryType.HEAP) sum += b.getPeakUsage().getUsed();
        return sum;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
