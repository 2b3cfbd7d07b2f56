package io.mmstream.streams.cli;

import io.mmstream.models.videobert.ModelStore;
import io.mmstream.streams.artifacts.ArtifactPublisher;
import io.mmstream.streams.topics.Topics;
import io.mmstream.tokenizer.kmeans.CodebookStore;
import java.io.PrintWriter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares a codebook or model version, just saved in this data dir, with every other instance through
 * {@code mm.artifacts}. A failure leaves the local version in use and says so in one line.
 */
final class ArtifactSharing {

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactSharing.class);

    private ArtifactSharing() {}

    /** Publishes codebook {@code version} of {@code store}. */
    static void codebook(MmstreamRuntime runtime, CodebookStore store, String version, PrintWriter err) {
        share(runtime, "codebook " + version, store.file(version).toString(), err,
                publisher -> publisher.publishCodebook(store, version));
    }

    /** Publishes model {@code version} of {@code store}. */
    static void model(MmstreamRuntime runtime, ModelStore store, String version, PrintWriter err) {
        share(runtime, "model " + version, store.runFolder(version).toString(), err, publisher -> publisher.publishModel(store, version));
    }

    @FunctionalInterface
    private interface Publication {
        ArtifactPublisher.Published run(ArtifactPublisher publisher) throws Exception;
    }

    private static void share(MmstreamRuntime runtime, String what, String where, PrintWriter err, Publication publication) {
        try {
            ArtifactPublisher publisher = new ArtifactPublisher(
                    runtime.cluster().producerConfig("mmstream-artifacts", "lz4", Topics.ARTIFACT_CHUNK_BYTES), runtime.dataDir());
            ArtifactPublisher.Published sent = publication.run(publisher);
            LOG.info(String.format(Locale.ROOT, "%s shared on %s: %d files, %,d bytes in %d records (%.2f s); %d older versions withdrawn",
                    what, Topics.ARTIFACTS.name(), sent.files(), sent.bytes(), sent.records(), sent.seconds(), sent.withdrawn()));
        } catch (Exception e) {
            err.println("mmstream: " + what + " is saved in " + where + " but could not be shared on " + Topics.ARTIFACTS.name()
                    + " (" + e.getMessage() + "): other instances do not get it");
            err.flush();
        }
    }
}
