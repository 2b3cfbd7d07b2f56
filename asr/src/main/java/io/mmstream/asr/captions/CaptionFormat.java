package io.mmstream.asr.captions;

import java.util.Locale;

/** The caption file formats mmstream writes, and the file extension each goes by. */
public enum CaptionFormat {
    VTT("vtt"),
    SRT("srt"),
    JSONL("jsonl");

    private final String extension;

    CaptionFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** The format a name such as {@code vtt} or {@code SRT} stands for. */
    public static CaptionFormat parse(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (CaptionFormat f : values()) {
            if (f.extension.equals(lower)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown caption format '" + name + "' (expected vtt, srt or jsonl)");
    }

    /** The format a file name's extension implies, or null when it implies none. */
    public static CaptionFormat fromFileName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        String ext = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (CaptionFormat f : values()) {
            if (f.extension.equals(ext)) {
                return f;
            }
        }
        return null;
    }
}
