package org.fer.core;

/**
 * An error the user can act on (bad input, missing asset). The CLI prints its message on one line,
 * without a stack trace, and exits non-zero.
 */
public class FerException extends RuntimeException {
    public FerException(String message) { super(message); }
    public FerException(String message, Throwable cause) { super(message, cause); }
}
