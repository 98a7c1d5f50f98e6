package dev.rollback.databases.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.databases.spi.Fingerprint;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FingerprintEntriesTest {
    private static final String H1 = "a".repeat(32);
    private static final String H2 = "b".repeat(32);

    private static Fingerprint of(Map<String, Fingerprint.Part> parts) {
        return Fingerprint.of("postgres", parts);
    }

    @Test
    void fewPartsAreRecordedOneByOne() {
        Map<String, String> m = FingerprintEntries.encode(
                of(Map.of("app.public.orders", new Fingerprint.Part(3, H1), "(roles)", new Fingerprint.Part(2, H2))));

        assertThat(m)
                .containsExactly(
                        Map.entry("fingerprint.(roles)", "2:" + H2),
                        Map.entry("fingerprint.app.public.orders", "3:" + H1));
        assertThat(FingerprintEntries.present(m)).isTrue();
        assertThat(FingerprintEntries.parts(m)).isEqualTo(2);
    }

    @Test
    void equalDataHasNoDifferences() {
        Fingerprint f = of(Map.of("t", new Fingerprint.Part(3, H1)));

        assertThat(FingerprintEntries.differences(FingerprintEntries.encode(f), f))
                .isEmpty();
    }

    @Test
    void differencesNameThePartAndRowCountsButNeverTheHashes() {
        Map<String, String> recorded = FingerprintEntries.encode(of(Map.of(
                "same",
                new Fingerprint.Part(1, H1),
                "content",
                new Fingerprint.Part(5, H1),
                "count",
                new Fingerprint.Part(5, H1),
                "gone",
                new Fingerprint.Part(7, H1))));
        Fingerprint actual = of(Map.of(
                "same",
                new Fingerprint.Part(1, H1),
                "content",
                new Fingerprint.Part(5, H2),
                "count",
                new Fingerprint.Part(4, H1),
                "new",
                new Fingerprint.Part(2, H2)));

        assertThat(FingerprintEntries.differences(recorded, actual))
                .containsExactly(
                        "content: content differs (5 rows)",
                        "count: row count differs (recorded 5, restored 4)",
                        "gone: missing after the restore (recorded 7 rows)",
                        "new: restored but not in the recorded fingerprint (2 rows)")
                .noneMatch(d -> d.contains(H1) || d.contains(H2));
    }

    @Test
    void manyPartsAreHashedTogetherAndABoundedNumberOfEntriesIsRecorded() {
        Map<String, Fingerprint.Part> parts = new TreeMap<>();
        for (int i = 0; i < 500; i++) {
            parts.put("db.public.t" + i, new Fingerprint.Part(i, H1));
        }
        Map<String, String> m = FingerprintEntries.encode(of(parts));

        assertThat(m)
                .hasSize(3)
                .containsEntry("fingerprint-parts", "500")
                .containsEntry("fingerprint-rows", Long.toString(499L * 500 / 2))
                .containsKey("fingerprint-digest");
        assertThat(FingerprintEntries.present(m)).isTrue();
        assertThat(FingerprintEntries.parts(m)).isEqualTo(500);
        assertThat(FingerprintEntries.differences(m, of(parts))).isEmpty();

        Map<String, Fingerprint.Part> changed = new LinkedHashMap<>(parts);
        changed.put("db.public.t42", new Fingerprint.Part(42, H2));
        assertThat(FingerprintEntries.differences(m, of(changed)))
                .singleElement()
                .asString()
                .contains("combined fingerprint of 500 parts")
                .doesNotContain(H2);
    }

    @Test
    void entriesOfOtherKindsAreNoFingerprint() {
        assertThat(FingerprintEntries.present(Map.of("sha256", H1, "bytes", "3", "format", "x")))
                .isFalse();
    }
}
