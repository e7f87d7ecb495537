package org.reluspec.driver.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.cli.Main;

/**
 * {@code bin/sweep report} on real sweeps run here through the command line, the page opened in
 * a real headless Chromium (Debian's) driven over the DevTools protocol: it loads with nothing
 * fetched from elsewhere and no console error, and every figure the notebooks saved is on the
 * page as an image the browser decoded.
 */
class ReportTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void reportOfEachKindOfFolderOpensInChromiumWithEveryFigure() throws Exception {
        NotebooksTest.requireJupyterStack();
        String chromium = requireChromium();
        Path out = dir.resolve("results");
        Path two = NotebooksTest.sweep(dir, NotebooksTest.TWO_LAYER, out, "nbtwo");
        Path multi = NotebooksTest.sweep(dir, NotebooksTest.MULTI_LAYER, out, "nbmulti");
        Path complexity = NotebooksTest.syntheticComplexity(two, out.resolve("complexity"));

        // A two-layer folder with a sample-complexity search: two_layer, overview, sample_complexity.
        Page c = open(chromium, report(complexity), complexity, "two_layer", "overview", "sample_complexity");
        assertEquals(List.of("two_layer", "overview", "sample_complexity"), c.sections);
        // A multi-layer folder: multi_layer and overview.
        Page m = open(chromium, report(multi), multi, "multi_layer", "overview");
        assertEquals(List.of("multi_layer", "overview"), m.sections);
        assertTrue(m.text.contains("multi_layer"), m.text);

