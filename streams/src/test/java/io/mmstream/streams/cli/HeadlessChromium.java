package io.mmstream.streams.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's Chromium, headless, driving one page over the DevTools protocol: open a URL, then
 * evaluate JavaScript in it as it runs (what a user would see on screen, read from the DOM).
 */
final class HeadlessChromium implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process browser;
    private final WebSocket page;
    private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    /** Starts Chromium on {@code url} with a profile under {@code profile}. */
    HeadlessChromium(String url, Path profile) throws Exception {
        String binary = Files.isExecutable(Path.of("/usr/bin/chromium")) ? "/usr/bin/chromium" : null;
        if (binary == null) {
            throw new IllegalStateException("Chromium is not installed: run scripts/install-test-deps.sh (apt-get install chromium)");
        }
        browser = new ProcessBuilder(binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, url).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8));
        String devtools = null;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (String line; devtools == null && System.nanoTime() < until && (line = out.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                devtools = m.group(1);
            }
        }
        if (devtools == null) {
            browser.destroyForcibly();
            throw new IllegalStateException("Chromium did not start its DevTools endpoint");
        }
        Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "chromium-output");
        drain.setDaemon(true);
        drain.start();
        URI base = URI.create(devtools.replace("ws://", "http://"));
        HttpClient http = HttpClient.newHttpClient();
        String pageSocket = null;
        while (pageSocket == null && System.nanoTime() < until) {
            String list = http.send(HttpRequest.newBuilder(base.resolve("/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode target : JSON.readTree(list)) {
                if (target.path("type").asText().equals("page")) {
                    pageSocket = target.path("webSocketDebuggerUrl").asText();
                }
            }
            Thread.sleep(100);
        }
        page = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new Answers()).get(30, TimeUnit.SECONDS);
    }

    /** The value of {@code expression} evaluated in the page now. */
    String evaluate(String expression) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        answers.put(id, answer);
        String call = JSON.writeValueAsString(Map.of("id", id, "method", "Runtime.evaluate",
                "params", Map.of("expression", expression, "returnByValue", true)));
        page.sendText(call, true).get(10, TimeUnit.SECONDS);
        return answer.get(10, TimeUnit.SECONDS).path("result").path("result").path("value").asText();
    }

    /** Collects the protocol's answers, which may come in several frames each. */
    private final class Answers implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                try {
                    JsonNode node = JSON.readTree(message.toString());
                    CompletableFuture<JsonNode> waiting = answers.remove(node.path("id").asInt(-1));
                    if (waiting != null) {
                        waiting.complete(node);
                    }
                } catch (IOException e) {
                    // not an answer: an event of the protocol
                }
                message.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            page.abort();
        } finally {
            browser.destroy();
            if (!browser.waitFor(10, TimeUnit.SECONDS)) {
                browser.destroyForcibly();
            }
        }
    }
}
