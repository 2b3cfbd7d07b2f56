package io.mmstream.streams.search;

import io.mmstream.index.Entry;
import io.mmstream.index.Moment;
import io.mmstream.index.SearchRequest;
import java.util.List;
import java.util.Map;

/** The indexed library as {@code serve} shows it: search, the videos, and what each says. */
public interface Library {

    /** The moments that best match {@code request}, best first, from the whole index. */
    List<Moment> search(SearchRequest request);

    /** The videos indexed whole, by id. */
    Map<String, Entry> videos();

    /** What {@code video} says, utterance by utterance with word times, in time order; empty when unknown. */
    List<Entry> utterances(String video);
}
