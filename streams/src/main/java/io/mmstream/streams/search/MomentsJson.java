package io.mmstream.streams.search;

import io.mmstream.asr.captions.CaptionWriter;
import io.mmstream.index.Moment;
import java.util.List;
import java.util.Locale;

/** Moments as the JSON the CLI ({@code search --json}) and the API ({@code /api/search}) give. */
public final class MomentsJson {

    private MomentsJson() {}

    /** A JSON array of {@code {video, path, start_ms, end_ms, score, text, thumbnail}}, best first. */
    public static String of(List<Moment> moments) {
        StringBuilder s = new StringBuilder("[");
        for (Moment m : moments) {
            if (s.length() > 1) {
                s.append(',');
            }
            s.append("{\"video\":").append(CaptionWriter.json(m.video()))
                    .append(",\"path\":").append(CaptionWriter.json(m.path()))
                    .append(",\"start_ms\":").append(m.startUs() / 1000)
                    .append(",\"end_ms\":").append(m.endUs() / 1000)
                    .append(",\"score\":").append(String.format(Locale.ROOT, "%.6f", m.score()))
                    .append(",\"text\":").append(CaptionWriter.json(m.snippet()))
                    .append(",\"thumbnail\":").append(CaptionWriter.json(thumbnail(m)))
                    .append('}');
        }
        return s.append(']').toString();
    }

    /** Where {@code serve} gives the moment's picture. */
    public static String thumbnail(Moment m) {
        return "/api/videos/" + m.video() + "/thumbnail.jpg?t=" + m.startUs() / 1000;
    }
}
