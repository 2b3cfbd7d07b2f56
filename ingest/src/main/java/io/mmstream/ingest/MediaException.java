package io.mmstream.ingest;

/** A source that cannot be opened or decoded; the message is one line saying why. */
public class MediaException extends Exception {

    private final String input;

    public MediaException(String input, String reason) {
        super(reason);
        this.input = input;
    }

    public MediaException(String input, String reason, Throwable cause) {
        super(reason, cause);
        this.input = input;
    }

    /** The file or URL as the user gave it. */
    public String input() {
        return input;
    }

    /** The reason alone, without the input: what follows {@code <input>: } on stderr. */
    public String reason() {
        return getMessage();
    }
}
