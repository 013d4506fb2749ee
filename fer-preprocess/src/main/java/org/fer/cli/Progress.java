package org.fer.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on stderr: redrawn in place on a terminal, a line every few seconds otherwise (logs, CI).
 * Call {@link #step} from one thread; {@link #close} prints the final line.
 */
public final class Progress implements AutoCloseable {
    private static final boolean TTY = System.console() != null;
    private final String label;
    private final long total;
    private final long start = System.nanoTime();
    private final PrintStream out = System.err;
    private long done;
    private long lastPrint;
    private String suffix = "";

    public Progress(String label, long total) {
        this.label = label;
        this.total = Math.max(1, total);
    }

    public void step(long n) {
        done += n;
        long now = System.nanoTime();
        if (now - lastPrint > (TTY ? 200_000_000L : 10_000_000_000L) || done >= total) {
            lastPrint = now;
            print(false);
        }
    }

    /** Extra text after the bar, e.g. "loss 1.23 acc 0.45". */
    public void status(String text) { this.suffix = text; }

    public double elapsedSeconds() { return (System.nanoTime() - start) / 1e9; }

    public double ratePerSecond() { return done / Math.max(1e-9, elapsedSeconds()); }

    private void print(boolean last) {
        double frac = Math.min(1, done / (double) total);
        int width = 24, filled = (int) Math.round(frac * width);
        double rate = ratePerSecond();
        double eta = rate > 0 ? (total - done) / rate : 0;
        String line = String.format(Locale.ROOT, "%s [%s%s] %3.0f%% %d/%d %.1f/s ETA %s %s", label,
                "#".repeat(filled), ".".repeat(width - filled), 100 * frac, done, total, rate, time(eta), suffix);
        if (TTY) out.print("\r" + line + (last ? "\n" : ""));
        else out.println(line);
        out.flush();
    }

    private static String time(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format("%dh%02dm", t / 3600, t / 60 % 60) : String.format("%dm%02ds", t / 60, t % 60);
    }

    @Override
    public void close() {
        if (TTY) print(true);
        else if (lastPrint == 0 || done < total) print(true);
    }
}
