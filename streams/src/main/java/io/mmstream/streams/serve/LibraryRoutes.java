package io.mmstream.streams.serve;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.mmstream.asr.Utterance;
import io.mmstream.asr.Word;
import io.mmstream.asr.captions.CaptionFormat;
import io.mmstream.asr.captions.CaptionWriter;
import io.mmstream.asr.captions.Cue;
import io.mmstream.asr.captions.CueSegmenter;
import io.mmstream.index.Entry;
import io.mmstream.index.SearchRequest;
import io.mmstream.ingest.ContentIds;
import io.mmstream.ingest.MediaException;
import io.mmstream.ingest.Thumbnails;
import io.mmstream.streams.search.MomentsJson;
import io.mmstream.streams.search.PictureFeatures;
import io.mmstream.streams.search.ServedLibrary;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The search side of {@code serve}:
 * <ul>
 *   <li>{@code GET /api/search?q=&top=&video=&ranking=}: the best moments (the JSON of {@code search --json});
 *   <li>{@code POST /api/search}: the same for a picture (the request body, or a form's {@code image} file);
 *   <li>{@code GET /api/videos}: the videos indexed whole ({@code video, path, duration_ms});
 *   <li>{@code GET /api/videos/{id}/captions.vtt}, {@code .../thumbnail.jpg?t=MS}, {@code .../media}: what a
 *       player needs; the media with HTTP range requests, so it plays from any moment.
 * </ul>
 * Video ids are checked, and a file is served only when the index names it and it lies, links
 * resolved, inside one of the library's folders: never a path from the request.
 */
public final class LibraryRoutes {

    private static final int THUMBNAIL_WIDTH = 320;
    private static final int THUMBNAILS_KEPT = 256;

    private final Supplier<ServedLibrary> library;
    private final Supplier<List<Path>> roots;
    private final String features;
    private final BearerAuth auth;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, byte[]> thumbnails = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > THUMBNAILS_KEPT;
        }
    };

    /**
     * Routes over {@code library} (available once the index runs), serving files under {@code roots};
     * pictures are compared by the clip features named {@code features}.
     */
    public LibraryRoutes(Supplier<ServedLibrary> library, Supplier<List<Path>> roots, String features) {
        this(library, roots, features, null);
    }

    /** The same, asking peers with the token of {@code auth} (null: peers ask for none). */
    public LibraryRoutes(Supplier<ServedLibrary> library, Supplier<List<Path>> roots, String features, BearerAuth auth) {
        this.library = library;
        this.roots = roots;
        this.features = features;
        this.auth = auth;
    }

    void addTo(RoutesConfig routes) {
        routes.get("/api/search", this::search);
        routes.post("/api/search", this::searchByPicture);
        routes.get("/api/videos", this::videos);
        routes.get("/api/videos/{id}/captions.vtt", this::captions);
        routes.get("/api/videos/{id}/thumbnail.jpg", this::thumbnail);
        routes.get("/api/videos/{id}/media", this::media);
    }

    private void search(Context ctx) {
        SearchRequest request = new SearchRequest(ctx.queryParam("q"), null, ctx.queryParam("video"), top(ctx), ranking(ctx));
        ServedLibrary lib = library.get();
        var moments = "true".equals(ctx.queryParam("local")) ? lib.searchLocal(request) : lib.search(request);
        ctx.contentType("application/json").result(MomentsJson.of(moments));
    }

    private void searchByPicture(Context ctx) throws IOException {
        UploadedFile upload = ctx.isMultipart() ? ctx.uploadedFile("image") : null;
        byte[] picture = upload != null ? upload.content().readAllBytes() : ctx.bodyAsBytes();
        if (picture.length == 0) {
            throw new IllegalArgumentException("post a picture: as the body, or as a form's 'image' file");
        }
        Path file = Files.createTempFile("mmstream-query", ".img");
        try {
            Files.write(file, picture);
            float[] features;
            try {
                features = PictureFeatures.of(file, this.features);
            } catch (MediaException e) {
                throw new IllegalArgumentException("the picture cannot be read: " + e.reason());
            }
            String q = ctx.isMultipart() ? ctx.formParam("q") : ctx.queryParam("q");
            SearchRequest request = new SearchRequest(q, features, ctx.queryParam("video"), top(ctx), ranking(ctx));
            ctx.contentType("application/json").result(MomentsJson.of(library.get().search(request)));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void videos(Context ctx) {
        ServedLibrary lib = library.get();
        Map<String, Entry> videos = "true".equals(ctx.queryParam("local")) ? lib.videosLocal() : lib.videos();
        StringBuilder s = new StringBuilder("[");
        videos.values().stream().sorted(java.util.Comparator.comparing(Entry::path)).forEach(v -> {
            if (s.length() > 1) {
                s.append(',');
            }
            s.append("{\"video\":").append(WebServer.json(v.video())).append(",\"path\":").append(WebServer.json(v.path()))
                    .append(",\"duration_ms\":").append(v.endUs() < 0 ? -1 : v.endUs() / 1000).append('}');
        });
        ctx.contentType("application/json").result(s.append(']').toString());
    }

    /** WebVTT of what the video says, cut as {@code captions} cuts cues (2 lines of 42 characters, 1 to 7 s). */
    private void captions(Context ctx) throws IOException, InterruptedException {
        String video = videoId(ctx);
        ServedLibrary lib = library.get();
        List<Entry> said = lib.utterances(video);
        HostInfo holder = said.isEmpty() && !"true".equals(ctx.queryParam("local")) ? lib.holderOf(video) : null;
        if (holder != null) {
            HttpRequest.Builder ask = HttpRequest.newBuilder(URI.create("http://" + holder.host() + ":" + holder.port()
                    + "/api/videos/" + video + "/captions.vtt?local=true"));
            if (auth != null) {
                ask.header("Authorization", auth.headerValue());
            }
            HttpResponse<String> r = http.send(ask.build(), HttpResponse.BodyHandlers.ofString());
            ctx.status(r.statusCode()).contentType("text/vtt; charset=utf-8").result(r.body());
            return;
        }
        if (said.isEmpty() && !lib.videos().containsKey(video)) {
            throw new WebServer.NotFound("no video " + video + " in the index");
        }
        CueSegmenter segmenter = new CueSegmenter();
        List<Cue> cues = new ArrayList<>();
        for (Entry u : said) {
            List<Word> words = u.words().stream().map(w -> new Word(w.text(), w.startUs(), w.endUs(), 1f)).toList();
            cues.addAll(segmenter.cues(new Utterance(u.startUs(), u.endUs(), u.text(), words, true)));
        }
        StringWriter out = new StringWriter();
        CaptionWriter writer = new CaptionWriter(out, CaptionFormat.VTT, video);
        writer.header();
        for (Cue c : CaptionWriter.ordered(cues)) {
            writer.cue(c, System.currentTimeMillis());
        }
        ctx.contentType("text/vtt; charset=utf-8").result(out.toString());
    }

    private void thumbnail(Context ctx) {
        String video = videoId(ctx);
        long atMs;
        try {
            atMs = Math.max(0, Long.parseLong(ctx.queryParamAsClass("t", String.class).getOrDefault("0")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("t is a time in milliseconds");
        }
        Path file = fileOf(video);
        // one still per second of a video is plenty for a result list
        String key = video + "@" + atMs / 1000;
        byte[] jpeg;
        synchronized (thumbnails) {
            jpeg = thumbnails.get(key);
        }
        if (jpeg == null) {
            try {
                jpeg = Thumbnails.jpeg(file, atMs * 1000, THUMBNAIL_WIDTH);
            } catch (MediaException e) {
                throw new WebServer.NotFound(video + ": " + e.reason());
            }
            synchronized (thumbnails) {
                thumbnails.put(key, jpeg);
            }
        }
        ctx.header("Cache-Control", "max-age=86400").contentType("image/jpeg").result(jpeg);
    }

    /** The media file, with range requests (a player seeks to a moment without loading what comes before). */
    private void media(Context ctx) throws IOException {
        Path file = fileOf(videoId(ctx));
        ctx.writeSeekableStream(Files.newInputStream(file), contentType(file), Files.size(file));
    }

    /** The file of {@code video} when the index names it and it lies inside the library; else 404. */
    private Path fileOf(String video) {
        Entry v = library.get().videos().get(video);
        if (v == null) {
            throw new WebServer.NotFound("no video " + video + " in the index");
        }
        Path file;
        try {
            file = Path.of(v.path()).toRealPath();
        } catch (IOException | RuntimeException e) {
            throw new WebServer.NotFound(video + ": its file " + v.path() + " is gone");
        }
        for (Path root : roots.get()) {
            try {
                if (file.startsWith(root.toRealPath())) {
                    return file;
                }
            } catch (IOException gone) {
                // a root that no longer exists holds nothing
            }
        }
        throw new WebServer.NotFound(video + ": its file is not inside the library's folders");
    }

    private static String videoId(Context ctx) {
        String id = ctx.pathParam("id");
        if (!ContentIds.isContentId(id)) {
            throw new IllegalArgumentException("not a video id: " + id);
        }
        return id;
    }

    private static int top(Context ctx) {
        try {
            return Integer.parseInt(ctx.queryParamAsClass("top", String.class).getOrDefault("10"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("top is a number");
        }
    }

    private static SearchRequest.Ranking ranking(Context ctx) {
        String r = ctx.queryParam("ranking");
        return r == null ? SearchRequest.Ranking.FUSED : SearchRequest.Ranking.parse(r);
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".webm")) {
            return "video/webm";
        }
        if (name.endsWith(".ogg") || name.endsWith(".ogv") || name.endsWith(".oga") || name.endsWith(".opus")) {
            return "video/ogg";
        }
        if (name.endsWith(".mp3")) {
            return "audio/mpeg";
        }
        if (name.endsWith(".wav")) {
            return "audio/wav";
        }
        return "video/mp4";
    }
}
