package io.mmstream.ingest.imagetext;

/** Why one image or caption cannot be used, as a one-line reason; the set goes on without it. */
public final class ItemProblem extends Exception {

    public ItemProblem(String reason) {
        super(reason, null, false, false);
    }

    public ItemProblem(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }

    /** The one-line reason. */
    public String reason() {
        return getMessage();
    }
}
