package dev.rollback.validation.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The jars the stand-in servers need in a container, found in this JVM: the code sources of their main classes and
 * of a fixed list of marker classes per server (one class from each library it uses), materialized as a directory
 * that a container mounts at {@value #CONTAINER_DIR} and runs with {@code java -cp '/opt/sandbox/lib/*' <main>}.
 *
 * <p>{@code ServerClasspath.of(ServerClasspath.MONGO_SERVER, ServerClasspath.HTTP_STAND_IN).materialize(dir)}
 *
 * <p>Class names are strings, loaded at run time (without initializing them), so this module needs none of the
 * servers' modules to compile; a class missing from this JVM's class path is an error naming it and the server it
 * is for. A name that is no known server counts as a marker of its own, so a caller can add a library a server
 * needs. When everything comes from one jar (the CLI's shaded jar), that jar is the whole class path. See
 * {@link ClasspathDirectory} for how the directory is written.
 */
public final class ServerClasspath {
    /** Where containers mount the directory. */
    public static final String CONTAINER_DIR = "/opt/sandbox/lib";
    /** The {@code -cp} argument inside a container. */
    public static final String CONTAINER_CLASSPATH = CONTAINER_DIR + "/*";
    /** The MongoDB stand-in (rollback-databases). */
    public static final String MONGO_SERVER = "dev.rollback.databases.mongodb.server.SandboxMongoServer";
    /** Its one-command client (rollback-databases). */
    public static final String MONGO_SHELL = "dev.rollback.databases.mongodb.server.SandboxMongoShell";
    /** The Forgejo and API stand-in (this module). */
    public static final String HTTP_STAND_IN = "dev.rollback.validation.sandbox.HttpStandIn";
    /** The Vault stand-in (rollback-vault). */
    public static final String VAULT_SERVER = "dev.rollback.vault.server.VaultApiServer";

    private static final List<String> SLF4J = List.of("org.slf4j.LoggerFactory");
    /** rollback-core: the servers' command lines ({@code --listen host:port}). */
    private static final List<String> CORE = List.of("dev.rollback.io.HostPort");

    private static final List<String> JACKSON = List.of(
            "com.fasterxml.jackson.databind.ObjectMapper",
            "com.fasterxml.jackson.core.JsonFactory",
            "com.fasterxml.jackson.annotation.JsonProperty");
    private static final List<String> NETTY = List.of(
            "io.netty.util.concurrent.Future",
            "io.netty.buffer.ByteBuf",
            "io.netty.resolver.AddressResolverGroup",
            "io.netty.channel.Channel",
            "io.netty.handler.codec.ByteToMessageDecoder",
            "io.netty.handler.ssl.SslContext",
            "io.netty.channel.unix.Socket");
    private static final List<String> MONGO_DRIVER = List.of(
            "com.mongodb.client.MongoClients",
            "com.mongodb.MongoClientSettings",
            "org.bson.Document",
            "org.bson.codecs.record.RecordCodecProvider");

    /** The classes each known server needs besides its own: one per library (jar), by main class. */
    static final Map<String, List<String>> MARKERS = Map.of(
            MONGO_SERVER,
                    concat(
                            List.of(
                                    "de.bwaldvogel.mongo.MongoServer",
                                    "de.bwaldvogel.mongo.backend.h2.H2Backend",
                                    "org.h2.mvstore.MVStore"),
                            NETTY,
                            SLF4J,
                            CORE),
            MONGO_SHELL, concat(MONGO_DRIVER, SLF4J, CORE),
            HTTP_STAND_IN, concat(JACKSON, CORE),
            VAULT_SERVER, concat(JACKSON, CORE));

    private final List<Path> sources;

    private ServerClasspath(List<Path> sources) {
        this.sources = List.copyOf(sources);
    }

    /**
     * The class path of {@code classNames} (servers' main classes, or further marker classes) in the class loader
     * that loaded this class.
     *
     * <p>{@code ServerClasspath.of(ServerClasspath.MONGO_SERVER, ServerClasspath.MONGO_SHELL).codeSources()}
     *
     * @throws IllegalStateException naming every class that is missing, and the server each is for
     */
    public static ServerClasspath of(String... classNames) {
        return of(List.of(classNames), ServerClasspath.class.getClassLoader());
    }

    /**
     * As {@link #of(String...)}, in the given class loader.
     *
     * <p>{@code ServerClasspath.of(List.of(VAULT_SERVER, "org.example.Lib"), Thread.currentThread()
     * .getContextClassLoader())}
     */
    public static ServerClasspath of(List<String> classNames, ClassLoader loader) {
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("name at least one class");
        }
        Map<String, String> wanted = new LinkedHashMap<>(); // class -> the class it is needed for
        for (String name : classNames) {
            wanted.putIfAbsent(name, name);
            for (String marker : MARKERS.getOrDefault(name, List.of())) {
                wanted.putIfAbsent(marker, name);
            }
        }
        Set<Path> sources = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> w : wanted.entrySet()) {
            Class<?> c;
            try {
                c = Class.forName(w.getKey(), false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                missing.add(
                        w.getKey().equals(w.getValue())
                                ? w.getKey()
                                : w.getKey() + " (needed by " + w.getValue() + ")");
                continue;
            }
            codeSource(c).ifPresent(sources::add);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("not on this JVM's class path: " + String.join(", ", missing)
                    + "; add the module or library that has " + (missing.size() == 1 ? "it" : "them"));
        }
        return new ServerClasspath(new ArrayList<>(sources));
    }

    /** The jars and class directories found, in the order of the classes asked for, each once. */
    public List<Path> codeSources() {
        return sources;
    }

    /**
     * Writes the class path into {@code dir} as jars, leaving only those there (see {@link ClasspathDirectory}).
     *
     * <p>{@code ServerClasspath.of(HTTP_STAND_IN).materialize(Path.of("target/sandbox-lib")).jars()}
     */
    public ClasspathDirectory materialize(Path dir) {
        try {
            return ClasspathDirectory.write(dir, codeSources());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the server class path into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Path> codeSource(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        if (cs == null
                || cs.getLocation() == null
                || "jrt".equals(cs.getLocation().getProtocol())) {
            return Optional.empty(); // the JDK's own classes
        }
        if (!"file".equals(cs.getLocation().getProtocol())) {
            throw new IllegalStateException("the code source of " + c.getName() + " is no file but " + cs.getLocation()
                    + "; run from jars or class directories");
        }
        try {
            return Optional.of(
                    Path.of(cs.getLocation().toURI()).toAbsolutePath().normalize());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(
                    "the code source of " + c.getName() + " is no file: " + cs.getLocation(), e);
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        Set<String> all = new LinkedHashSet<>();
        for (List<String> l : lists) {
            all.addAll(l);
        }
        return List.copyOf(all);
    }
}
