package io.mmstream.models.imagetext;

/**
 * One example of a {@link Task}: a picture's regions with the task's text in place of the caption (a
 * question, a referring phrase, a statement), and the right label (an answer's index, a region's index, 1
 * for a true statement and 0 for a false one).
 *
 * @param task the task
 * @param example the regions and the text's word pieces
 * @param label the right label
 * @param text the task's text as written
 */
public record TaskExample(Task task, ImageTextExample example, int label, String text) {}
