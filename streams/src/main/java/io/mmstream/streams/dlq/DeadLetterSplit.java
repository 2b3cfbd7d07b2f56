package io.mmstream.streams.dlq;

import io.mmstream.streams.records.DeadLetter;
import io.mmstream.streams.topics.Topic;
import io.mmstream.streams.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/** Routes a processor's mixed output: its records of one type to their topic, dead letters to {@code mm.dlq}. */
public final class DeadLetterSplit {

    private DeadLetterSplit() {}

    /** Writes {@code out}'s records of {@code type} to {@code topic} and returns them, for steps that follow in-process. */
    public static <V extends SpecificRecord> KStream<String, V> to(KStream<String, SpecificRecord> out, Topic<String, V> topic,
            Class<V> type) {
        KStream<String, V> typed = out.filter((key, value) -> type.isInstance(value)).mapValues(type::cast);
        typed.to(topic.name(), Produced.with(topic.keySerde(), topic.valueSerde()));
        out.filter((key, value) -> value instanceof DeadLetter)
                .mapValues(value -> (DeadLetter) value)
                .to(Topics.DLQ.name(), Produced.with(Topics.DLQ.keySerde(), Topics.DLQ.valueSerde()));
        return typed;
    }
}
