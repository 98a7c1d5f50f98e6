package dev.rollback.databases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.errors.RollbackException;
import dev.rollback.io.Sha256;
import dev.rollback.spi.DumpSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FramedArchiveTest {
    private static final String FORMAT = "rollback-test-v1";

    @Test
    void aToolsStreamWrappedInRecordsComesBackWholeAndVerified() throws IOException {
        byte[] tool = new byte[1_000_003];
        new Random(3).nextBytes(tool);
        byte[] archive = archive(w -> {
            w.record(1, "header".getBytes());
            try (OutputStream out = FramedArchive.recordsOf(w, 2, 64 * 1024)) {
                out.write(tool, 0, 10);
                out.write(tool[10]);
                out.write(tool, 11, tool.length - 11);
            }
            w.record(3, new byte[0]);
        });
        List<Integer> tags = new ArrayList<>();
        long[] payload = {0};
        long count = FramedArchive.verify("svc", DumpSource.ofBytes(archive), FORMAT, Optional.empty(), (t, b) -> {
            tags.add(t);
            payload[0] += t == 2 ? b.length : 0;
        });

        assertThat(count).isEqualTo(tags.size());
        assertThat(payload[0]).isEqualTo(tool.length);
        assertThat(tags).startsWith(1).endsWith(3);
        try (InputStream in = FramedArchive.payload(new ByteArrayInputStream(archive), FORMAT, 2)) {
            assertThat(in.readAllBytes()).isEqualTo(tool);
        }
    }

    @Test
    void aCutArchiveFailsAtTheEndOfItsPayloadAndInVerify() throws IOException {
        byte[] archive = archive(w -> {
            for (int i = 0; i < 100; i++) {
                w.record(2, ("chunk " + i).getBytes());
            }
        });
        byte[] cut = Arrays.copyOf(archive, archive.length - 20);

        assertThatThrownBy(() -> FramedArchive.verify("svc", DumpSource.ofBytes(cut), FORMAT, Optional.empty()))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("cut short or damaged");
        try (InputStream in = FramedArchive.payload(new ByteArrayInputStream(cut), FORMAT, 2)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
        }
        byte[] flipped = archive.clone();
        flipped[33] ^= 1; // inside the first record's body
        try (InputStream in = FramedArchive.payload(new ByteArrayInputStream(flipped), FORMAT, 2)) {
            assertThatThrownBy(in::readAllBytes).hasMessageContaining("trailer does not match");
        }
    }

    @Test
    void verifyChecksTheRecordedSha256WhenThereIsOneAndTheTrailerAlways() throws IOException {
        byte[] archive = archive(w -> w.record(2, "the only record".getBytes()));
        String sha = Sha256.of(archive);

        assertThat(FramedArchive.verify("svc", DumpSource.ofBytes(archive), FORMAT, Optional.of(sha)))
                .isEqualTo(1);
        String other = (sha.charAt(0) == '0' ? "1" : "0") + sha.substring(1);
        assertThatThrownBy(() -> FramedArchive.verify("svc", DumpSource.ofBytes(archive), FORMAT, Optional.of(other)))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("has SHA-256 " + sha)
                .hasMessageContaining("recorded " + other)
                .hasMessageContaining("Nothing was changed");
        byte[] flipped = archive.clone();
        flipped[flipped.length - 50] ^= 1; // inside the record's body: no recorded digest, the trailer catches it
        assertThatThrownBy(() -> FramedArchive.verify("svc", DumpSource.ofBytes(flipped), FORMAT, Optional.empty()))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("trailer does not match");
    }

    interface Body {
        void write(FramedArchive.Writer w) throws IOException;
    }

    private static byte[] archive(Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FramedArchive.Writer w = FramedArchive.writer(out, FORMAT)) {
            body.write(w);
        }
        return out.toByteArray();
    }
}
