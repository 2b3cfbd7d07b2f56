package io.mmstream.streams.serve;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP API and pages of {@code serve}, on Javalin (Jetty 12):
 * <ul>
 *   <li>{@code /}: search the library, play a result from its moment with its captions; the live streams;
 *   <li>search ({@link LibraryRoutes}): {@code GET /api/search}, {@code POST /api/search} (a picture),
 *       {@code GET /api/videos}, and per video its captions, thumbnails and media (with range requests);
 *   <li>live captions: {@code GET|POST /api/live}, {@code GET /api/live/{id}/captions} (server-sent
 *       events: the cues so far, then each new one, then {@code end}), and the page {@code /live/{id}};
 *   <li>{@code GET /api/status}: the local Kafka Streams applications' metrics and the stages' lag; the page {@code /status}.
 * </ul>
 * With a {@link BearerAuth}, every route asks for its token first.
 * A request the API cannot take gets a JSON {@code {"error": ...}} with a 4xx status saying why.
 */
public final class WebServer implements AutoCloseable {

    /** A comment line this often keeps idle event streams open through proxies. */
    private static final long KEEPALIVE_SECONDS = 15;

    private final Javalin app;

    /** Serves {@code jobs} and {@code library} (null: no search) on {@code address} (port 0 picks a free one). */
    public WebServer(LiveJobs jobs, LibraryRoutes library, InetSocketAddress address) {
        this(jobs, library, address, null, null);
    }

    /**
     * Serves {@code jobs} and {@code library} (null: no search) on {@code address} (port 0 picks a free
     * one); every request must carry the token of {@code auth} (null: open to whoever reaches the
     * address); {@code status} gives the JSON of {@code GET /api/status} (null: no such route).
     */
    public WebServer(LiveJobs jobs, LibraryRoutes library, InetSocketAddress address, BearerAuth auth,
            java.util.function.Supplier<String> status) {
        app = Javalin.create(config -> {
            config.jetty.host = address.getHostString();
            config.jetty.port = address.getPort();
            config.startup.showJavalinBanner = false;
            if (auth != null) {
                config.routes.before(auth::check);
            }
            if (status != null) {
                config.routes.get("/api/status", ctx -> ctx.contentType("application/json").result(status.get()));
                config.routes.get("/status", ctx -> page(ctx, "status.html"));
            }
            config.routes.get("/", ctx -> page(ctx, "index.html"));
            config.routes.get("/live/{id}", ctx -> {
                ctx.status(jobs.job(id(ctx)) == null ? HttpStatus.NOT_FOUND : HttpStatus.OK);
                page(ctx, "live.html");
            });
            config.routes.get("/api/live", ctx -> ctx.contentType("application/json").result(jobsJson(jobs)));
            config.routes.post("/api/live", ctx -> {
                String url = ctx.body().strip();
                if (url.startsWith("url=")) {
                    url = URLDecoder.decode(url.substring(4), StandardCharsets.UTF_8);
                }
                if (url.isEmpty() || !url.contains("://")) {
                    throw new IllegalArgumentException("give the stream's URL as the body, e.g. udp://0.0.0.0:5000");
                }
                ctx.status(HttpStatus.CREATED).contentType("application/json").result("{\"id\":" + jobs.start(url).id() + "}");
            });
            config.routes.sse("/api/live/{id}/captions", client -> follow(client, jobs));
            if (library != null) {
                library.addTo(config.routes);
            }
            config.routes.exception(IllegalArgumentException.class, (e, ctx) ->
                    ctx.status(HttpStatus.BAD_REQUEST).contentType("application/json").result(error(e.getMessage())));
            config.routes.exception(NotFound.class, (e, ctx) ->
                    ctx.status(HttpStatus.NOT_FOUND).contentType("application/json").result(error(e.getMessage())));
        }).start();
    }

    /** The address served, with the port actually bound. */
    public InetSocketAddress address() {
        return new InetSocketAddress(app.jettyServer().server().getURI().getHost(), app.port());
    }

    /** What the API answers with a 404 and the reason. */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    static String error(String message) {
        return "{\"error\":" + json(message) + "}";
    }

    private static int id(Context ctx) {
        try {
            return Integer.parseInt(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFound("no live job " + ctx.pathParam("id"));
        }
    }

    /** Server-sent events: the job's cues so far, then each new one as it comes, until the end or the client leaves. */
    private static void follow(SseClient client, LiveJobs jobs) {
        LiveJob job;
        try {
            job = jobs.job(Integer.parseInt(client.ctx().pathParam("id")));
        } catch (NumberFormatException e) {
            job = null;
        }
        if (job == null) {
            client.sendEvent("error", error("no live job " + client.ctx().pathParam("id")));
            client.close();
            return;
        }
        BlockingQueue<LiveJob.Event> events = job.follow();
        try {
            while (!client.terminated()) {
                LiveJob.Event e = events.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                if (e == null) {
                    client.sendComment("keep-alive");
                    continue;
                }
                client.sendEvent(e.name(), e.data());
                if (e.name().equals("end")) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            job.unfollow(events);
            client.close();
        }
    }

    private static String jobsJson(LiveJobs jobs) {
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

    static String json(String s) {
        return io.mmstream.asr.captions.CaptionWriter.json(s);
    }

    private static void page(Context ctx, String name) throws IOException {
        try (InputStream in = WebServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("page missing from the jar: " + name);
            }
            ctx.contentType("text/html; charset=utf-8").result(in.readAllBytes());
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
