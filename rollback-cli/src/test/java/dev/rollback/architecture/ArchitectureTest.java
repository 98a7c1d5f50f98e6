package dev.rollback.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module table as a build check, on the compiled classes of every module (tests and test fixtures left out):
 * dependencies point down the table, core has no package cycles, and core's public API carries JDK and own types
 * only. docs/architecture.md draws what these rules allow.
 */
class ArchitectureTest {
    /** Core's packages: the root package and its model, plan, backup, SPI and helper packages. */
    static final List<String> CORE_PACKAGES =
            List.of("errors", "events", "io", "env", "git", "plan", "steps", "spi", "backup", "service", "security");

    static final String[] CORE = Stream.concat(
                    Stream.of("dev.rollback"), CORE_PACKAGES.stream().map(p -> "dev.rollback." + p + ".."))
            .toArray(String[]::new);
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/testing/"))
                .importPackages("dev.rollback");
    }

    static ArchRule modulesPointDownTheTable() {
        return layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("core")
                .definedBy(CORE)
                .layer("docker")
                .definedBy("dev.rollback.docker..")
                .layer("vault")
                .definedBy("dev.rollback.vault..")
                .layer("databases")
                .definedBy("dev.rollback.databases..")
                .layer("validation")
                .definedBy("dev.rollback.validation..")
                .layer("cli")
                .definedBy("dev.rollback.cli..")
                .whereLayer("cli")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("validation")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("databases")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("vault")
                .mayOnlyBeAccessedByLayers("cli")
                .whereLayer("docker")
                .mayOnlyBeAccessedByLayers("databases", "cli");
    }

    static ArchRule coreHasNoPackageCycles() {
        return slices().assignedFrom(new SliceAssignment() {
                    @Override
                    public SliceIdentifier getIdentifierOf(JavaClass c) {
                        return isCore(c) ? SliceIdentifier.of(c.getPackageName()) : SliceIdentifier.ignore();
                    }

                    @Override
                    public String getDescription() {
                        return "core's packages";
                    }
                })
                .should()
                .beFreeOfCycles();
    }

    static ArchRule corePublicApiCarriesJdkAndOwnTypesOnly() {
        return ArchRuleDefinition.classes()
                .that()
                .resideInAnyPackage(CORE)
                .and()
                .arePublic()
                .should(new ArchCondition<JavaClass>("name only JDK and own types in public signatures") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        for (String problem : foreignTypes(c)) {
                            events.add(SimpleConditionEvent.violated(c, problem));
                        }
                    }
                });
    }

    @Test
    void dependenciesPointDownTheModuleTable() {
        modulesPointDownTheTable().check(classes);
    }

    @Test
    void coresPackagesHaveNoCycles() {
        coreHasNoPackageCycles().check(classes);
    }

    @Test
    void coresPublicApiNamesNoThirdPartyType() {
        corePublicApiCarriesJdkAndOwnTypesOnly().check(classes);
    }

    static boolean isCore(JavaClass c) {
        String p = c.getPackageName();
        return p.equals("dev.rollback")
                || CORE_PACKAGES.stream()
                        .anyMatch(s -> p.equals("dev.rollback." + s) || p.startsWith("dev.rollback." + s + "."));
    }

    /** Each public (or protected) field, constructor and method of a public class that names a third-party type. */
    static List<String> foreignTypes(JavaClass c) {
        List<String> out = new ArrayList<>();
        for (JavaField f : c.getFields()) {
            if (visible(f.getModifiers()) && foreign(f.getRawType())) {
                out.add(f.getFullName() + " is a " + f.getRawType().getName());
            }
        }
        for (JavaCodeUnit u : c.getCodeUnits()) {
            if (!visible(u.getModifiers())) {
                continue;
            }
            if (foreign(u.getRawReturnType())) {
                out.add(u.getFullName() + " returns " + u.getRawReturnType().getName());
            }
            for (JavaClass p : u.getRawParameterTypes()) {
                if (foreign(p)) {
                    out.add(u.getFullName() + " takes " + p.getName());
                }
            }
            for (JavaClass t : u.getThrowsClause().getTypes()) {
                if (foreign(t)) {
                    out.add(u.getFullName() + " throws " + t.getName());
                }
            }
        }
        if (c.getRawSuperclass().isPresent() && foreign(c.getRawSuperclass().get())) {
            out.add(c.getName() + " extends " + c.getRawSuperclass().get().getName());
        }
        c.getRawInterfaces().stream()
                .filter(ArchitectureTest::foreign)
                .forEach(i -> out.add(c.getName() + " implements " + i.getName()));
        return out;
    }

    private static boolean visible(Set<JavaModifier> m) {
        return m.contains(JavaModifier.PUBLIC) || m.contains(JavaModifier.PROTECTED);
    }

    private static boolean foreign(JavaClass t) {
        JavaClass base = t.isArray() ? t.getBaseComponentType() : t;
        if (base.isPrimitive()) {
            return false;
        }
        String n = base.getName();
        return !(n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("dev.rollback."));
    }
}
