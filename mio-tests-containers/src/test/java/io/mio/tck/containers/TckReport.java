package io.mio.tck.containers;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The outcome of one TCK run, read from the JUnit XML reports the console launcher wrote
 * ({@code TEST-*.xml}, one per engine). A skipped test counts as skipped, never as passed.
 */
record TckReport(List<Case> cases) {

    enum Outcome { PASSED, SKIPPED, FAILED }

    /** @param detail the skip reason or the failure message, empty for a pass */
    record Case(String className, String name, Outcome outcome, String detail) {
        String id() {
            return className + "." + name;
        }
    }

    static TckReport read(Path reportsDir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(reportsDir)) {
            files = list.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no TEST-*.xml report in " + reportsDir);
        }
        List<Case> cases = new ArrayList<>();
        for (Path file : files) {
            cases.addAll(parse(file));
        }
        return new TckReport(List.copyOf(cases));
    }

    private static List<Case> parse(Path file) throws IOException {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            document = factory.newDocumentBuilder().parse(file.toFile());
        } catch (Exception e) {
            throw new IOException("cannot parse " + file, e);
        }
        List<Case> cases = new ArrayList<>();
        NodeList testcases = document.getElementsByTagName("testcase");
        for (int i = 0; i < testcases.getLength(); i++) {
            Element testcase = (Element) testcases.item(i);
            Outcome outcome = Outcome.PASSED;
            String detail = "";
            for (Node child = testcase.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element element) {
                    switch (element.getTagName()) {
                        case "skipped" -> {
                            outcome = Outcome.SKIPPED;
                            detail = text(element);
                        }
                        case "failure", "error" -> {
                            outcome = Outcome.FAILED;
                            detail = text(element);
                        }
                        default -> { }
                    }
                }
                if (outcome == Outcome.FAILED) {
                    break;
                }
            }
            cases.add(new Case(testcase.getAttribute("classname"), testcase.getAttribute("name"), outcome, detail));
        }
        return cases;
    }

    private static String text(Element element) {
        String message = element.getAttribute("message");
        String body = element.getTextContent().strip();
        return message.isEmpty() ? body : message + (body.isEmpty() ? "" : " | " + body);
    }

    List<Case> with(Outcome outcome) {
        return cases.stream().filter(c -> c.outcome() == outcome).toList();
    }

    int ran() {
        return cases.size() - skipped();
    }

    int passed() {
        return with(Outcome.PASSED).size();
    }

    int skipped() {
        return with(Outcome.SKIPPED).size();
    }

    int failed() {
        return with(Outcome.FAILED).size();
    }

    String counts() {
        return "ran " + ran() + ", passed " + passed() + ", skipped " + skipped() + ", failed " + failed();
    }
}
