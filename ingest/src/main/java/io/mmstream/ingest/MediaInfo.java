package io.mmstream.ingest;

/**
 * What a source holds, as FFmpeg reports it after opening.
 *
 * @param input the file or URL as the user gave it
 * @param format FFmpeg's container name (e.g. {@code mov,mp4,m4a,3gp,3g2,mj2})
 * @param durationUs container duration, or -1 when unknown (live streams)
 * @param videoCodec codec of the video stream, or null when there is none
 * @param width source width, 0 without video
 * @param height source height, 0 without video
 * @param frameRate the container's nominal frame rate, 0 without video
 * @param audioCodec codec of the audio stream, or null when there is none
 * @param audioSampleRate source sample rate, 0 without audio
 * @param audioChannels source channel count, 0 without audio
 */
public record MediaInfo(
        String input,
        String format,
        long durationUs,
        String videoCodec,
        int width,
        int height,
        double frameRate,
        String audioCodec,
        int audioSampleRate,
        int audioChannels) {

    public boolean hasVideo() {
        return videoCodec != null;
    }

    public boolean hasAudio() {
        return audioCodec != null;
    }
}
