package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.ingest.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The search page of {@code serve} in a real browser (Debian's Chromium through Selenium): a query
 * typed in the box lists its moments with thumbnails; a click plays the video from inside the moment,
 * with its captions track loaded and showing. Then its status page lists the stages, a stage that never ran
 * without a lag. Screenshots of both are kept in {@code target/screenshots}.
 */
class SearchPageIT {

    @TempDir
    Path work;

    @Test
    void aClickedResultPlaysFromItsMomentWithCaptions() throws Exception {
        Path library = Files.createDirectories(work.resolve("library"));
        Files.copy(Fixtures.media("dashwood.webm"), library.resolve("dashwood.webm"));
        Files.copy(Fixtures.media("theora.ogv"), library.resolve("tone.ogv"));
        String data = work.resolve("data").toString();
        CliRun index = CliRun.of("--data-dir", data, "index", library.toString());
        assertEquals(0, index.exitCode(), index.err());

        CliProcess serve = CliProcess.start(work.resolve("logs"), "serve", "--data-dir", data, "serve", "--port", "0");
        try (Browser browser = new Browser(work.resolve("chromium"))) {
            String url = serve.awaitOutput("serving on ", Duration.ofSeconds(120)).replaceFirst(".*serving on ", "").strip();
            var driver = browser.driver();
            driver.get(url);
            WebElement box = driver.findElement(By.name("q"));
            box.sendKeys("ill disposed young man", Keys.ENTER);
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            wait.until(d -> !d.findElements(By.cssSelector("li.result")).isEmpty());
            List<WebElement> results = driver.findElements(By.cssSelector("li.result"));
            WebElement first = results.get(0);
            assertTrue(first.getText().contains("dashwood.webm"), first.getText());
            String marked = first.findElement(By.cssSelector(".snippet mark")).getText();
            assertTrue(marked.matches("(?i)((ill|disposed?|young|man)\\s*)+"), "the matched words are marked: " + first.getText());
            wait.until(d -> "true".equals(browser.evaluate("document.querySelector('li.result img').naturalWidth > 0")));
            double start = Double.parseDouble(first.getAttribute("data-start")) / 1000;

            first.click();
            wait.until(d -> "true".equals(browser.evaluate("(() => { const v = document.getElementById('video');"
                    + " return v.readyState >= 2 && !v.paused && v.currentTime > 0; })()")));
            double at = Double.parseDouble(browser.evaluate("document.getElementById('video').currentTime"));
            assertTrue(at >= start - 1.0 && at <= start + 5.0, "plays from inside the moment (" + start + " s): at " + at + " s");
            wait.until(d -> "true".equals(browser.evaluate("(() => { const t = document.getElementById('video').textTracks[0];"
                    + " return t && t.mode === 'showing' && t.cues && t.cues.length > 0; })()")));
            String cues = browser.evaluate("Array.from(document.getElementById('video').textTracks[0].cues).map(c => c.text).join(' ')");
            assertTrue(cues.contains("ill disposed"), "the captions track holds what was said: " + cues);
            Thread.sleep(1000);
            double later = Double.parseDouble(browser.evaluate("document.getElementById('video').currentTime"));
            assertTrue(later > at, "the video is playing: " + at + " -> " + later);
            browser.screenshot(Path.of(System.getProperty("mmstream.root", "."), "streams", "target", "screenshots", "search-page.png"));

            // the status page: every stage a row; the index runs here; embeddings never ran, so no lag is shown
            driver.get(url + "status");
            wait.until(d -> d.findElements(By.cssSelector("#stages tr")).size() > 1);
            String row = "(name => Array.from(document.querySelectorAll('#stages tr')).find(r => r.cells[0].textContent === name))";
            assertEquals("-", browser.evaluate(row + "('embeddings').cells[2].textContent"), "a stage that never ran");
            String indexing = browser.evaluate(row + "('index').cells[4].textContent");
            assertTrue(indexing.startsWith("1 ("), "the index runs in this serve: " + indexing);
            browser.screenshot(Path.of(System.getProperty("mmstream.root", "."), "streams", "target", "screenshots", "status-page.png"));
        } finally {
            serve.stop(Duration.ofSeconds(60));
        }
    }
}
