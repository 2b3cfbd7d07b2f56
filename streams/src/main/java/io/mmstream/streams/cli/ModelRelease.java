package io.mmstream.streams.cli;

import io.mmstream.models.videobert.ModelStore;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.records.ModelAnnouncement;
import io.mmstream.streams.topics.Topics;

/**
 * How a finished pretraining run is released: its version made current in its store, announced on
 * {@code mm.models}, and its files shared on {@code mm.artifacts} (other instances copy them from there).
 */
final class ModelRelease {

    private ModelRelease() {}

    /** Makes {@code version} of {@code store} current and announces it, keyed by {@code architecture}. */
    static void publish(MmstreamRuntime runtime, ModelStore store, String version, String architecture, String size, int steps,
            float finalLoss) throws java.io.IOException {
        store.makeCurrent(version);
        try (RecordSender sender = new RecordSender(runtime.cluster().producerConfig("mmstream-pretrain", "zstd", 1 << 20))) {
            sender.send(Topics.MODELS, architecture, ModelAnnouncement.newBuilder().setVersion(version).setArchitecture(architecture)
                    .setSize(size).setSteps(steps).setFinalLoss(finalLoss).setFolder(store.modelFolder(version).toString())
                    .setCreatedAtMs(System.currentTimeMillis()).build());
            sender.flush();
        }
        ArtifactSharing.model(runtime, store, version, new java.io.PrintWriter(System.err, true));
    }
}
