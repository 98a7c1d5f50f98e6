package dev.rollback.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
    /** SHA-256 of "abc" (FIPS 180-2, appendix B.1). */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path tmp;

    @Test
    void hexIsLowercaseAndTheSameForBytesTextAndFile() throws Exception {
        Path f = Files.writeString(tmp.resolve("abc"), "abc");
        assertThat(Sha256.of("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ABC);
        assertThat(Sha256.of("abc")).isEqualTo(ABC);
        assertThat(Sha256.of(f)).isEqualTo(ABC);
        var md = Sha256.digest();
        md.update("abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(Sha256.hex(md)).isEqualTo(ABC);
    }

    @Test
    void theOutputStreamPassesEveryByteOnAndHashesThemByteOrArray() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (HashingOutputStream out = new HashingOutputStream(sink)) {
            out.write('a');
            assertThat(out.hex()).isEqualTo(Sha256.of("a"));
            out.write("bc".getBytes(StandardCharsets.US_ASCII));
            assertThat(out.hex()).isEqualTo(ABC);
            assertThat(out.digest()).hasSize(32);
            assertThat(out.bytes()).isEqualTo(3);
        }
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
    }

    @Test
    void pastItsLimitTheOutputStreamOnlyCounts() throws Exception {
        HashingOutputStream out = new HashingOutputStream(OutputStream.nullOutputStream(), 3);
        out.write("abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(out.hex()).isEqualTo(ABC);
        out.write('d');
        assertThat(out.hex()).isNull();
        assertThat(out.bytes()).isEqualTo(4);
    }

    @Test
    void theInputStreamHashesWhatIsRead() throws Exception {
        try (HashingInputStream in =
                new HashingInputStream(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)))) {
            assertThat(in.read()).isEqualTo('a');
            assertThat(in.readAllBytes()).hasSize(2);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.hex()).isEqualTo(ABC);
            assertThat(in.bytes()).isEqualTo(3);
        }
    }
}
