package io.mmstream.streams.kafka;

import java.util.Locale;
import java.util.concurrent.TimeoutException;

/** Turns why a broker could not start into one line that says what to do about it. */
final class BrokerFailures {

    private BrokerFailures() {}

    /** The reason {@code e} stopped the broker of {@code files} from starting, and what the user can do. */
    static String describe(Throwable e, BrokerFiles files) {
        String root = KafkaCluster.rootMessage(e);
        String log = files.kafkaLog().toString();
        String aside = "move it aside to start with empty topics (mv " + log + " " + log + ".damaged; codebooks and"
                + " models under the data dir are kept), or restore it from a backup; details in " + files.log();
        if (mentions(e, "lock")) {
            return "another program has the broker's log " + log + " open (" + root + "): stop it (an older mmstream,"
                    + " or a Kafka broker pointed at that folder) and try again";
        }
        if (e instanceof TimeoutException) {
            return root + ": its log " + log + " may be damaged; " + aside;
        }
        if (isDamage(e)) {
            return "the broker's log " + log + " is damaged (" + root + "); " + aside;
        }
        if (hasContent(files.kafkaLog())) {
            // whatever Kafka says, it failed on a log it wrote before: that log is what to look at
            return "the broker's log " + log + " could not be opened (" + root + "): it is damaged or was written by"
                    + " another Kafka; " + aside;
        }
        return "the broker could not start: " + root + "; details in " + files.log();
    }

    private static boolean hasContent(java.nio.file.Path folder) {
        try (var entries = java.nio.file.Files.list(folder)) {
            return entries.findAny().isPresent();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Whether {@code e} says the log's bytes or its metadata are not what Kafka wrote. */
    private static boolean isDamage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String type = t.getClass().getSimpleName();
            if (type.contains("Corrupt") || type.contains("InvalidRecord") || type.contains("KafkaStorage")
                    || type.contains("InconsistentCluster") || type.contains("MetaProperties")) {
                return true;
            }
        }
        return mentions(e, "corrupt") || mentions(e, "invalid magic") || mentions(e, "meta.properties")
                || mentions(e, "checksum") || mentions(e, "crc");
    }

    private static boolean mentions(Throwable e, String word) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(word)) {
                return true;
            }
        }
        return false;
    }
}
