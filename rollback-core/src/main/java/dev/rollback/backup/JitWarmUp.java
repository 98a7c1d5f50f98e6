package dev.rollback.backup;

import dev.rollback.io.Sha256;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gets the JIT to compile the CPU intrinsics of SHA-256 ({@link #start}) and, where a key is in play, of AES-GCM
 * ({@link #startCrypto}: a background thread that runs a few thousand small AES-GCM operations) before the first
 * large artifact streams through. Measured here: the first 100 MB of AES-GCM go at ~90 MB/s cold and at 1-2 GB/s
 * after this (~250 ms, on the other core, while the key derivation runs on this one). Without a key the AES-GCM
 * warm-up is left out: on 2 cores its compilations took CPU from an unencrypted backup's compression.
 *
 * <p>{@code JitWarmUp.start(); // then stream artifacts}
 */
final class JitWarmUp {
    private static final AtomicBoolean HASHING = new AtomicBoolean();
    private static final AtomicBoolean CRYPTO = new AtomicBoolean();

    private JitWarmUp() {}

    /** SHA-256, once per JVM, on this thread. */
    static void start() {
        if (HASHING.compareAndSet(false, true)) {
            warmHashing();
        }
    }

    /** {@link #start}, then AES-GCM on a background thread, once per JVM. */
    static void startCrypto() {
        start();
        if (!CRYPTO.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(JitWarmUp::run, "rollback-jit-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /**
     * SHA-256 many times over a few bytes, on this thread (~70 ms): C2 then compiles the hashing with its CPU
     * intrinsic before the first large artifact, which took a cold verify of 210 MB from ~290 to ~440 MB/s here.
     * On another thread it would compete with the work it is meant to speed up.
     */
    private static void warmHashing() {
        MessageDigest md = Sha256.digest();
        byte[] small = new byte[256];
        for (int i = 0; i < 30_000; i++) {
            md.update(small);
        }
    }

    private static void run() {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            SecretKeySpec k = new SecretKeySpec(new byte[32], "AES");
            byte[] block = new byte[4096];
            for (int i = 0; i < 3000; i++) {
                GCMParameterSpec iv =
                        new GCMParameterSpec(ChunkedAead.TAG_BYTES * 8, ChunkedAead.nonce(new byte[8], i));
                c.init(Cipher.ENCRYPT_MODE, k, iv);
                byte[] sealed = c.doFinal(block);
                c.init(Cipher.DECRYPT_MODE, k, iv);
                c.doFinal(sealed);
            }
        } catch (GeneralSecurityException e) {
            // only a warm-up: the real streams report their own errors
        }
    }
}
