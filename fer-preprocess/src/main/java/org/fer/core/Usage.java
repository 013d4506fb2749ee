package org.fer.core;

/** FER2013's Usage column and the processed split each value maps to. */
public enum Usage {
    TRAINING("Training", "train"),
    PUBLIC_TEST("PublicTest", "public_test"),
    PRIVATE_TEST("PrivateTest", "private_test");

    private final String csvName;
    private final String splitName;

    Usage(String csvName, String splitName) {
        this.csvName = csvName;
        this.splitName = splitName;
    }

    public String csvName() { return csvName; }
    public String splitName() { return splitName; }

    /** @return the usage for a CSV value, or null when unknown. */
    public static Usage fromCsv(String value) {
        for (Usage u : values()) if (u.csvName.equals(value)) return u;
        return null;
    }
}
