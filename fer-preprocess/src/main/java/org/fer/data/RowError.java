package org.fer.data;

/** One rejected CSV row: 1-based line number in the file (header is line 1), the field, and why. */
public record RowError(long line, String field, String reason) {
    public String describe(String file) {
        return file + ":" + line + ": field '" + field + "': " + reason;
    }
}
