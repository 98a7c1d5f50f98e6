package dev.rollback.validation.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitReportTest {

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oneTestcasePerCheckWithCountsInTheSuite() throws Exception {
        Document doc = parse(JunitReport.render(SampleReports.mixed()));
        Element suite = doc.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("name")).isEqualTo("rollback validate post-rollback");
        assertThat(suite.getAttribute("tests")).isEqualTo("4");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(suite.getAttribute("time")).isEqualTo("2.345");

        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(4);
        Element first = (Element) cases.item(0);
        assertThat(first.getAttribute("classname")).isEqualTo("git");
        assertThat(first.getAttribute("name")).isEqualTo("git.branch: On the baseline branch");
        assertThat(first.getAttribute("time")).isEqualTo("0.012");
        assertThat(first.getChildNodes().getLength()).isZero();

        Element failure = (Element)
                ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message"))
                .isEqualTo("expected a clean working tree, found 2 files changed: docker-compose.yml, .env");
        assertThat(failure.getTextContent())
                .contains("expected: a clean working tree", "to do: commit or stash the changes");

        Element skipped = (Element)
                ((Element) cases.item(2)).getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message")).isEqualTo("vault is not running");
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("skipped").getLength()).isEqualTo(1);
    }

    @Test
    void hostileStringsAreEscapedAndReadBackIntact() throws Exception {
        String xml = JunitReport.render(SampleReports.hostile());
        assertThat(xml).doesNotContain("<script>");
        Document doc = parse(xml);
        String clean = SampleReports.HOSTILE.replace('\u0001', '\uFFFD');
        assertThat(doc.getDocumentElement().getAttribute("name")).isEqualTo("rollback validate service " + clean);
        Element testcase = (Element) doc.getElementsByTagName("testcase").item(0);
        assertThat(testcase.getAttribute("name")).isEqualTo("http." + clean + ": Title " + clean);
        Element failure = (Element) testcase.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("expected expected " + clean + ", found found " + clean);
        assertThat(failure.getTextContent()).contains("to do: todo " + clean);
        Element skipped = (Element) doc.getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message")).isEqualTo("reason " + clean);
    }
}
