package org.fer.live;

import java.util.Map;

/** Receives each processed frame's results and, at the end, the run summary. */
public interface ResultSink extends AutoCloseable {
    void frame(FrameResult result);

    default void summary(Map<String, Object> summary) {}

    /** Finishes the output (atomically moves it into place). */
    @Override
    void close();

    /** Drops a half-written output after a failure. */
    default void abort() {}
}
