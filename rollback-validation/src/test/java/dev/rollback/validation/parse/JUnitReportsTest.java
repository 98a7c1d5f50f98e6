package dev.rollback.validation.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JUnitReportsTest {
    @TempDir
    Path tmp;

    /** Surefire's layout; the attributes are deliberately wrong (tests="2", failures="0"): the testcases decide. */
    private static final String SUREFIRE_REPORT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="dev.rollback.VaultTest" time="1.2"
                tests="2" errors="0" skipped="0" failures="0">
              <properties><property name="java.version" value="17"/></properties>
              <testcase name="unseals" classname="dev.rollback.VaultTest" time="0.1"/>
              <testcase name="readsSecrets" classname="dev.rollback.VaultTest" time="0.2">
                <failure message="expected: 200 but was: 503" type="org.opentest4j.AssertionFailedError">trace</failure>
                <system-out><![CDATA[<failure> in output is not an element]]></system-out>
              </testcase>
              <testcase name="approle" classname="dev.rollback.VaultTest" time="0">
                <skipped message="no AppRole in the baseline"/>
              </testcase>
              <testcase name="slow" classname="dev.rollback.VaultTest" time="5.0">
                <error message="slow() timed out after 5 seconds" type="java.util.concurrent.TimeoutException"/>
              </testcase>
              <testcase name="flaky" classname="dev.rollback.VaultTest" time="0.3">
                <failure message="first"/><error message="then"/>
              </testcase>
            </testsuite>
            """;

    @Test
    void countsTestcasesNotTheAttributes() {
        TestCounts c = JUnitReports.read(SUREFIRE_REPORT).orElseThrow();
        assertThat(c).isEqualTo(new TestCounts(5, 1, 1, 1, 2, 1, TestOutputFormat.JUNIT_XML));
    }

    @Test
    void testsuitesRootWithNestedSuites() {
        String xml = """
                <testsuites tests="99" failures="99">
                  <testsuite name="pytest" tests="2">
                    <testcase classname="tests.test_health" name="test_ok"/>
                    <testcase classname="tests.test_health" name="test_db"><failure message="assert 503 == 200"/></testcase>
                  </testsuite>
                  <testsuite name="go">
                    <testsuite name="nested"><testcase name="TestNested"/></testsuite>
                  </testsuite>
                </testsuites>
                """;
        TestCounts c = JUnitReports.read(xml).orElseThrow();
        assertThat(c).isEqualTo(new TestCounts(3, 2, 1, 0, 0, 0, TestOutputFormat.JUNIT_XML));
    }

    @Test
    void attributesAreUsedOnlyWhenThereIsNoTestcase() {
        TestCounts root = JUnitReports.read("<testsuites tests=\"10\" failures=\"1\" errors=\"1\" skipped=\"2\">"
                        + "<testsuite tests=\"10\" failures=\"1\"/></testsuites>")
                .orElseThrow();
        assertThat(root).isEqualTo(new TestCounts(10, 6, 1, 2, 1, 0, TestOutputFormat.JUNIT_XML));

        TestCounts suites = JUnitReports.read(
                        "<testsuites><testsuite tests=\"3\" failures=\"1\"/><testsuite tests=\"4\" skipped=\"1\"/></testsuites>")
                .orElseThrow();
        assertThat(suites).isEqualTo(new TestCounts(7, 5, 1, 1, 0, 0, TestOutputFormat.JUNIT_XML));

        TestCounts empty = JUnitReports.read("<testsuite name=\"none\"/>").orElseThrow();
        assertThat(empty.total()).isZero();
    }

    @Test
    void truncatedOrForeignXmlIsRefused() {
        String truncated = SUREFIRE_REPORT.substring(0, SUREFIRE_REPORT.indexOf("<testcase name=\"approle\""));
        assertThat(JUnitReports.read(truncated)).isEmpty();
        assertThat(TestCounts.parse(truncated)).isEmpty();
        assertThat(JUnitReports.read("<project><testcase/></project>")).isEmpty();
        assertThat(JUnitReports.read("not xml at all")).isEmpty();
    }

    @Test
    void doctypesAndExternalEntitiesAreRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<testsuite><testcase name=\"&x;\"/></testsuite>";
        assertThat(JUnitReports.read(xxe)).isEmpty();
    }

    @Test
    void aDirectoryOfReportsIsSummedSearchingSubdirectories() throws Exception {
        Path dir = tmp.resolve("surefire-reports");
        Files.createDirectories(dir.resolve("module/test-results"));
        Files.writeString(dir.resolve("TEST-dev.rollback.VaultTest.xml"), SUREFIRE_REPORT);
        Files.writeString(
                dir.resolve("module/test-results/TEST-other.xml"),
                "<testsuite><testcase name=\"a\"/><testcase name=\"b\"/></testsuite>");
        Files.writeString(dir.resolve("dev.rollback.VaultTest.txt"), "Tests run: 999, Failures: 0");
        Files.writeString(dir.resolve("summary.xml"), "<failsafe-summary/>");

        TestCounts c = TestCounts.fromReports(dir).orElseThrow();
        assertThat(c).isEqualTo(new TestCounts(7, 3, 1, 1, 2, 1, TestOutputFormat.JUNIT_XML));
    }

    @Test
    void oneTruncatedReportMakesTheDirectoryUnreadable() throws Exception {
        Files.writeString(tmp.resolve("TEST-a.xml"), SUREFIRE_REPORT);
        Files.writeString(tmp.resolve("TEST-b.xml"), "<testsuite><testcase name=\"a\">");
        assertThat(TestCounts.fromReports(tmp)).isEmpty();
    }

    @Test
    void aSingleFileAnEmptyDirectoryAndAMissingPath() throws Exception {
        Path file = tmp.resolve("results.xml");
        Files.writeString(file, "\uFEFF" + SUREFIRE_REPORT.replace("\n", "\r\n"));
        assertThat(TestCounts.fromReports(file)).map(TestCounts::total).contains(5);

        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertThat(TestCounts.fromReports(empty)).isEmpty();
        assertThat(TestCounts.fromReports(tmp.resolve("missing"))).isEmpty();
        assertThat(TestCounts.fromReports(null)).isEmpty();
    }

    @Test
    void aLargeReportIsStreamed() {
        StringBuilder xml = new StringBuilder("<testsuite>");
        for (int i = 0; i < 50_000; i++) {
            xml.append("<testcase name=\"t")
                    .append(i)
                    .append("\"><system-out>")
                    .append("y".repeat(100))
                    .append("</system-out></testcase>");
        }
        xml.append("</testsuite>");
        assertThat(JUnitReports.read(xml.toString())).map(TestCounts::passed).contains(50_000);
    }
}
