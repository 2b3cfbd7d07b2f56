package io.mmstream.streams.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP side of {@code serve} for live captions, on the JDK's own HTTP server:
 * <ul>
 *   <li>{@code GET /api/live}: the jobs as JSON ({@code id, url, state, reason});</li>
 *   <li>{@code POST /api/live} with a stream URL as the body: starts captioning it, answers its id;</li>
 *   <li>{@code GET /api/live/{id}/captions}: server-sent events, one {@code cue} event per cue
 *       (the JSON of {@code live --jsonl}), the cues so far first, then an {@code end} event;</li>
 *   <li>{@code GET /live/{id}}: a page showing the captions as they come; {@code GET /}: the jobs.</li>
 * </ul>
 */
public final class LiveServer implements AutoCloseable {

    private static final Pattern CAPTIONS = Pattern.compile("^/api/live/(\\d+)/captions$");
    private static final Pattern PAGE = Pattern.compile("^/live/(\\d+)$");
    /** A comment line this often keeps idle event streams open through proxies. */
    private static final long KEEPALIVE_SECONDS = 15;

    private final LiveJobs jobs;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mmstream-http");
        t.setDaemon(true);
        return t;
    });

    /** Serves {@code jobs} on {@code address} (port 0 picks a free one). */
    public LiveServer(LiveJobs jobs, InetSocketAddress address) throws IOException {
        this.jobs = jobs;
        this.server = HttpServer.create(address, 64);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The address served, with the port actually bound. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            Matcher m;
            if (path.equals("/api/live") && method.equals("GET")) {
                send(ex, 200, "application/json", jobsJson());
            } else if (path.equals("/api/live") && method.equals("POST")) {
                String url = body(ex).strip();
                if (url.startsWith("url=")) {
                    url = URLDecoder.decode(url.substring(4), StandardCharsets.UTF_8);
                }
                if (url.isEmpty() || !url.contains("://")) {
                    send(ex, 400, "application/json", "{\"error\":" + json("give the stream's URL as the body, e.g. udp://0.0.0.0:5000") + "}");
                } else {
                    send(ex, 201, "application/json", "{\"id\":" + jobs.start(url).id() + "}");
                }
            } else if ((m = CAPTIONS.matcher(path)).matches() && method.equals("GET")) {
                LiveJob job = jobs.job(Integer.parseInt(m.group(1)));
                if (job == null) {
                    send(ex, 404, "application/json", "{\"error\":\"no live job " + m.group(1) + "\"}");
                } else {
                    stream(ex, job);
                }
            } else if ((m = PAGE.matcher(path)).matches() && method.equals("GET")) {
                send(ex, jobs.job(Integer.parseInt(m.group(1))) == null ? 404 : 200, "text/html; charset=utf-8", resource("live.html"));
            } else if (path.equals("/") && method.equals("GET")) {
                send(ex, 200, "text/html; charset=utf-8", resource("index.html"));
            } else {
                send(ex, 404, "text/plain; charset=utf-8", "not found: " + method + " " + path + "\n");
            }
        }
    }

    /** Server-sent events: the job's cues so far, then each new one as it comes, until the end or the client leaves. */
    private void stream(HttpExchange ex, LiveJob job) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        BlockingQueue<LiveJob.Event> events = job.follow();
        try (OutputStream out = ex.getResponseBody()) {
            while (true) {
                LiveJob.Event e = events.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                String text = e == null ? ": keep-alive\n\n" : "event: " + e.name() + "\ndata: " + e.data() + "\n\n";
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (e != null && e.name().equals("end")) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientLeft) {
            // the page was closed: stop following
        } finally {
            job.unfollow(events);
        }
    }

    private String jobsJson() {
        StringBuilder s = new StringBuilder("[");
        for (LiveJob j : jobs.jobs()) {
            if (s.length() > 1) {
                s.append(',');
            }
            s.append("{\"id\":").append(j.id()).append(",\"url\":").append(json(j.url()))
                    .append(",\"state\":").append(json(j.state().name().toLowerCase(java.util.Locale.ROOT)))
                    .append(",\"reason\":").append(json(j.reason())).append('}');
        }
        return s.append("]").toString();
    }

    private static String json(String s) {
        return io.mmstream.asr.captions.CaptionWriter.json(s);
    }

    private static String body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = LiveServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("page missing from the jar: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
