package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The streaming servers of Debian's packages, started on loopback for a test and stopped with it:
 * nginx with its RTMP module (publish and play) also serving an HLS folder over HTTP, VLC serving a
 * file over RTSP, and Debian's ffmpeg as publisher. A missing server fails the test naming its package.
 */
final class LiveServers implements AutoCloseable {

    private static final Path RTMP_MODULE = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");

    private final Path dir;
    private final List<Process> started = new ArrayList<>();
    private int rtmpPort;
    private int httpPort;

    /** Servers whose files (configuration, logs, the HLS folder) live in {@code dir}. */
    LiveServers(Path dir) throws IOException {
        this.dir = dir;
        require(Path.of("/usr/sbin/nginx"), "nginx-light");
        require(RTMP_MODULE, "libnginx-mod-rtmp");
        require(Path.of("/usr/bin/cvlc"), "vlc-bin");
        require(Path.of("/usr/lib/x86_64-linux-gnu/vlc/plugins/stream_out/libstream_out_rtp_plugin.so"), "vlc-plugin-base");
        require(Path.of("/usr/bin/ffmpeg"), "ffmpeg");
        require(Path.of("/usr/bin/setpriv"), "util-linux");
        // VLC runs as nobody: it must reach the files it serves
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void require(Path file, String debianPackage) {
        if (!Files.exists(file)) {
            fail(file + " is missing: apt-get install " + debianPackage + " (scripts/install-test-deps.sh)");
        }
    }

    /** A loopback TCP port nothing listens on. */
    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The folder nginx serves as {@code http://127.0.0.1:PORT/hls/}. */
    Path hlsFolder() {
        return dir.resolve("hls");
    }

    /**
     * Starts nginx in the foreground: an RTMP application {@code live} (publishers push, players
     * play {@code rtmp://127.0.0.1:PORT/live/NAME}) and an HTTP server for {@link #hlsFolder()}.
     */
    void startNginx() throws Exception {
        rtmpPort = freeTcpPort();
        httpPort = freeTcpPort();
        Path home = dir.resolve("nginx");
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(home.resolve("tmp"));
        Files.createDirectories(hlsFolder());
        String conf = """
                load_module %1$s;
                daemon off;
                master_process off;
                worker_processes 1;
                pid %2$s/nginx.pid;
                error_log %2$s/logs/error.log warn;
                events { worker_connections 256; }
                rtmp {
                  server {
                    listen 127.0.0.1:%3$d;
                    application live { live on; record off; }
                  }
                }
                http {
                  access_log off;
                  client_body_temp_path %2$s/tmp/body;
                  proxy_temp_path %2$s/tmp/proxy;
                  fastcgi_temp_path %2$s/tmp/fastcgi;
                  uwsgi_temp_path %2$s/tmp/uwsgi;
                  scgi_temp_path %2$s/tmp/scgi;
                  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
                  server {
                    listen 127.0.0.1:%4$d;
                    location /hls/ { root %5$s; add_header Cache-Control no-cache; }
                  }
                }
                """.formatted(RTMP_MODULE, home, rtmpPort, httpPort, dir);
        Path file = home.resolve("nginx.conf");
        Files.writeString(file, conf);
        start(List.of("nginx", "-c", file.toString(), "-p", home + "/"), home.resolve("nginx.out"));
        awaitTcp(rtmpPort);
        awaitTcp(httpPort);
    }

    /** The RTMP URL of stream {@code name} on nginx. */
    String rtmp(String name) {
        return "rtmp://127.0.0.1:" + rtmpPort + "/live/" + name;
    }

    /** The HTTP URL of {@code file} in the HLS folder. */
    String hls(String file) {
        return "http://127.0.0.1:" + httpPort + "/hls/" + file;
    }

    /** Starts Debian's ffmpeg with {@code args} (after {@code -v error}), its output in {@code log}. */
    Process ffmpeg(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error"));
        command.addAll(List.of(args));
        return start(command, log);
    }

    /**
     * Starts VLC serving {@code media} at {@code rtsp://127.0.0.1:PORT/s} as it plays it (a live RTSP
     * source: clients join where it is), up to {@code stopAt} seconds of it when not null, then it
     * exits. VLC refuses to run as root, so it runs as nobody (setpriv, as Debian's nobody account).
     */
    Process vlcRtsp(Path media, int port, Double stopAt, Path log) throws IOException {
        Files.setPosixFilePermissions(media, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "cvlc", "-q", "--no-video", media.toString(), "--play-and-exit", "--sout",
                "#rtp{sdp=rtsp://127.0.0.1:" + port + "/s}"));
        if (stopAt != null) {
            command.add("--stop-time=" + stopAt);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // VLC writes its settings under HOME: nobody's (/nonexistent) is not there
        builder.environment().put("HOME", dir.toString());
        Process vlc = builder.start();
        synchronized (started) {
            started.add(vlc);
        }
        return vlc;
    }

    private Process start(List<String> command, Path log) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        synchronized (started) {
            started.add(p);
        }
        return p;
    }

    private static void awaitTcp(int port) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        assertTrue(false, "a server listens on port " + port);
    }

    @Override
    public void close() {
        synchronized (started) {
            for (Process p : started) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }
}
