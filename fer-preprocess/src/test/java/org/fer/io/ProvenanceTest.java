package org.fer.io;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ProvenanceTest {
    /** The build recorded the checkout's commit: the tests run on the classes Maven just built from this checkout. */
    @Test
    void buildCommitIsTheCommitTheClassesWereBuiltFrom() {
        String built = Provenance.buildCommit(), head = Provenance.gitCommit();
        assertTrue(built.matches("[0-9a-f]{40}(-dirty)?") || built.equals("unknown"), built);
        if (!head.equals("unknown")) assertEquals(head.substring(0, 40), built.substring(0, Math.min(40, built.length())),
                "build.properties should name HEAD (rebuild with mvn if HEAD moved since the last build)");
        Map<String, Object> p = Provenance.base("test");
        assertEquals(built, p.get("build_commit"));
        assertEquals(head, p.get("git_commit"));
    }
}
