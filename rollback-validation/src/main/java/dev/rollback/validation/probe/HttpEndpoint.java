package dev.rollback.validation.probe;

import dev.rollback.env.ServiceDefinition;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP health endpoint of a service: the service, the port inside its container and the path. From
 * {@code rollback.yaml}'s {@code validation.http} ({@code reference-api:8000/health/}), else DevStack Core's
 * defaults: every active service publishing port 8000 to 8004 ({@code /health}, the runbook's {@code curl}), and
 * Forgejo's 3000 ({@code /api/healthz}; Grafana's 3000 is not an API of the runbook's).
 *
 * <p>{@code HttpEndpoint.parse("reference-api:8000/health/").path() // /health/}
 *
 * @param service the compose service
 * @param port the port inside the container
 * @param path the path asked, starting with {@code /}
 */
public record HttpEndpoint(String service, int port, String path) {
    private static final Pattern FORM = Pattern.compile("([A-Za-z0-9_.-]+):(\\d{1,5})(/\\S*)?");

    public HttpEndpoint {
        Objects.requireNonNull(service, "service");
        path = path == null || path.isEmpty() ? "/" : path;
    }

    /** {@code <service>:<port><path>}; a usage error naming the entry when it has another form. */
    public static HttpEndpoint parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new UsageException("validation.http entry '" + text + "' is not <service>:<port><path>, for example"
                    + " reference-api:8000/health/");
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            throw new UsageException("validation.http entry '" + text + "': the port must be between 1 and 65535");
        }
        return new HttpEndpoint(m.group(1), port, m.group(3));
    }

    /** The configured endpoints, else the defaults of the given services. */
    public static List<HttpEndpoint> of(List<String> configured, List<ServiceDefinition> services) {
        if (!configured.isEmpty()) {
            return configured.stream().map(HttpEndpoint::parse).toList();
        }
        List<HttpEndpoint> out = new ArrayList<>();
        for (ServiceDefinition s : services) {
            for (int port : containerPorts(s.ports())) {
                if (port == 3000 && s.kind() == ServiceKind.FORGEJO) {
                    out.add(new HttpEndpoint(s.name(), port, "/api/healthz"));
                } else if (port >= 8000 && port <= 8004) {
                    out.add(new HttpEndpoint(s.name(), port, "/health"));
                }
            }
        }
        return out;
    }

    /** The container side of compose {@code ports:} entries ({@code "127.0.0.1:8000:8000"}, {@code "8000"}). */
    static List<Integer> containerPorts(List<String> ports) {
        List<Integer> out = new ArrayList<>();
        for (String p : ports) {
            String spec = p.contains("/") ? p.substring(0, p.indexOf('/')) : p;
            String last = spec.substring(spec.lastIndexOf(':') + 1);
            try {
                out.add(Integer.parseInt(last.strip()));
            } catch (NumberFormatException e) {
                // a range or a variable left as written: not a single port
            }
        }
        return out;
    }

    /** {@code reference-api:8000/health}, as in reports. */
    @Override
    public String toString() {
        return service + ":" + port + path;
    }
}
