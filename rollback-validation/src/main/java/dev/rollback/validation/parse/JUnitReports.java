package dev.rollback.validation.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * JUnit XML reports ({@code <testsuite>} or {@code <testsuites>} roots), counted from their {@code <testcase>}
 * elements: a testcase with a {@code <failure>} failed, with an {@code <error>} errored, with a {@code <skipped>} was
 * skipped, else it passed. The suite's {@code tests}/{@code failures} attributes, which some tools get wrong, are read
 * only when a report has no testcase element at all. A failure or error whose type or message says "timeout" also
 * counts as timed out. DTDs and external entities are refused.
 */
final class JUnitReports {
    private static final int MAX_DEPTH = 6;
    private static final Pattern TIMEOUT = Pattern.compile("(?i)time(?:d)?[ _-]?out");

    private JUnitReports() {}

    static boolean looksLikeXml(String text) {
        String t = text.stripLeading();
        return t.startsWith("<?xml") || t.startsWith("<testsuite");
    }

    static Optional<TestCounts> read(String xml) {
        try {
            return count(factory().createXMLStreamReader(new StringReader(xml)));
        } catch (XMLStreamException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    static Optional<TestCounts> fromPath(Path reports) {
        if (reports == null || !Files.exists(reports)) {
            return Optional.empty();
        }
        if (Files.isRegularFile(reports)) {
            return readFile(reports);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(reports, MAX_DEPTH)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith("TEST-") && name.endsWith(".xml");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return Optional.empty();
        }
        TestCounts sum = null;
        for (Path file : files) {
            Optional<TestCounts> one = readFile(file);
            if (one.isEmpty()) {
                return Optional.empty(); // a report cut short: the run's figures cannot be trusted
            }
            sum = sum == null ? one.get() : sum.plus(one.get());
        }
        return Optional.ofNullable(sum);
    }

    private static Optional<TestCounts> readFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return count(factory().createXMLStreamReader(in));
        } catch (IOException | XMLStreamException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }

    private static Optional<TestCounts> count(XMLStreamReader r) throws XMLStreamException {
        try {
            return new Tally().read(r);
        } finally {
            r.close();
        }
    }

    /** One pass over one report. */
    private static final class Tally {
        int passed, failed, skipped, errors, timedOut, testcases;
        int attrTests, attrFailures, attrErrors, attrSkipped;
        boolean sawRoot;
        // the testcase being read: "passed", else the worst outcome seen in it; null outside a testcase
        String outcome;
        boolean caseTimedOut;
        int depth;
        int suiteDepth = -1;

        Optional<TestCounts> read(XMLStreamReader r) throws XMLStreamException {
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    start(r);
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    end(r.getLocalName());
                    depth--;
                }
            }
            if (!sawRoot) {
                return Optional.empty();
            }
            if (testcases == 0) {
                int pass = Math.max(0, attrTests - attrFailures - attrErrors - attrSkipped);
                return Optional.of(
                        TestCounts.of(pass, attrFailures, attrSkipped, attrErrors, 0, TestOutputFormat.JUNIT_XML));
            }
            return Optional.of(TestCounts.of(passed, failed, skipped, errors, timedOut, TestOutputFormat.JUNIT_XML));
        }

        private void start(XMLStreamReader r) {
            String name = r.getLocalName();
            if (depth == 1 && !name.equals("testsuite") && !name.equals("testsuites")) {
                throw new IllegalStateException("not a JUnit report");
            }
            switch (name) {
                case "testsuites", "testsuite" -> {
                    sawRoot = true;
                    // the outermost elements carrying figures, used only when no testcase element is found
                    if ((suiteDepth < 0 || depth <= suiteDepth) && hasAttribute(r, "tests")) {
                        suiteDepth = depth;
                        addAttributes(r);
                    }
                }
                case "testcase" -> {
                    testcases++;
                    outcome = "passed";
                    caseTimedOut = false;
                }
                case "failure", "error", "skipped" -> {
                    if (outcome != null) {
                        outcome = worse(outcome, name);
                        if (!name.equals("skipped")
                                && (matchesTimeout(r.getAttributeValue(null, "type"))
                                        || matchesTimeout(r.getAttributeValue(null, "message")))) {
                            caseTimedOut = true;
                        }
                    }
                }
                default -> {}
            }
        }

        private void end(String name) {
            if (name.equals("testcase") && outcome != null) {
                switch (outcome) {
                    case "failure" -> failed++;
                    case "error" -> errors++;
                    case "skipped" -> skipped++;
                    default -> passed++;
                }
                if (caseTimedOut) {
                    timedOut++;
                }
                outcome = null;
            }
        }

        private void addAttributes(XMLStreamReader r) {
            attrTests += intAttribute(r, "tests");
            attrFailures += intAttribute(r, "failures");
            attrErrors += intAttribute(r, "errors");
            attrSkipped += Math.max(intAttribute(r, "skipped"), intAttribute(r, "skips")) + intAttribute(r, "disabled");
        }

        private static String worse(String current, String seen) {
            return rank(seen) > rank(current) ? seen : current;
        }

        private static int rank(String outcome) {
            return switch (outcome) {
                case "error" -> 3;
                case "failure" -> 2;
                case "skipped" -> 1;
                default -> 0;
            };
        }
    }

    private static boolean hasAttribute(XMLStreamReader r, String name) {
        return r.getAttributeValue(null, name) != null;
    }

    private static int intAttribute(XMLStreamReader r, String name) {
        String v = r.getAttributeValue(null, name);
        if (v == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean matchesTimeout(String s) {
        return s != null && TIMEOUT.matcher(s).find();
    }
}
