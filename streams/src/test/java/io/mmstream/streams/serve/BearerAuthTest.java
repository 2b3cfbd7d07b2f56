package io.mmstream.streams.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link WebServer} with a token: every route (API, pages, event streams, unknown paths) answers 401
 * with {@code WWW-Authenticate} without the token or with a wrong one, and serves with it, from the
 * header or from the cookie a first {@code ?token=} sets.
 */
class BearerAuthTest {

    private static final String TOKEN = "s3cret-token-for-tests";

    private WebServer server;
    private String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = new WebServer(null, null, new InetSocketAddress("127.0.0.1", 0), new BearerAuth(TOKEN), () -> "{\"apps\":[]}");
        base = "http://127.0.0.1:" + server.address().getPort();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path));
        if (headers.length > 0) {
            r.headers(headers);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyRouteAsksForTheToken() throws Exception {
        for (String path : new String[] {"/", "/status", "/api/status", "/api/live", "/live/1", "/api/live/1/captions", "/api/search?q=x", "/nowhere"}) {
            for (String[] headers : new String[][] {{}, {"Authorization", "Bearer wrong"}, {"Authorization", "Bearer " + TOKEN + "x"},
                    {"Authorization", "Basic " + TOKEN}, {"Cookie", BearerAuth.COOKIE + "=nope"}}) {
                HttpResponse<String> r = get(path, headers);
                assertEquals(401, r.statusCode(), path + " " + String.join(" ", headers));
                assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer realm=\"mmstream\""), path);
                assertEquals(1, r.body().strip().lines().count(), r.body());
            }
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/api/live"))
                .POST(HttpRequest.BodyPublishers.ofString("udp://127.0.0.1:5000")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, post.statusCode(), "no live job starts without the token");
    }

    @Test
    void theHeaderOrTheCookieOfAFirstVisitWithTheTokenLetsRequestsThrough() throws Exception {
        HttpResponse<String> api = get("/api/status", "Authorization", "Bearer " + TOKEN);
        assertEquals(200, api.statusCode());
        assertEquals("{\"apps\":[]}", api.body());
        assertEquals(200, get("/api/status", "Authorization", "bearer " + TOKEN).statusCode(), "the scheme is case-insensitive");

        HttpResponse<String> page = get("/?token=" + TOKEN);
        assertEquals(200, page.statusCode());
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith(BearerAuth.COOKIE + "=" + TOKEN), cookie);
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        assertEquals(200, get("/", "Cookie", BearerAuth.COOKIE + "=" + TOKEN).statusCode());
        HttpResponse<String> browser = get("/live/3?token=" + TOKEN + "&x=1", "Accept", "text/html,application/xhtml+xml");
        assertEquals(303, browser.statusCode(), "a browser loads the page again without the token in its address");
        assertEquals("/live/3?x=1", browser.headers().firstValue("Location").orElseThrow());
        assertTrue(browser.headers().firstValue("Set-Cookie").orElseThrow().startsWith(BearerAuth.COOKIE + "=" + TOKEN));
        assertEquals(200, get("/api/status", "Cookie", BearerAuth.COOKIE + "=" + TOKEN).statusCode());
        assertTrue(get("/status", "Cookie", BearerAuth.COOKIE + "=" + TOKEN).body().contains("/api/status"), "the status page");
        assertFalse(get("/api/status").statusCode() == 200, "the token is asked again without the cookie");
    }
}
