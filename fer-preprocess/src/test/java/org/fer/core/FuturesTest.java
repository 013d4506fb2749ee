package org.fer.core;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

class FuturesTest {
    @Test
    void resultRuntimeFailureAsThrownCheckedFailureNamed() {
        assertEquals(3, Futures.await(CompletableFuture.completedFuture(3), "adding"));
        IllegalArgumentException iae = new IllegalArgumentException("bad row");
        assertSame(iae, assertThrows(IllegalArgumentException.class, () -> Futures.await(CompletableFuture.failedFuture(iae), "reading")));
        FerException fe = assertThrows(FerException.class,
                () -> Futures.await(CompletableFuture.failedFuture(new java.io.IOException("disk")), "reading the CSV"));
        assertTrue(fe.getMessage().startsWith("reading the CSV failed: ") && fe.getMessage().contains("disk"), fe.getMessage());
        assertThrows(OutOfMemoryError.class, () -> Futures.await(CompletableFuture.failedFuture(new OutOfMemoryError("x")), "x"));
    }
}
