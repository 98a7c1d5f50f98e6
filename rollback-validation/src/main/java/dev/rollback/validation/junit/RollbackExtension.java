package dev.rollback.validation.junit;

import dev.rollback.Rollback;
import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.Connections;
import dev.rollback.spi.DataSnapshot;
import dev.rollback.spi.DataSnapshots;
import dev.rollback.validation.Validation;
import dev.rollback.validation.report.TextReport;
import dev.rollback.validation.report.ValidationReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The JUnit 5 extension behind {@link RollbackEnvironment}, also registered in code:
 *
 * <pre>
 * &#64;RegisterExtension
 * static RollbackExtension env = RollbackExtension.forProject(Path.of("../devstack-core"))
 *         .services("postgres", "redis-1")
 *         .resetAfterEach();
 * </pre>
 *
 * <p>Before all tests: the environment is locked for this class ({@link EnvironmentLock}: two classes never reset one
 * environment at once), its declared services are checked (running and healthy, else the class fails at once with
 * the validation report) and their data is snapshotted by their engines ({@link DataSnapshots}). After each test (or
 * after all) their data is back to the snapshot. A failing test gets the environment's state (the checks that fail
 * now) as a report entry. Test methods may take the {@link Environment}, the {@link EnvironmentSnapshot} and the
 * {@link ValidationReport} of the check before all as parameters.
 */
public final class RollbackExtension
        implements BeforeAllCallback, AfterAllCallback, AfterEachCallback, ParameterResolver, TestWatcher {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RollbackExtension.class);
    private static final List<String> READY_CHECKS = List.of("services.running", "services.healthy");

    private Path project;
    private final List<String> services = new ArrayList<>();
    private Reset reset = Reset.AFTER_EACH;
    private final boolean fromCode;

    /** Read from the class's {@link RollbackEnvironment} (JUnit creates it for {@code @ExtendWith}). */
    public RollbackExtension() {
        this.fromCode = false;
    }

    private RollbackExtension(Path project) {
        this.project = project;
        this.fromCode = true;
    }

    /** The extension for the environment in {@code dir}. */
    public static RollbackExtension forProject(Path dir) {
        return new RollbackExtension(dir);
    }

    /** The services whose data is snapshotted and reset (one node names a whole Redis cluster). */
    public RollbackExtension services(String... names) {
        services.addAll(List.of(names));
        return this;
    }

    /** Put the data back after every test (the default). */
    public RollbackExtension resetAfterEach() {
        reset = Reset.AFTER_EACH;
        return this;
    }

    /** Put the data back once, after the class's last test. */
    public RollbackExtension resetAfterAll() {
        reset = Reset.AFTER_ALL;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (context.getParent().map(RollbackExtension::session).isPresent()) {
            return; // a @Nested class shares its outer class's environment and snapshot
        }
        Settings s = settings(context);
        Environment env = Environment.load(s.project());
        String holder = context.getRequiredTestClass().getSimpleName();
        EnvironmentLock lock = EnvironmentLock.acquire(env, holder);
        Connections connections = null;
        Map<String, DataSnapshot> taken = new LinkedHashMap<>();
        try {
            s.services().forEach(name -> env.catalog().require(name));
            connections = Connections.to(env);
            ValidationReport ready = ready(env, connections, s.services());
            if (!ready.passed()) {
                throw new EnvironmentNotReadyException(
                        holder + ": environment " + env.projectName() + " is not ready for its tests (its services"
                                + " must be running and healthy; start them: docker compose up -d):\n"
                                + TextReport.ascii().render(ready),
                        ready);
            }
            BackupContext ctx = new BackupContext(
                    env, connections.engine(), connections.volumes(), connections.secrets(), List.of());
            for (String service : s.services()) {
                taken.put(service, DataSnapshots.take(ctx, service));
            }
            EnvironmentSnapshot snapshot = new EnvironmentSnapshot(taken);
            context.getStore(NS).put(Session.class, new Session(env, connections, lock, snapshot, ready, s.reset()));
        } catch (RuntimeException e) {
            taken.values().forEach(DataSnapshot::close);
            if (connections != null) {
                connections.close();
            }
            lock.close();
            throw e;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Session s = session(context);
        if (s != null && s.reset() == Reset.AFTER_EACH) {
            s.snapshot().reset();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Session s = context.getStore(NS).remove(Session.class, Session.class);
        if (s == null) {
            return;
        }
        try {
            if (s.reset() == Reset.AFTER_ALL) {
                s.snapshot().reset();
            }
        } finally {
            try {
                s.snapshot().close();
            } finally {
                s.connections().close();
                s.lock().close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Environment.class || type == EnvironmentSnapshot.class || type == ValidationReport.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Session s = session(context);
        if (s == null) {
            throw new RollbackException("no environment: the extension's check before all tests did not run");
        }
        Class<?> type = parameter.getParameter().getType();
        if (type == Environment.class) {
            return s.environment();
        }
        return type == EnvironmentSnapshot.class ? s.snapshot() : s.ready();
    }

    /** A failing test gets the state of its environment: the checks of the declared services that fail now. */
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Session s = session(context);
        if (s == null) {
            return;
        }
        ValidationReport now =
                ready(s.environment(), s.connections(), s.snapshot().services());
        String state = now.passed()
                ? "services running and healthy"
                : String.join(
                        "; ",
                        now.failures().stream()
                                .map(f -> f.id() + ": " + f.found())
                                .toList());
        context.publishReportEntry("rollback.environment", state);
    }

    private static ValidationReport ready(Environment env, Connections connections, List<String> services) {
        return Validation.of(env)
                .postRollback()
                .ofServices(services)
                .only(READY_CHECKS)
                .withConnections(connections)
                .run();
    }

    private static Session session(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context);
                c.isPresent();
                c = c.get().getParent()) {
            Session s = c.get().getStore(NS).get(Session.class, Session.class);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    private Settings settings(ExtensionContext context) {
        if (fromCode) {
            return new Settings(project, List.copyOf(services), reset);
        }
        RollbackEnvironment a = context.getRequiredTestClass().getAnnotation(RollbackEnvironment.class);
        if (a == null) {
            throw new RollbackException(
                    context.getRequiredTestClass().getSimpleName() + " uses RollbackExtension"
                            + " without @RollbackEnvironment: annotate the class, or register RollbackExtension.forProject(dir)");
        }
        Path dir = a.project().isBlank() ? Rollback.home() : Path.of(a.project());
        return new Settings(dir, List.of(a.services()), a.reset());
    }

    private record Settings(Path project, List<String> services, Reset reset) {}

    /** What one test class holds between its first and last test. */
    private record Session(
            Environment environment,
            Connections connections,
            EnvironmentLock lock,
            EnvironmentSnapshot snapshot,
            ValidationReport ready,
            Reset reset) {}
}
