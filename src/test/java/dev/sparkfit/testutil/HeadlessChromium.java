package dev.sparkfit.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads a report page in a real headless Chromium (Debian's {@code chromium-headless-shell}, which .ci/run
 * installs when missing, or {@code chromium}) and returns what {@code chromium/page-check.js} saw once the
 * page had loaded: title, headline and whether it sits above the first plot, images and how many failed to
 * decode, captions and headings in order, the folded sections.
 */
public final class HeadlessChromium {

    private static final List<String> BINARIES = List.of("/usr/bin/chromium-headless-shell", "/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();

    private HeadlessChromium() {
    }

    public static JsonNode inspect(Path page) throws IOException, InterruptedException {
        String binary = BINARIES.stream().filter(b -> Files.isExecutable(Path.of(b))).findFirst().orElse(null);
        assertNotNull(binary, "no headless Chromium (apt-get install chromium-headless-shell; .ci/run does)");
        String script;
        try (InputStream in = HeadlessChromium.class.getResourceAsStream("/chromium/page-check.js")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String html = Files.readString(page);
        int end = html.lastIndexOf("</body>");
        assertTrue(end > 0, page + " has no </body>");
        Path copy = Files.createTempFile(page.getParent(), "chromium-", ".html");
        Files.writeString(copy, html.substring(0, end) + "<script>\n" + script + "</script>\n" + html.substring(end));
        Path profile = Files.createTempDirectory("chromium-profile");
        try {
            Process p = new ProcessBuilder(binary, "--headless", "--no-sandbox", "--disable-gpu",
                    "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--window-size=1200,900",
                    "--dump-dom", copy.toUri().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean done = p.waitFor(120, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            assertTrue(done, "Chromium did not finish in 120 s on " + page);
            assertEquals(0, p.exitValue(), "Chromium failed on " + page);
            String open = "<pre id=\"sparkfit-check\">";
            int at = dom.lastIndexOf(open); // after the page's own content
            assertTrue(at >= 0, "the check did not run on " + page + ": " + dom.substring(0, Math.min(300, dom.length())));
            String text = dom.substring(at + open.length(), dom.indexOf("</pre>", at));
            return JSON.readTree(text.replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", "\u00a0")
                    .replace("&amp;", "&"));
        } finally {
            Files.deleteIfExists(copy);
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
