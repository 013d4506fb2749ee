package org.fer.io;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Where a result came from: code version, machine, time. Inputs, seed and parameters are added by the caller. */
public final class Provenance {
    public static final String TOOL_VERSION = "0.1.0";

    private Provenance() {}

    /** A fresh provenance map; callers put "inputs", "seed", "parameters" and "wall_time_s" into it. */
    public static Map<String, Object> base(String command) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("command", command);
        p.put("tool_version", TOOL_VERSION);
        p.put("git_commit", gitCommit());
        p.put("build_commit", buildCommit());
        p.put("date", Instant.now().toString());
        p.put("machine", machine());
        return p;
    }

    public static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", host());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("jvm_args", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        return m;
    }

    /**
     * The commit the running jars were built from ("-dirty": with uncommitted changes), recorded by the Maven build;
     * differs from {@link #gitCommit} when jars built earlier run in a later checkout. "unknown" when not recorded.
     */
    public static String buildCommit() {
        try (var in = Provenance.class.getResourceAsStream("build.properties")) {
            if (in == null) return "unknown";
            java.util.Properties props = new java.util.Properties();
            props.load(in);
            String c = props.getProperty("commit", "").trim();
            return c.matches("[0-9a-f]{40}(-dirty)?") ? c : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** HEAD's commit of the current directory's checkout, with "-dirty" when the work tree has uncommitted changes; "unknown" outside git. */
    public static String gitCommit() {
        String head = run("git", "rev-parse", "HEAD");
        if (head == null) return "unknown";
        String status = run("git", "status", "--porcelain", "--untracked-files=no");
        return status != null && !status.isBlank() ? head + "-dirty" : head;
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
        } catch (IOException | RuntimeException ignored) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }
}
