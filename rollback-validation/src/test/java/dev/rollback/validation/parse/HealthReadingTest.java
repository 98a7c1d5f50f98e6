package dev.rollback.validation.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HealthReadingTest {
    @ParameterizedTest
    @ValueSource(strings = {"ok", "OK", "healthy", "Healthy", "up", "UP", "pass", "green", " ok "})
    void healthyWords(String word) {
        HealthReading r = HealthReading.of(200, "{\"status\":\"" + word + "\"}");
        assertThat(r.verdict()).isEqualTo(HealthVerdict.HEALTHY);
        assertThat(r.rawStatus()).isEqualTo(word);
        assertThat(r.healthy()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"degraded", "unhealthy", "UNHEALTHY", "down", "DOWN", "fail", "red"})
    void unhealthyWords(String word) {
        assertThat(HealthReading.of(200, "{\"status\":\"" + word + "\"}").verdict())
                .isEqualTo(HealthVerdict.UNHEALTHY);
    }

    @Test
    void unhealthyWithHttp200IsUnhealthyNotTheRunbooksGrepMatch() {
        HealthReading r = HealthReading.of(200, "{\"status\":\"unhealthy\",\"checks\":{\"db\":\"healthy\"}}");
        assertThat(r.verdict()).isEqualTo(HealthVerdict.UNHEALTHY);
        assertThat(r.rawStatus()).isEqualTo("unhealthy");
    }

    @Test
    void aBodyThatIsNotJsonIsUnknownWhateverWordsItHolds() {
        assertThat(HealthReading.of(200, "healthy").verdict()).isEqualTo(HealthVerdict.UNKNOWN);
        assertThat(HealthReading.of(200, "<html><title>Forgejo: healthy</title></html>")
                        .verdict())
                .isEqualTo(HealthVerdict.UNKNOWN);
        assertThat(HealthReading.of(200, "{\"status\":\"healthy\"").verdict())
                .as("truncated JSON")
                .isEqualTo(HealthVerdict.UNKNOWN);
        assertThat(HealthReading.of(200, "[\"healthy\"]").verdict()).isEqualTo(HealthVerdict.UNKNOWN);
        assertThat(HealthReading.of(200, "\"healthy\"").verdict()).isEqualTo(HealthVerdict.UNKNOWN);
    }

    @Test
    void emptyNullAndStatuslessBodiesAreUnknown() {
        assertThat(HealthReading.of(200, null).verdict()).isEqualTo(HealthVerdict.UNKNOWN);
        assertThat(HealthReading.of(200, "").verdict()).isEqualTo(HealthVerdict.UNKNOWN);
        assertThat(HealthReading.of(204, "  \r\n").verdict()).isEqualTo(HealthVerdict.UNKNOWN);
        assertThat(HealthReading.of(200, "{\"version\":\"1.2\"}").verdict()).isEqualTo(HealthVerdict.UNKNOWN);
        assertThat(HealthReading.of(200, "{\"status\":null}").verdict()).isEqualTo(HealthVerdict.UNKNOWN);
    }

    @Test
    void anUnknownWordIsUnknownWithItsRawText() {
        HealthReading r = HealthReading.of(200, "{\"status\":\"starting\"}");
        assertThat(r.verdict()).isEqualTo(HealthVerdict.UNKNOWN);
        assertThat(r.rawStatus()).isEqualTo("starting");
    }

    @Test
    void otherFieldsAndNestedStatus() {
        assertThat(HealthReading.of(200, "{\"health\":\"green\"}").verdict()).isEqualTo(HealthVerdict.HEALTHY);
        assertThat(HealthReading.of(200, "{\"state\":\"down\"}").verdict()).isEqualTo(HealthVerdict.UNHEALTHY);
        assertThat(HealthReading.of(200, "{\"status\":{\"overall\":\"degraded\",\"redis\":\"ok\"}}")
                        .verdict())
                .isEqualTo(HealthVerdict.UNHEALTHY);
        assertThat(HealthReading.of(200, "{\"status\":{\"status\":\"UP\"}}").verdict())
                .isEqualTo(HealthVerdict.HEALTHY);
        assertThat(HealthReading.of(200, "{\"healthy\":false}").verdict()).isEqualTo(HealthVerdict.UNHEALTHY);
        assertThat(HealthReading.of(200, "{\"status\":true}").verdict()).isEqualTo(HealthVerdict.HEALTHY);
        // status wins over the other fields
        assertThat(HealthReading.of(200, "{\"state\":\"ok\",\"status\":\"degraded\"}")
                        .verdict())
                .isEqualTo(HealthVerdict.UNHEALTHY);
    }

    @Test
    void devStackReferenceApiBody() {
        String body = "{\r\n  \"status\": \"healthy\",\r\n  \"timestamp\": \"2026-12-07T19:00:00Z\",\r\n"
                + "  \"services\": {\"vault\": {\"status\": \"unhealthy\"}}\r\n}";
        assertThat(HealthReading.of(200, body).verdict()).isEqualTo(HealthVerdict.HEALTHY);
    }

    @Test
    void anHttpErrorIsUnhealthyWhateverTheBodySays() {
        HealthReading r = HealthReading.of(503, "{\"status\":\"ok\"}");
        assertThat(r.verdict()).isEqualTo(HealthVerdict.UNHEALTHY);
        assertThat(r.rawStatus()).isEqualTo("ok");
        assertThat(HealthReading.of(500, "Internal Server Error").rawStatus()).isEqualTo("HTTP 500");
        assertThat(HealthReading.of(404, "").verdict()).isEqualTo(HealthVerdict.UNHEALTHY);
    }

    @Test
    void aHugeStatusIsCutInTheReport() {
        HealthReading r = HealthReading.of(200, "{\"status\":\"" + "x".repeat(100_000) + "\"}");
        assertThat(r.verdict()).isEqualTo(HealthVerdict.UNKNOWN);
        assertThat(r.rawStatus()).hasSizeLessThan(300);
    }
}
