package dev.rollback.env;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Guesses what a service is from its image, then its name, then its health check.
 *
 * <p>{@code KindGuesser.guess("cache", Optional.of("redis:7.4"), List.of()) // REDIS}
 */
final class KindGuesser {
    private static final Pattern HTTP_API_CHECK =
            Pattern.compile("(localhost|127\\.0\\.0\\.1|0\\.0\\.0\\.0):800[0-4]\\b");
    private static final List<String> OBSERVABILITY = List.of(
            "exporter",
            "prometheus",
            "grafana",
            "loki",
            "vector",
            "cadvisor",
            "promtail",
            "alloy",
            "alertmanager",
            "jaeger",
            "tempo");

    private KindGuesser() {}

    static ServiceKind guess(String serviceName, Optional<String> image, List<String> healthTest) {
        Optional<ServiceKind> fromImage = image.map(KindGuesser::repository).flatMap(KindGuesser::byWord);
        if (fromImage.isPresent()) {
            return fromImage.get();
        }
        Optional<ServiceKind> fromName = byWord(serviceName.toLowerCase(Locale.ROOT));
        if (fromName.isPresent()) {
            return fromName.get();
        }
        boolean httpCheck =
                healthTest.stream().anyMatch(s -> HTTP_API_CHECK.matcher(s).find());
        if (httpCheck || serviceName.endsWith("-api") || serviceName.endsWith("_api")) {
            return ServiceKind.HTTP_API;
        }
        return ServiceKind.OTHER;
    }

    /** {@code registry:5000/hashicorp/vault:1.18@sha256:..} to {@code hashicorp/vault}, lower case. */
    static String repository(String image) {
        String ref = image.toLowerCase(Locale.ROOT);
        int at = ref.indexOf('@');
        if (at >= 0) {
            ref = ref.substring(0, at);
        }
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        if (colon > slash) {
            ref = ref.substring(0, colon);
        }
        return ref;
    }

    private static Optional<ServiceKind> byWord(String text) {
        if (OBSERVABILITY.stream().anyMatch(text::contains)) {
            return Optional.of(ServiceKind.OBSERVABILITY);
        }
        if (text.contains("vault")) {
            return Optional.of(ServiceKind.VAULT);
        }
        if (text.contains("pgbouncer")) {
            return Optional.of(ServiceKind.PGBOUNCER);
        }
        if (text.contains("postgres") || text.contains("postgis")) {
            return Optional.of(ServiceKind.POSTGRES);
        }
        if (text.contains("mysql") || text.contains("mariadb")) {
            return Optional.of(ServiceKind.MYSQL);
        }
        if (text.contains("mongo")) {
            return Optional.of(ServiceKind.MONGODB);
        }
        if (text.contains("redis") || text.contains("valkey")) {
            return Optional.of(ServiceKind.REDIS);
        }
        if (text.contains("rabbitmq")) {
            return Optional.of(ServiceKind.RABBITMQ);
        }
        if (text.contains("forgejo") || text.contains("gitea")) {
            return Optional.of(ServiceKind.FORGEJO);
        }
        return Optional.empty();
    }
}
