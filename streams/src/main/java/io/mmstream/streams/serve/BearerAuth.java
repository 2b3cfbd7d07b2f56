package io.mmstream.streams.serve;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The bearer token {@code serve} asks of every request when one is configured: an
 * {@code Authorization: Bearer <token>} header (API clients, peers), or, for browsers, the
 * {@value #COOKIE} cookie that a first visit with {@code ?token=<token>} sets (HttpOnly, SameSite=Strict;
 * a page asked for that way is then loaded again without the token in its address).
 * Anything else gets a 401 with a {@code WWW-Authenticate} header and a one-line body. Tokens are
 * compared by their SHA-256 digests in constant time, so neither content nor length leaks by timing.
 */
public final class BearerAuth {

    /** The cookie a browser keeps the token in after {@code ?token=}. */
    public static final String COOKIE = "mmstream_token";

    private final byte[] digest;
    private final String token;

    /** Checks for {@code token}, which must not be blank. */
    public BearerAuth(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the token is empty");
        }
        this.token = token;
        this.digest = sha256(token);
    }

    /** The token, for this server's own requests to its peers. */
    public String token() {
        return token;
    }

    /** The header value a request to a server with this token carries. */
    public String headerValue() {
        return "Bearer " + token;
    }

    /** True when {@code presented} is the token. */
    public boolean accepts(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    /** A before-handler: lets the request through when it carries the token, else answers 401 and stops it. */
    void check(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && accepts(header.substring(7).strip())) {
            return;
        }
        if (accepts(ctx.cookie(COOKIE))) {
            return;
        }
        String query = ctx.queryParam("token");
        if (accepts(query)) {
            // a browser given the token once in the address keeps it, out of the address bar from then on
            ctx.cookie(new Cookie(COOKIE, query, "/", -1, false, true, null, SameSite.STRICT));
            String accept = ctx.header("Accept");
            if (ctx.method() == io.javalin.http.HandlerType.GET && accept != null && accept.contains("text/html")) {
                ctx.redirect(withoutToken(ctx.path(), ctx.queryString()), HttpStatus.SEE_OTHER);
                ctx.skipRemainingHandlers();
            }
            return;
        }
        ctx.header("WWW-Authenticate", "Bearer realm=\"mmstream\"" + (header == null && query == null ? "" : ", error=\"invalid_token\""));
        ctx.status(HttpStatus.UNAUTHORIZED).contentType("text/plain; charset=utf-8")
                .result("401 unauthorized: send the header 'Authorization: Bearer <token>' (browsers: open /?token=<token> once)\n");
        ctx.skipRemainingHandlers();
    }

    /** {@code path} with {@code query} less its {@code token} parameter. */
    static String withoutToken(String path, String query) {
        String rest = query == null ? "" : java.util.Arrays.stream(query.split("&"))
                .filter(p -> !p.isEmpty() && !p.equals("token") && !p.startsWith("token="))
                .collect(java.util.stream.Collectors.joining("&"));
        return rest.isEmpty() ? path : path + "?" + rest;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