        // One grid of a two-layer folder: the page says so and its numbers are those of multi=2 alone.
        Path page = report(two, "--grid", "multi=2", "--to", dir.resolve("grid.html").toString());
        Page g = open(chromium, page, two, "two_layer", "overview");
        assertTrue(g.text.contains("runs of the grid multi=2"), g.text);
        Path figures = out.resolve("nbtwo.figures");
        Set<String> multis = new TreeSet<>();
        NotebooksTest.csv(figures.resolve("two_layer_success_rate.csv")).forEach(r -> multis.add(r.get("multi")));
        assertEquals(Set.of("2"), multis, "only multi=2 is plotted");
        NotebooksTest.checkSuccessRates(two, figures.resolve("two_layer_success_rate.csv"), run -> run.get("multi").equals(2));
        NotebooksTest.checkStatusCounts(two, figures.resolve("overview_status.csv"), 4, run -> run.get("multi").equals(2));
    }

    @Test
    void badReportRequestsAreRefusedInOneLineAndWriteNothing() throws Exception {
        NotebooksTest.requireJupyterStack();
        Path out = dir.resolve("results");
        Path two = NotebooksTest.sweep(dir, NotebooksTest.TWO_LAYER, out, "nbtwo");
        Path page = out.resolve("nbtwo.report.html");

        // A Python without the Jupyter stack: Debian's python3 with its site packages turned off.
        Path bare = dir.resolve("bare-python");
        Files.writeString(bare, "#!/bin/sh\nexec " + NotebooksTest.PYTHON + " -S \"$@\"\n");
        assertTrue(bare.toFile().setExecutable(true));
        NotebooksTest.Result r = NotebooksTest.exec(List.of(NotebooksTest.sweepCommand(dir).toString(), "report",
                two.toString()), Map.of("RELUSPEC_PYTHON", bare.toString()), null, 300);
        assertEquals(2, r.code(), r.output());
        // The JVM's own notice of the incubating Vector API is not the command's output.
        assertEquals(1, r.output().strip().lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).count(),
                r.output());
        assertTrue(r.output().contains("apt-get install python3-nbclient"), r.output());

        for (String[] args : List.of(new String[] {"report", two.toString(), "--grid", "mult=2"},
                new String[] {"report", dir.toString()},
                new String[] {"report", two.toString(), "--timeout", "0"})) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                    new PrintStream(e, true, StandardCharsets.UTF_8));
            String err = e.toString(StandardCharsets.UTF_8);
            assertEquals(2, code, String.join(" ", args) + ": " + err);
            assertEquals(1, err.strip().lines().count(), err);
        }
        assertFalse(Files.exists(page), "nothing written");
        assertFalse(Files.exists(out.resolve("nbtwo.figures")), "no notebook ran");
    }

    /** The browser check can fail: a console error, a missing file and an undecodable image are all seen. */
    @Test
    void chromiumCheckSeesConsoleErrorsMissingFilesAndBrokenImages() throws Exception {
        String chromium = requireChromium();
        Path page = dir.resolve("broken.html");
        Files.writeString(page, "<!DOCTYPE html><html><head><title>broken</title></head><body>"
                + "<img src=\"data:image/png;base64,iVBORw0KGgo=\"><img src=\"missing.png\">"
                + "<script>console.error('boom')</script></body></html>");
        Inspection seen = inspect(chromium, page);
        String problems = String.join("\n", seen.problems());
        assertTrue(problems.contains("boom"), problems);
        assertTrue(problems.contains("a request to elsewhere: " + dir.resolve("missing.png").toUri()), problems);
        JsonNode images = seen.state().path("images");
        assertEquals(2, images.size(), images.toString());
        for (JsonNode img : images) {
            assertEquals(0, img.path("w").asInt(), "not decoded: " + img);
        }
    }

    /** Runs {@code bin/sweep report FOLDER [options]} in this JVM; returns the page. */
    Path report(Path results, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("report", results.toString(), "--timeout", "300"));
        args.addAll(List.of(options));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int code = Main.run(args.toArray(new String[0]), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(o, true, StandardCharsets.UTF_8));
        String output = o.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, output);
        int at = args.indexOf("--to");
        Path page = at >= 0 ? Path.of(args.get(at + 1)) : results.resolveSibling(results.getFileName() + ".report.html");
        assertTrue(Files.isRegularFile(page), output);
        assertTrue(output.contains("report: " + page), output);
        return page;
    }

    // ---- Chromium over the DevTools protocol ---------------------------------------------------

    record Page(List<String> sections, String text, int images) {
    }

    /**
     * Opens the page in a fresh headless Chromium and checks it: loaded, no console error or
     * exception, no request but to the file itself and data: URIs, every img decoded with a
     * non-zero natural size, one img per figure the notebooks saved, and the notebooks that ran
     * listed as ok. Saves a screenshot next to the page (PAGE.png).
     */
    Page open(String chromium, Path page, Path results, String... notebooks) throws Exception {
        Inspection seen = inspect(chromium, page);
        JsonNode state = seen.state();
        assertEquals(List.of(), seen.problems(), "the page loads cleanly");
        assertEquals("complete", state.path("ready").asText());

        int figures = 0;
        try (Stream<Path> s = Files.list(results.resolveSibling(results.getFileName() + ".figures"))) {
            figures = (int) s.filter(p -> p.toString().endsWith(".png")).count();
        }
        JsonNode images = state.path("images");
        assertTrue(figures >= 2 * notebooks.length - 1, "figures saved: " + figures);
        assertEquals(figures, images.size(), "one image per saved figure: " + images);
        for (JsonNode img : images) {
            assertTrue(img.path("complete").asBoolean(), img.toString());
            assertTrue(img.path("w").asInt() > 100 && img.path("h").asInt() > 100, "decoded: " + img);
            assertEquals("data:image/png;base64,", img.path("src").asText(), "inline PNG");
        }
        List<String> ran = new ArrayList<>();
        for (JsonNode row : state.path("ran")) {
            ran.add(row.get(0).asText().replace(".ipynb", ""));
            assertEquals("ok", row.get(1).asText(), row.toString());
        }
        assertEquals(List.of(notebooks), ran, "the page says which notebooks ran");
        List<String> sections = new ArrayList<>();
        state.path("sections").forEach(s -> sections.add(s.asText()));
        return new Page(sections, state.path("header").asText(), images.size());
    }

    /** What the browser saw: console errors, exceptions and requests to elsewhere; the probe's JSON. */
    record Inspection(List<String> problems, JsonNode state) {
    }

    Inspection inspect(String chromium, Path page) throws Exception {
        // Outside the test's folder: Chromium's helper processes may still touch the profile as the
        // test ends; it is removed after they are gone (best effort).
        Path profile = Files.createTempDirectory("reluspec-chromium-profile");
        Process browser = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
                "--window-size=1200,900", "about:blank")
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        try (Cdp cdp = Cdp.connect(profile, browser)) {
            cdp.call("Runtime.enable", null);
            cdp.call("Log.enable", null);
            cdp.call("Network.enable", null);
            cdp.call("Page.enable", null);
            ObjectNode nav = JSON.createObjectNode().put("url", page.toUri().toString());
            cdp.call("Page.navigate", nav);
            cdp.awaitEvent("Page.loadEventFired", 120);
            String probe = """
                    JSON.stringify({
                      ready: document.readyState,
                      images: [...document.images].map(i => ({complete: i.complete, w: i.naturalWidth,
                               h: i.naturalHeight, src: i.src.slice(0, 22)})),
                      sections: [...document.querySelectorAll('section.notebook')].map(s => s.id),
                      ran: [...document.querySelectorAll('#notebooks-ran tr')].slice(1)
                             .map(r => [...r.cells].map(c => c.textContent)),
                      header: document.querySelector('header') ? document.querySelector('header').innerText : ''
                    })""";
            JsonNode result = cdp.call("Runtime.evaluate", JSON.createObjectNode().put("expression", probe)
                    .put("returnByValue", true)).path("result").path("value");
            JsonNode state = JSON.readTree(result.asText());
            byte[] shot = Base64.getDecoder().decode(cdp.call("Page.captureScreenshot",
                    JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true))
                    .path("data").asText());
            Files.write(page.resolveSibling(page.getFileName() + ".png"), shot);

            List<String> problems = new ArrayList<>();
            for (JsonNode e : cdp.events) {
                String method = e.path("method").asText();
                JsonNode p = e.path("params");
                if (method.equals("Runtime.consoleAPICalled") && Set.of("error", "assert").contains(p.path("type").asText())
                        || method.equals("Runtime.exceptionThrown")
                        || method.equals("Log.entryAdded") && p.path("entry").path("level").asText().equals("error")) {
                    problems.add(method + " " + p);
                }
                if (method.equals("Network.requestWillBeSent")) {
                    String url = p.path("request").path("url").asText();
                    if (!url.equals(page.toUri().toString()) && !url.startsWith("data:")) {
                        problems.add("a request to elsewhere: " + url);
                    }
                }
            }
            return new Inspection(problems, state);
        } finally {
            List<ProcessHandle> helpers = browser.descendants().toList();
            browser.destroy();
            if (!browser.waitFor(20, TimeUnit.SECONDS)) {
                browser.destroyForcibly();
            }
            for (ProcessHandle h : helpers) {
                h.destroy();
            }
            for (ProcessHandle h : helpers) {
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            }
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Debian's chromium: installed here with apt where the test runs as root, as bin/test does; else skipped. */
    static String requireChromium() throws Exception {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (new File(c).canExecute()) {
                return c;
            }
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Assumptions.assumeTrue(root && new File("/usr/bin/apt-get").canExecute(),
                "SKIPPED: no chromium and apt-get cannot install it here (not root or no apt); bin/test installs it");
        NotebooksTest.Result r = NotebooksTest.exec(List.of("/bin/sh", "-c", "apt-get update -qq && "
                + "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium"), Map.of(), null, 900);
        assertTrue(new File("/usr/bin/chromium").canExecute(), "installing chromium failed:\n" + r.output());
        return "/usr/bin/chromium";
    }

    /** A DevTools protocol session with the browser's first page, over a WebSocket. */
    static final class Cdp implements AutoCloseable, WebSocket.Listener {
        final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
        final List<JsonNode> events = new ArrayList<>();
        final StringBuilder partial = new StringBuilder();
        WebSocket socket;
        int nextId = 1;

        static Cdp connect(Path profile, Process browser) throws Exception {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).isEmpty()) {
                if (!browser.isAlive() || System.nanoTime() > deadline) {
                    fail("chromium did not open its DevTools port (alive: " + browser.isAlive() + ")");
                }
                Thread.sleep(100);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            String ws = null;
            while (ws == null) {
                String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
                for (JsonNode t : JSON.readTree(list)) {
                    if (t.path("type").asText().equals("page")) {
                        ws = t.path("webSocketDebuggerUrl").asText();
                    }
                }
                if (ws == null) {
                    if (System.nanoTime() > deadline) {
                        fail("chromium has no page target: " + list);
                    }
                    Thread.sleep(100);
                }
            }
            Cdp cdp = new Cdp();
            cdp.socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), cdp).get(30, TimeUnit.SECONDS);
            return cdp;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    inbox.add(JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        /** Sends a command and returns its result; events that arrive meanwhile are kept. */
        JsonNode call(String method, JsonNode params) throws Exception {
            int id = nextId++;
            ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
            if (params != null) {
                msg.set("params", params);
            }
            socket.sendText(msg.toString(), true).get(30, TimeUnit.SECONDS);
            while (true) {
                JsonNode m = inbox.poll(120, TimeUnit.SECONDS);
                if (m == null) {
                    fail("no answer from chromium to " + method);
                }
                if (m.path("id").asInt(-1) == id) {
                    if (m.has("error")) {
                        fail(method + ": " + m.get("error"));
                    }
                    return m.path("result");
                }
                events.add(m);
            }
        }

        void awaitEvent(String method, int seconds) throws Exception {
            if (events.stream().anyMatch(e -> e.path("method").asText().equals(method))) {
                return;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                JsonNode m = inbox.poll(1, TimeUnit.SECONDS);
                if (m != null) {
                    events.add(m);
                    if (m.path("method").asText().equals(method)) {
                        // Let late console messages of the load arrive before the page is judged.
                        Thread.sleep(500);
                        for (JsonNode more; (more = inbox.poll()) != null; ) {
                            events.add(more);
                        }
                        return;
                    }
                }
            }
            fail("chromium: no " + method + " within " + seconds + " s");
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    call("Browser.close", null);
                } catch (Throwable e) {
                    // the browser may close the socket before it answers
                }
                socket.abort();
            }
        }
    }
}
