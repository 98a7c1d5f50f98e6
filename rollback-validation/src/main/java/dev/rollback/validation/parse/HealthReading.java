package dev.rollback.validation.parse;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The health verdict of an HTTP health endpoint's answer, read from its JSON body's {@code status} field (also
 * {@code health}, {@code state}, a nested {@code {"status":{"overall":"ok"}}} or {@code {"status":{"status":"UP"}}},
 * or a boolean {@code healthy}). The runbook's {@code grep healthy} matched "unhealthy"; this reads the field: {@code
 * {"status":"unhealthy"}} is unhealthy even with HTTP 200, and a body that is not JSON is unknown whatever words it
 * holds. An HTTP status of 400 or more is unhealthy whatever the body says.
 *
 * <p>{@code HealthReading.of(200, "{\"status\":\"degraded\"}").verdict() // UNHEALTHY}
 *
 * @param verdict healthy, unhealthy or unknown
 * @param rawStatus the status text as the endpoint gave it (empty when there was none), for the report
 */
public record HealthReading(HealthVerdict verdict, String rawStatus) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RAW = 200;
    private static final List<String> FIELDS = List.of("status", "health", "state");
    private static final List<String> NESTED = List.of("overall", "status", "state", "health");
    private static final Set<String> HEALTHY = Set.of("ok", "healthy", "up", "pass", "passed", "green");
    private static final Set<String> UNHEALTHY =
            Set.of("degraded", "unhealthy", "down", "fail", "failed", "failing", "red", "error", "critical");

    public HealthReading {
        if (verdict == null) {
            throw new IllegalArgumentException("verdict is required");
        }
        rawStatus = rawStatus == null ? "" : rawStatus;
    }

    /**
     * Reads one answer.
     *
     * @param httpStatus the HTTP status code (after redirects)
     * @param body the response body, may be empty or null
     */
    public static HealthReading of(int httpStatus, String body) {
        HealthReading fromBody = fromBody(body);
        if (httpStatus >= 400) {
            String raw = fromBody.rawStatus.isEmpty() ? "HTTP " + httpStatus : fromBody.rawStatus;
            return new HealthReading(HealthVerdict.UNHEALTHY, raw);
        }
        return fromBody;
    }

    /** Whether the endpoint said it is healthy. */
    public boolean healthy() {
        return verdict == HealthVerdict.HEALTHY;
    }

    /** The verdict of a JSON body alone; not JSON, or no status in it, is unknown. */
    public static HealthReading fromBody(String body) {
        if (body == null || body.isBlank()) {
            return new HealthReading(HealthVerdict.UNKNOWN, "");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            return new HealthReading(HealthVerdict.UNKNOWN, "");
        }
        if (root == null || !root.isObject()) {
            return new HealthReading(HealthVerdict.UNKNOWN, "");
        }
        for (String field : FIELDS) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                continue;
            }
            if (node.isObject()) {
                for (String inner : NESTED) {
                    JsonNode value = node.get(inner);
                    if (value != null && value.isValueNode() && !value.isNull()) {
                        return fromText(value.asText());
                    }
                }
                continue;
            }
            if (node.isBoolean()) {
                return fromFlag(node.booleanValue());
            }
            if (node.isValueNode()) {
                return fromText(node.asText());
            }
        }
        JsonNode flag = root.get("healthy");
        if (flag != null && flag.isBoolean()) {
            return fromFlag(flag.booleanValue());
        }
        return new HealthReading(HealthVerdict.UNKNOWN, "");
    }

    private static HealthReading fromText(String text) {
        String raw = text.length() > MAX_RAW ? text.substring(0, MAX_RAW) + "…" : text;
        String word = text.strip().toLowerCase(Locale.ROOT);
        if (HEALTHY.contains(word)) {
            return new HealthReading(HealthVerdict.HEALTHY, raw);
        }
        if (UNHEALTHY.contains(word)) {
            return new HealthReading(HealthVerdict.UNHEALTHY, raw);
        }
        return new HealthReading(HealthVerdict.UNKNOWN, raw);
    }

    private static HealthReading fromFlag(boolean healthy) {
        return new HealthReading(healthy ? HealthVerdict.HEALTHY : HealthVerdict.UNHEALTHY, String.valueOf(healthy));
    }
}
