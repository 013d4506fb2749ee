package org.fer.live;

import org.fer.core.FerException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A text output written to a temporary sibling and moved into place on close, so readers never see half a file. */
abstract class TextFileSink implements ResultSink {
    private final Path target;
    private final Path tmp;
    protected final BufferedWriter out;

    TextFileSink(Path target) {
        this.target = target.toAbsolutePath();
        try {
            Path dir = this.target.getParent();
            if (dir != null) Files.createDirectories(dir);
            this.tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
            this.out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FerException("cannot write " + target + ": " + e.getMessage());
        }
    }

    protected void line(String s) {
        try {
            out.write(s);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
            org.fer.io.AtomicFiles.move(tmp, target);
        } catch (IOException e) {
            throw new FerException("cannot write " + target + ": " + e.getMessage());
        }
    }

    @Override
    public void abort() {
        try {
            out.close();
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
