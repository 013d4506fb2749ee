package org.fer.core;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting on work handed to another thread, with the task's own failure surfacing as it was thrown. */
public final class Futures {
    private Futures() {}

    /**
     * The task's result. A runtime exception or error thrown by the task is rethrown as is; a checked one becomes a
     * {@link FerException} naming {@code doing}; an interrupt restores the thread's flag and says what was interrupted.
     */
    public static <T> T await(Future<T> f, String doing) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerException("interrupted while " + doing);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new FerException(doing + " failed: " + c, c);
        }
    }
}
