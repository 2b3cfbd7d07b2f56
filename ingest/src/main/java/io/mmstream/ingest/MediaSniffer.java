package io.mmstream.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Tells audio and video files from other files by their first bytes (the signatures of the containers
 * FFmpeg reads: MP4/MOV/3GP, Matroska/WebM, AVI/WAV, Ogg, MPEG-TS/PS, FLV, ASF/WMV, MP3, FLAC, ...),
 * so a library is found by content, whatever the files are named. A file named like media whose bytes
 * are not is still reported, so a broken download does not vanish silently.
 */
public final class MediaSniffer {

    /** Extensions that promise media: such a file that does not look like media is reported, not skipped. */
    private static final Set<String> MEDIA_EXTENSIONS = Set.of("mp4", "m4v", "m4a", "mov", "mkv", "webm", "avi", "wav", "ogg",
            "ogv", "oga", "opus", "mpg", "mpeg", "ts", "m2ts", "mts", "flv", "wmv", "asf", "mp3", "flac", "aac", "3gp");

    private MediaSniffer() {}

    /** What a file is, as far as a library goes. */
    public enum Verdict {
        /** Audio or video by its bytes. */
        MEDIA,
        /** Named like media, but its bytes are not (empty, truncated at the start, another format). */
        NAMED_LIKE_MEDIA,
        /** Something else: skipped quietly. */
        OTHER
    }

    public static Verdict sniff(Path file) throws IOException {
        byte[] head = new byte[512];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (looksLikeMedia(head, n)) {
            return Verdict.MEDIA;
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && MEDIA_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))
                ? Verdict.NAMED_LIKE_MEDIA : Verdict.OTHER;
    }

    static boolean looksLikeMedia(byte[] b, int n) {
        if (n < 12) {
            return false;
        }
        if (ascii(b, 4, "ftyp") || ascii(b, 4, "moov") || ascii(b, 4, "mdat") || ascii(b, 4, "free") || ascii(b, 4, "wide")) {
            return true; // ISO base media: MP4, MOV, M4A, 3GP
        }
        if (u8(b, 0) == 0x1A && u8(b, 1) == 0x45 && u8(b, 2) == 0xDF && u8(b, 3) == 0xA3) {
            return true; // EBML: Matroska, WebM
        }
        if (ascii(b, 0, "RIFF") && (ascii(b, 8, "AVI ") || ascii(b, 8, "WAVE"))) {
            return true;
        }
        if (ascii(b, 0, "OggS") || ascii(b, 0, "fLaC") || ascii(b, 0, "FLV") || ascii(b, 0, "ID3")) {
            return true;
        }
        if (u8(b, 0) == 0x30 && u8(b, 1) == 0x26 && u8(b, 2) == 0xB2 && u8(b, 3) == 0x75) {
            return true; // ASF: WMV, WMA
        }
        if (u8(b, 0) == 0x00 && u8(b, 1) == 0x00 && u8(b, 2) == 0x01 && (u8(b, 3) == 0xBA || u8(b, 3) == 0xB3)) {
            return true; // MPEG program stream, MPEG video
        }
        if (u8(b, 0) == 0x47 && (n < 189 || u8(b, 188) == 0x47)) {
            return true; // MPEG transport stream: a sync byte every 188
        }
        if (n > 192 && u8(b, 4) == 0x47 && u8(b, 196) == 0x47) {
            return true; // M2TS: 192-byte packets
        }
        if (u8(b, 0) == 0xFF && (u8(b, 1) & 0xE0) == 0xE0) {
            return true; // MPEG audio frame (MP3) or ADTS (AAC)
        }
        return false;
    }

    private static boolean ascii(byte[] b, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }
}
