package io.mmstream.streams.bench;

import io.mmstream.ingest.DecodeOptions;
import io.mmstream.ingest.DecodeSummary;
import io.mmstream.ingest.MediaDecoder;
import io.mmstream.ingest.MediaSink;
import io.mmstream.ingest.SampledFrame;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times mmstream's decode-and-sample path (FFmpeg decode, sampling, swscale to RGB24) on one file,
 * for bench/decode-throughput.sh, which times Debian's ffmpeg CLI doing the same in the same run.
 *
 * <p>Usage: {@code DecodeThroughput FILE FPS MAX_SIDE RUNS}. Prints one line per timed run and a
 * summary line {@code median_s=...}; the first, untimed run loads the native libraries.
 */
public final class DecodeThroughput {

    private DecodeThroughput() {}

    public static void main(String[] args) throws Exception {
        String file = args[0];
        double fps = Double.parseDouble(args[1]);
        int maxSide = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        DecodeOptions options = DecodeOptions.defaults().withFrameRate(fps).withMaxSide(maxSide).withAudio(false);
        long[] checksum = {0};
        MediaSink sink = new MediaSink() {
            @Override
            public void frame(SampledFrame frame) {
                checksum[0] += frame.rgb()[frame.rgb().length / 2];
            }
        };
        new MediaDecoder(options).decode(file, sink);
        double[] seconds = new double[runs];
        DecodeSummary summary = null;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            summary = new MediaDecoder(options).decode(file, sink);
            seconds[i] = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "run=%d seconds=%.3f decoded=%d kept=%d%n",
                    i, seconds[i], summary.framesDecoded(), summary.framesKept());
        }
        Arrays.sort(seconds);
        System.out.printf(Locale.ROOT, "median_s=%.3f decoded=%d kept=%d decoded_fps=%.0f checksum=%d%n",
                seconds[runs / 2], summary.framesDecoded(), summary.framesKept(),
                summary.framesDecoded() / seconds[runs / 2], checksum[0]);
    }
}
