package io.mmstream.streams.kafka;

/** Kafka could not be reached or could not do what was asked; the message says which. */
public class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
