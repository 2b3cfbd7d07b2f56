package io.mmstream.streams.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One live stream captioned by {@code serve}: its state, its final cues so far and the latest
 * partial one (as JSON lines), and the listeners that follow new cues as they come.
 */
public final class LiveJob {

    /** Where a job stands. */
    public enum State { RUNNING, ENDED, FAILED }

    /** What a listener receives: a cue as a JSON line, or the end of the stream. */
    public record Event(String name, String data) {

        static final Event END = new Event("end", "{}");
    }

    private final int id;
    private final String url;
    private final String videoId;
    private final List<String> finals = new ArrayList<>();
    private final List<BlockingQueue<Event>> listeners = new CopyOnWriteArrayList<>();
    private String partial;
    private volatile State state = State.RUNNING;
    private volatile String reason = "";

    LiveJob(int id, String url, String videoId) {
        this.id = id;
        this.url = url;
        this.videoId = videoId;
    }

    public int id() {
        return id;
    }

    public String url() {
        return url;
    }

    public String videoId() {
        return videoId;
    }

    public State state() {
        return state;
    }

    /** Why the job ended or failed; empty while it runs. */
    public String reason() {
        return reason;
    }

    /**
     * A queue that receives what is known now (the final cues, the latest partial, the end if it has
     * ended) and then every new event, until {@link #unfollow}.
     */
    public synchronized BlockingQueue<Event> follow() {
        BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
        finals.forEach(json -> queue.add(new Event("cue", json)));
        if (partial != null) {
            queue.add(new Event("cue", partial));
        }
        if (state != State.RUNNING) {
            queue.add(Event.END);
        }
        listeners.add(queue);
        return queue;
    }

    public void unfollow(BlockingQueue<Event> queue) {
        listeners.remove(queue);
    }

    /** Whether a listener still follows the job (one that was handed the end has not sent it on yet). */
    boolean followed() {
        return !listeners.isEmpty();
    }

    synchronized void cue(String json, boolean isFinal) {
        if (isFinal) {
            finals.add(json);
            partial = null;
        } else {
            partial = json;
        }
        Event e = new Event("cue", json);
        listeners.forEach(q -> q.add(e));
    }

    synchronized void end(State how, String why) {
        if (state != State.RUNNING) {
            return;
        }
        state = how;
        reason = why;
        listeners.forEach(q -> q.add(Event.END));
    }
}
