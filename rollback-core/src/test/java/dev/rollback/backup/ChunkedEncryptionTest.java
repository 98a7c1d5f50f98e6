package dev.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkedEncryptionTest {
    static final BackupKey KEY = BackupKey.derive("correct horse".toCharArray(), new byte[16], 1000);
    static final int CHUNK = 1024;

    static byte[] encrypt(byte[] plain, BackupKey key) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EncryptingOutputStream enc = new EncryptingOutputStream(out, key, CHUNK)) {
            enc.write(plain);
        }
        return out.toByteArray();
    }

    static byte[] decrypt(byte[] sealed, BackupKey key) throws IOException {
        try (DecryptingInputStream in = new DecryptingInputStream(new ByteArrayInputStream(sealed), key)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17})
    void roundTripKeepsEveryByte(int size) throws Exception {
        byte[] plain = new byte[size];
        new Random(size).nextBytes(plain);

        byte[] back = decrypt(encrypt(plain, KEY), KEY);

        assertThat(back).isEqualTo(plain);
    }

    @Test
    void truncationAtAChunkBoundaryIsDetected() throws Exception {
        byte[] sealed = encrypt(new byte[3 * CHUNK + 10], KEY);
        byte[] cut = Arrays.copyOf(sealed, ChunkedAead.HEADER_LENGTH + 2 * (CHUNK + ChunkedAead.TAG_BYTES));

        assertThatThrownBy(() -> decrypt(cut, KEY))
                .isInstanceOf(ArtifactCorruptException.class)
                .hasMessageContaining("does not authenticate");
    }

    @Test
    void truncationInsideAChunkIsDetected() throws Exception {
        byte[] sealed = encrypt(new byte[3 * CHUNK], KEY);

        assertThatThrownBy(() -> decrypt(Arrays.copyOf(sealed, sealed.length - 5), KEY))
                .isInstanceOf(ArtifactCorruptException.class);
    }

    @Test
    void swappedChunksAreDetected() throws Exception {
        byte[] sealed = encrypt(new byte[3 * CHUNK], KEY);
        int c = CHUNK + ChunkedAead.TAG_BYTES;
        int a = ChunkedAead.HEADER_LENGTH;
        byte[] first = Arrays.copyOfRange(sealed, a, a + c);
        System.arraycopy(sealed, a + c, sealed, a, c);
        System.arraycopy(first, 0, sealed, a + c, c);

        assertThatThrownBy(() -> decrypt(sealed, KEY)).isInstanceOf(ArtifactCorruptException.class);
    }

    @Test
    void aFlippedBitIsDetected() throws Exception {
        byte[] sealed = encrypt("secret data".getBytes(), KEY);
        sealed[sealed.length - 20] ^= 1;

        assertThatThrownBy(() -> decrypt(sealed, KEY)).isInstanceOf(ArtifactCorruptException.class);
    }

    @Test
    void wrongPassphraseDoesNotDecrypt() throws Exception {
        byte[] sealed = encrypt("secret data".getBytes(), KEY);
        BackupKey wrong = BackupKey.derive("wrong horse".toCharArray(), new byte[16], 1000);

        assertThatThrownBy(() -> decrypt(sealed, wrong))
                .isInstanceOf(ArtifactCorruptException.class)
                .hasMessageContaining("wrong passphrase");
    }

    @Test
    void plainBytesAreNotInTheCiphertext() throws Exception {
        byte[] sealed = encrypt("hvs.ROOT-TOKEN-VALUE".repeat(10).getBytes(), KEY);

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("ROOT-TOKEN");
    }
}
