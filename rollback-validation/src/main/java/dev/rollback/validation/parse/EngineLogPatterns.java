package dev.rollback.validation.parse;

import dev.rollback.env.ServiceKind;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a critical line looks like in each engine's log, per {@link ServiceKind}. Every kind also gets the generic
 * {@code FATAL}/{@code PANIC} words. Levels below error (PostgreSQL {@code LOG:}, MySQL/MariaDB {@code [Note]}/{@code
 * [Warning]}/{@code [System]}, MongoDB {@code "s":"I"}/{@code "s":"W"}, RabbitMQ {@code [info]}/{@code [warning]},
 * Vault {@code [INFO]}/{@code [WARN]}) never match.
 *
 * <p>{@code EngineLogPatterns.forKind(ServiceKind.POSTGRES) // FATAL:, PANIC:}
 */
final class EngineLogPatterns {
    /** Upper-case FATAL or PANIC as a word, as most engines and runtimes write their worst level. */
    static final Pattern GENERIC = Pattern.compile("\\b(?:FATAL|PANIC)\\b");

    private static final Pattern POSTGRES = Pattern.compile("\\b(?:FATAL|PANIC):\\s");
    /** PgBouncer: {@code 2026-12-07 19:00:00.000 UTC [1] ERROR ...} (its FATAL is in the generic pattern). */
    private static final Pattern PGBOUNCER = Pattern.compile("\\[\\d+\\] (?:ERROR|FATAL) ");
    /** MySQL 8 {@code [ERROR] [MY-010119] [Server]} and MariaDB {@code [ERROR]}. */
    private static final Pattern MYSQL = Pattern.compile("\\[ERROR\\]");
    /** MongoDB 4.4+ structured logs' severity F (fatal) and E (error), and the older text format's. */
    private static final Pattern MONGODB_JSON = Pattern.compile("\"s\"\\s*:\\s*\"[FE]\"");

    private static final Pattern MONGODB_TEXT = Pattern.compile("^\\S+\\s+[FE]\\s+[A-Z_-]+\\s+\\[");
    /**
     * Redis: its {@code #} (warning) level carries both noise ({@code WARNING Memory overcommit must be enabled}) and
     * real trouble; only the trouble's words match. Plus crash reports and a failed cluster state, at any level.
     */
    private static final Pattern REDIS_WARNING_TROUBLE = Pattern.compile(
            "^\\d+:[XCSM] [^#]*# .*?\\b(?:[Ee]rror|ERR|[Ff]ailed|[Ff]atal|Can't|Cannot|[Uu]nable to|[Cc]orrupt\\w*"
                    + "|Short read|Bad file format|OOM)\\b");

    private static final Pattern REDIS_ANY =
            Pattern.compile("REDIS BUG REPORT|crashed by signal|Cluster state changed: fail|MISCONF|Out Of Memory");
    /** RabbitMQ 3.8+ {@code [error]}/{@code [critical]}/{@code [emergency]}, and the old {@code =ERROR REPORT====}. */
    private static final Pattern RABBITMQ =
            Pattern.compile("\\[(?:error|critical|alert|emergency)\\]|^=(?:ERROR|CRASH) REPORT====");
    /** Vault's hclog {@code [ERROR]}/{@code [FATAL]}, and a {@code core:} line saying something failed. */
    private static final Pattern VAULT = Pattern.compile("\\[(?:ERROR|FATAL)\\]|\\bcore: .*\\bfailed\\b");
    /** Forgejo/Gitea's {@code [E]} and {@code [F]} levels. */
    private static final Pattern FORGEJO = Pattern.compile("\\s\\[[EF]\\]\\s");
    /**
     * The API services: Python logging/uvicorn {@code ERROR:}/{@code CRITICAL}, a traceback, Go's {@code panic:},
     * Rust tracing's {@code ERROR}, JSON or logfmt {@code level=error}.
     */
    private static final Pattern HTTP_API = Pattern.compile("(?:^|\\s|\\||\\[)(?:ERROR|CRITICAL)(?::|\\s|\\]|$)"
            + "|^Traceback \\(most recent call last\\)|^panic: |\\blevel=(?:error|fatal|critical)\\b"
            + "|\"level\"\\s*:\\s*\"(?:error|fatal|critical)\"|\"level\"\\s*:\\s*(?:50|60)\\b");
    /** Prometheus, Grafana, Loki: logfmt or JSON {@code level=error}. */
    private static final Pattern OBSERVABILITY = Pattern.compile(
            "\\blevel=(?:error|fatal|crit|critical)\\b|\"level\"\\s*:\\s*\"(?:error|fatal|crit|critical)\"");

    private EngineLogPatterns() {}

    /** The patterns a line of this kind's log is critical by, the generic one included. */
    static List<Pattern> forKind(ServiceKind kind) {
        return switch (kind) {
            case POSTGRES -> List.of(POSTGRES, GENERIC);
            case PGBOUNCER -> List.of(PGBOUNCER, GENERIC);
            case MYSQL -> List.of(MYSQL, GENERIC);
            case MONGODB -> List.of(MONGODB_JSON, MONGODB_TEXT, GENERIC);
            case REDIS -> List.of(REDIS_WARNING_TROUBLE, REDIS_ANY, GENERIC);
            case RABBITMQ -> List.of(RABBITMQ, GENERIC);
            case VAULT -> List.of(VAULT, GENERIC);
            case FORGEJO -> List.of(FORGEJO, GENERIC);
            case HTTP_API -> List.of(HTTP_API, GENERIC);
            case OBSERVABILITY -> List.of(OBSERVABILITY, GENERIC);
            case OTHER -> List.of(GENERIC);
        };
    }
}
