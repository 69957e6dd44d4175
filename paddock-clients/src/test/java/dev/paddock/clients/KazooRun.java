package dev.paddock.clients;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The outcome of one pytest run, read from its JUnit XML report: every test's id (pytest's, without the directory:
 * {@code test_client.py::TestClient::test_create}) and whether it passed, failed or was skipped.
 */
record KazooRun(Map<String, Outcome> outcomes) {
    enum Outcome { PASSED, FAILED, SKIPPED }

    static KazooRun read(Path junitXml) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = f.newDocumentBuilder().parse(junitXml.toFile());
        } catch (Exception e) {
            throw new IOException("cannot read pytest's report " + junitXml + ": " + e, e);
        }
        Map<String, Outcome> outcomes = new TreeMap<>();
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            Outcome o = Outcome.PASSED;
            if (has(c, "failure") || has(c, "error")) {
                o = Outcome.FAILED;
            } else if (has(c, "skipped")) {
                o = Outcome.SKIPPED;
            }
            String id = testId(c.getAttribute("classname"), c.getAttribute("name"));
            // a test whose teardown errs is reported twice: a failure wins
            outcomes.merge(id, o, (a, b) -> a == Outcome.FAILED || b == Outcome.FAILED ? Outcome.FAILED : b);
        }
        if (outcomes.isEmpty()) {
            throw new IOException("pytest's report " + junitXml + " lists no tests");
        }
        return new KazooRun(outcomes);
    }

    /** {@code kazoo.tests.test_client.TestClient} + {@code test_create} → {@code test_client.py::TestClient::test_create}. */
    static String testId(String classname, String name) {
        String rest = classname.startsWith("kazoo.tests.") ? classname.substring("kazoo.tests.".length()) : classname;
        int dot = rest.indexOf('.');
        String module = dot < 0 ? rest : rest.substring(0, dot);
        String cls = dot < 0 ? "" : rest.substring(dot + 1);
        return module + ".py::" + (cls.isEmpty() ? "" : cls + "::") + name;
    }

    private static boolean has(Element c, String tag) {
        return c.getElementsByTagName(tag).getLength() > 0;
    }

    Set<String> with(Outcome o) {
        Set<String> s = new TreeSet<>();
        outcomes.forEach((id, out) -> {
            if (out == o) {
                s.add(id);
            }
        });
        return s;
    }
}
