package dev.rollback.validation.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.io.HostPort;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerClasspathTest {
    @TempDir
    Path dir;

    @Test
    void theHttpStandInNeedsItsOwnCodeJacksonAndRollbackCoreOnly() {
        List<Path> sources = ServerClasspath.of(ServerClasspath.HTTP_STAND_IN).codeSources();

        assertThat(sources).hasSize(5);
        assertThat(sources.get(0)).isEqualTo(codeSource(HttpStandIn.class));
        assertThat(sources.subList(1, 4))
                .extracting(p -> p.getFileName().toString())
                .satisfiesExactly(
                        n -> assertThat(n).startsWith("jackson-databind-"),
                        n -> assertThat(n).startsWith("jackson-core-"),
                        n -> assertThat(n).startsWith("jackson-annotations-"));
        assertThat(sources.get(4)).isEqualTo(codeSource(HostPort.class));
    }

    @Test
    void theMongoServerAndShellNeedMongoJavaServerH2NettyTheDriverAndSlf4j() {
        List<Path> sources = ServerClasspath.of(ServerClasspath.MONGO_SERVER, ServerClasspath.MONGO_SHELL)
                .codeSources();
        List<String> names =
                sources.stream().map(p -> p.getFileName().toString()).toList();

        assertThat(names)
                .anyMatch(n -> n.startsWith("mongo-java-server-core-"))
                .anyMatch(n -> n.startsWith("mongo-java-server-h2-backend-"))
                .anyMatch(n -> n.startsWith("h2-"))
                .anyMatch(n -> n.startsWith("netty-transport-4"))
                .anyMatch(n -> n.startsWith("netty-codec-base-"))
                .anyMatch(n -> n.startsWith("netty-handler-"))
                .anyMatch(n -> n.startsWith("netty-buffer-"))
                .anyMatch(n -> n.startsWith("netty-common-"))
                .anyMatch(n -> n.startsWith("mongodb-driver-sync-"))
                .anyMatch(n -> n.startsWith("mongodb-driver-core-"))
                .anyMatch(n -> n.startsWith("bson-"))
                .anyMatch(n -> n.startsWith("slf4j-api-"))
                .noneMatch(n -> n.startsWith("postgresql-") || n.startsWith("jedis-") || n.startsWith("logback-"));
        // whole paths: in a reactor build before packaging, two modules' code sources are both named "classes"
        assertThat(sources).doesNotHaveDuplicates();
    }

    @Test
    void aMissingServerIsNamedAndAMissingLibraryWithTheServerItIsFor() {
        assertThatThrownBy(() -> ServerClasspath.of(ServerClasspath.HTTP_STAND_IN, "dev.rollback.vault.server.Nope"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("not on this JVM's class path: dev.rollback.vault.server.Nope; add the module or library"
                        + " that has it");

        // a loader that has the stand-in but none of its libraries
        ClassLoader jdkOnly = ClassLoader.getPlatformClassLoader();
        assertThatThrownBy(() -> ServerClasspath.of(List.of(ServerClasspath.HTTP_STAND_IN), jdkOnly))
                .hasMessageContaining(ServerClasspath.HTTP_STAND_IN + ", com.fasterxml.jackson.databind.ObjectMapper"
                        + " (needed by " + ServerClasspath.HTTP_STAND_IN + ")");
    }

    @Test
    void materializedJarsHaveTheSourcesContentAndClassDirectoriesBecomeJars() throws Exception {
        ServerClasspath cp = ServerClasspath.of(ServerClasspath.HTTP_STAND_IN, ServerClasspath.MONGO_SERVER);

        ClasspathDirectory lib = cp.materialize(dir.resolve("lib"));

        assertThat(lib.jars())
                .hasSameSizeAs(cp.codeSources())
                .allMatch(p -> p.getParent().equals(dir.resolve("lib")))
                .allMatch(p -> p.getFileName().toString().endsWith(".jar"));
        assertThat(lib.written()).isEqualTo(lib.jars());
        for (int i = 0; i < lib.jars().size(); i++) {
            Path source = cp.codeSources().get(i);
            Path jar = lib.jars().get(i);
            if (Files.isDirectory(source)) {
                try (ZipFile z = new ZipFile(jar.toFile())) {
                    assertThat(z.stream().filter(e -> !e.isDirectory()).count()).isEqualTo(countFiles(source));
                }
            } else {
                assertThat(jar.getFileName()).isEqualTo(source.getFileName());
                assertThat(Files.mismatch(jar, source)).isEqualTo(-1);
            }
        }
        try (ZipFile z = new ZipFile(lib.jars().get(0).toFile())) {
            assertThat(z.getEntry("dev/rollback/validation/sandbox/HttpStandIn.class"))
                    .isNotNull();
        }
    }

    @Test
    void materializingTheSameClassPathAgainWritesNothing() {
        ServerClasspath cp = ServerClasspath.of(
                ServerClasspath.HTTP_STAND_IN, ServerClasspath.MONGO_SERVER, ServerClasspath.MONGO_SHELL);
        ClasspathDirectory first = cp.materialize(dir);

        ClasspathDirectory again = cp.materialize(dir);

        assertThat(again.jars()).isEqualTo(first.jars());
        assertThat(again.written()).isEmpty();
        assertThat(again.removed()).isEmpty();
    }

    @Test
    void aChangedClassDirectoryIsZippedAgainAndAnUnchangedOneIsNot() throws Exception {
        Path a = classes("a", "p/A.class", "one");
        Path b = classes("b", "p/B.class", "two");
        Path lib = dir.resolve("lib");
        ClasspathDirectory first = ClasspathDirectory.write(lib, List.of(a, b));
        assertThat(first.jars())
                .extracting(p -> p.getFileName().toString())
                .containsExactly("a-classes.jar", "b-classes.jar");
        byte[] before = Files.readAllBytes(lib.resolve("b-classes.jar"));

        Files.writeString(a.resolve("p/A.class"), "one, changed");
        Files.setLastModifiedTime(
                a.resolve("p/A.class"), FileTime.from(Instant.now().plusSeconds(5)));
        ClasspathDirectory again = ClasspathDirectory.write(lib, List.of(a, b));

        assertThat(again.written()).containsExactly(lib.resolve("a-classes.jar"));
        assertThat(Files.readAllBytes(lib.resolve("b-classes.jar"))).isEqualTo(before);
        try (ZipFile z = new ZipFile(lib.resolve("a-classes.jar").toFile())) {
            assertThat(new String(z.getInputStream(z.getEntry("p/A.class")).readAllBytes()))
                    .isEqualTo("one, changed");
        }
    }

    @Test
    void aZippedClassDirectoryIsTheSameBytesWhereverAndWheneverItIsWritten() throws Exception {
        Path a = classes("a", "p/A.class", "one");

        ClasspathDirectory.write(dir.resolve("lib1"), List.of(a));
        Thread.sleep(2100); // past the zip format's two-second time resolution
        ClasspathDirectory.write(dir.resolve("lib2"), List.of(a));

        assertThat(Files.mismatch(dir.resolve("lib1/a-classes.jar"), dir.resolve("lib2/a-classes.jar")))
                .isEqualTo(-1);
    }

    @Test
    void jarsOfTheSameNameGetAShortHashAndStaleJarsAreRemoved() throws Exception {
        Path one = Files.createDirectories(dir.resolve("m2/one")).resolve("lib-1.0.jar");
        Path two = Files.createDirectories(dir.resolve("m2/two")).resolve("lib-1.0.jar");
        Files.writeString(one, "one");
        Files.writeString(two, "two");
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve("old-0.9.jar"), "stale");
        Files.writeString(lib.resolve("notes.txt"), "not a jar: kept");

        ClasspathDirectory d = ClasspathDirectory.write(lib, List.of(one, two));

        assertThat(d.jars())
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "lib-1.0-" + ClasspathDirectory.shortHash(one.toString()) + ".jar",
                        "lib-1.0-" + ClasspathDirectory.shortHash(two.toString()) + ".jar");
        assertThat(d.removed()).containsExactly(lib.resolve("old-0.9.jar"));
        try (var files = Files.list(lib)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder(
                            d.jars().get(0).getFileName().toString(),
                            d.jars().get(1).getFileName().toString(),
                            "notes.txt");
        }
    }

    @Test
    void aReplacedJarIsLinkedAgain() throws Exception {
        Path jar = Files.createDirectories(dir.resolve("m2")).resolve("lib-1.0.jar");
        Files.writeString(jar, "first");
        Path lib = dir.resolve("lib");
        ClasspathDirectory.write(lib, List.of(jar));

        Files.delete(jar); // a new download: another file under the same name
        Files.writeString(jar, "second build");
        ClasspathDirectory again = ClasspathDirectory.write(lib, List.of(jar));

        assertThat(again.written()).containsExactly(lib.resolve("lib-1.0.jar"));
        assertThat(Files.readString(lib.resolve("lib-1.0.jar"))).isEqualTo("second build");
    }

    @Test
    void aReleasedJarIsLinkedAndABuildOutputOrSnapshotJarIsCopied() throws Exception {
        Path released = Files.createDirectories(dir.resolve("m2/lib/1.0")).resolve("lib-1.0.jar");
        Path built = Files.createDirectories(dir.resolve("module/target")).resolve("module-1.0.jar");
        Path snapshot =
                Files.createDirectories(dir.resolve("m2/app/1.1-SNAPSHOT")).resolve("app-1.1-SNAPSHOT.jar");
        for (Path p : List.of(released, built, snapshot)) {
            Files.writeString(p, p.getFileName().toString());
        }
        Path lib = dir.resolve("lib");

        ClasspathDirectory.write(lib, List.of(released, built, snapshot));

        assertThat(Files.isSameFile(lib.resolve("lib-1.0.jar"), released)).isTrue();
        assertThat(Files.isSameFile(lib.resolve("module-1.0.jar"), built)).isFalse();
        assertThat(Files.isSameFile(lib.resolve("app-1.1-SNAPSHOT.jar"), snapshot))
                .isFalse();
        assertThat(Files.getLastModifiedTime(lib.resolve("module-1.0.jar")).toMillis())
                .isEqualTo(Files.getLastModifiedTime(built).toMillis());
        assertThat(ClasspathDirectory.write(lib, List.of(released, built, snapshot))
                        .written())
                .isEmpty();

        Files.writeString(built, "rebuilt in place");
        Files.setLastModifiedTime(built, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(ClasspathDirectory.write(lib, List.of(released, built, snapshot))
                        .written())
                .containsExactly(lib.resolve("module-1.0.jar"));
        assertThat(Files.readString(lib.resolve("module-1.0.jar"))).isEqualTo("rebuilt in place");
    }

    @Test
    void fromOneShadedJarThatJarIsTheWholeClassPath() throws Exception {
        Path shaded = dir.resolve("rollback-cli.jar");
        Set<String> seen = new HashSet<>();
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(shaded))) {
            for (Path source : ServerClasspath.of(ServerClasspath.HTTP_STAND_IN).codeSources()) {
                if (Files.isDirectory(source)) {
                    try (var walk = Files.walk(source)) {
                        for (Path f : walk.filter(Files::isRegularFile).toList()) {
                            add(out, seen, source.relativize(f).toString(), Files.readAllBytes(f));
                        }
                    }
                } else {
                    try (ZipFile z = new ZipFile(source.toFile())) {
                        for (var e : z.stream().filter(e -> !e.isDirectory()).toList()) {
                            add(out, seen, e.getName(), z.getInputStream(e).readAllBytes());
                        }
                    }
                }
            }
        }

        try (URLClassLoader cli =
                new URLClassLoader(new URL[] {shaded.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            ServerClasspath cp = ServerClasspath.of(List.of(ServerClasspath.HTTP_STAND_IN), cli);

            assertThat(cp.codeSources()).containsExactly(shaded);
            assertThat(cp.materialize(dir.resolve("lib")).jars()).containsExactly(dir.resolve("lib/rollback-cli.jar"));
        }
    }

    private static void add(ZipOutputStream out, Set<String> seen, String name, byte[] content) throws Exception {
        if (seen.add(name)) {
            out.putNextEntry(new ZipEntry(name));
            out.write(content);
            out.closeEntry();
        }
    }

    private Path classes(String module, String file, String content) throws Exception {
        Path classes = Files.createDirectories(dir.resolve(module).resolve("target/classes"));
        Files.createDirectories(classes.resolve(file).getParent());
        Files.writeString(classes.resolve(file), content);
        return classes;
    }

    private static long countFiles(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    private static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
