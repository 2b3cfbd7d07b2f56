package io.mmstream.models.imagetext;

/**
 * A task the two-stream models train beside pretraining, each with its own head: LXMERT's question
 * answering, and 12-in-1's question answering, referring expressions and image-text verification.
 */
public enum Task {
    /** A question about the picture, answered by one of {@link SceneTasks#ANSWERS}. */
    QUESTION_ANSWERING("qa", "question answering"),
    /** A phrase naming one object: which region holds it. */
    REFERRING("ref", "referring expressions"),
    /** A statement about the picture: true or false. */
    VERIFICATION("verify", "image-text verification");

    private final String loss;
    private final String title;

    Task(String loss, String title) {
        this.loss = loss;
        this.title = title;
    }

    /** The name of its loss column. */
    public String loss() {
        return loss;
    }

    /** How evaluation names it. */
    public String title() {
        return title;
    }
}
