package io.mmstream.streams.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Search latency through the HTTP API: QUERIES queries one after another (after WARMUP not counted),
 * half phrases from the corpus grammar, half other words; prints p50, p95 and max in ms, per ranking.
 * Usage: {@code SearchLoad BASE_URL QUERIES [WARMUP]}; run by bench/search-latency.sh.
 */
public final class SearchLoad {

    private static final String[] OTHER_WORDS = {"someone fixing a bike by the water", "cooking vegetables early in the day",
        "a musician on a boat", "carrying luggage over a bridge", "a doctor at the fair", "planting seeds in the snow",
        "reading a map in town", "a teapot made of metal", "timetables for trains", "an umbrella in the rain"};

    private SearchLoad() {}

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int queries = Integer.parseInt(args[1]);
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        HttpClient http = HttpClient.newHttpClient();
        for (String ranking : new String[] {"keyword", "meaning", "fused"}) {
            Random random = new Random(11);
            List<Double> ms = new ArrayList<>();
            int results = 0;
            for (int i = 0; i < warmup + queries; i++) {
                String q = i % 2 == 0 ? SearchCorpus.sentence(random).split(" ", 3)[2] : OTHER_WORDS[random.nextInt(OTHER_WORDS.length)];
                URI uri = URI.create(base + "api/search?top=10&ranking=" + ranking + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                double took = (System.nanoTime() - t0) / 1e6;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(uri + ": " + r.statusCode() + " " + r.body());
                }
                if (i >= warmup) {
                    ms.add(took);
                    results += r.body().split("\"video\"").length - 1;
                }
            }
            ms.sort(null);
            System.out.printf(Locale.ROOT, "%-8s %d queries: p50 %.1f ms, p95 %.1f ms, max %.1f ms (%.1f moments a query)%n", ranking,
                    ms.size(), ms.get(ms.size() / 2), ms.get((int) Math.ceil(ms.size() * 0.95) - 1), ms.get(ms.size() - 1),
                    results / (double) ms.size());
        }
    }
}
