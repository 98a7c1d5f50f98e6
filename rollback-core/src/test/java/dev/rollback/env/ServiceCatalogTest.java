package dev.rollback.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.errors.UsageException;
import dev.rollback.fixtures.Services;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceCatalogTest {
    @TempDir
    Path tmp;

    private static ServiceDefinition service(String name, String... profiles) {
        return Services.named(name).profiles(profiles).build();
    }

    @Test
    void requireOfAnUnknownServiceListsTheKnownNames() {
        ServiceCatalog catalog =
                DevstackFixture.load(DevstackFixture.create(tmp)).catalog();

        assertThatThrownBy(() -> catalog.require("nope"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("unknown service 'nope'; known services: postgres, pgbouncer, mysql, redis-1")
                .hasMessageEndingWith("cadvisor, vector");
    }

    @Test
    void requireSuggestsTheClosestName() {
        ServiceCatalog catalog = ServiceCatalog.of(List.of(service("mysql"), service("postgres")), List.of());

        assertThatThrownBy(() -> catalog.require("mysqll"))
                .hasMessage("unknown service 'mysqll' (did you mean 'mysql'?); known services: mysql, postgres");
    }

    @Test
    void findReturnsEmptyForUnknownNames() {
        ServiceCatalog catalog = ServiceCatalog.of(List.of(service("mysql")), List.of());

        assertThat(catalog.find("redis")).isEmpty();
        assertThat(catalog.find("mysql")).map(ServiceDefinition::containerName).contains("dev-mysql");
    }

    @Test
    void activeInKeepsServicesWithoutProfilesAndThoseNamingAnActiveOne() {
        ServiceCatalog catalog = ServiceCatalog.of(
                List.of(
                        service("vault"),
                        service("mysql", "standard", "full"),
                        service("grafana", "full"),
                        service("api", "reference")),
                List.of());

        List<ServiceDefinition> standard = catalog.activeIn(Set.of("standard", "reference"));
        List<ServiceDefinition> all = catalog.activeIn(Set.of("*"));

        assertThat(standard).extracting(ServiceDefinition::name).containsExactly("vault", "mysql", "api");
        assertThat(all).hasSize(4);
        assertThat(catalog.profiles()).containsExactly("standard", "full", "reference");
    }

    @Test
    void ofRefusesTwoServicesWithOneName() {
        List<ServiceDefinition> twice = List.of(service("mysql"), service("mysql"));

        assertThatThrownBy(() -> ServiceCatalog.of(twice, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'mysql'");
    }
}
