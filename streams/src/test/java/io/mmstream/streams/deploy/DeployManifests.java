package io.mmstream.streams.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The YAML documents of {@code deploy/}: the compose file and every Kubernetes manifest, parsed, with
 * look-ups by kind. A document that is not well-formed YAML fails the load with its file named.
 */
final class DeployManifests {

    private static final YAMLMapper YAML = new YAMLMapper();

    private final Path folder;
    private final JsonNode compose;
    private final List<Manifest> kubernetes;

    /** One Kubernetes document and the file it came from. */
    record Manifest(Path file, JsonNode node) {

        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return kind() + " " + name() + " (" + file.getFileName() + ")";
        }
    }

    private DeployManifests(Path folder, JsonNode compose, List<Manifest> kubernetes) {
        this.folder = folder;
        this.compose = compose;
        this.kubernetes = kubernetes;
    }

    /** Loads {@code deploy/} of the repository this test runs in (Maven runs tests in the module's folder). */
    static DeployManifests load() {
        Path folder = repositoryRoot().resolve("deploy");
        List<JsonNode> composeDocs = documents(folder.resolve("compose.yaml"));
        if (composeDocs.size() != 1) {
            throw new AssertionError(folder.resolve("compose.yaml") + ": expected one YAML document, found " + composeDocs.size());
        }
        List<Manifest> kubernetes = new ArrayList<>();
        for (Path file : kubernetesFiles(folder.resolve("k8s"))) {
            for (JsonNode doc : documents(file)) {
                kubernetes.add(new Manifest(file, doc));
            }
        }
        return new DeployManifests(folder, composeDocs.get(0), kubernetes);
    }

    Path folder() {
        return folder;
    }

    JsonNode compose() {
        return compose;
    }

    List<Manifest> kubernetes() {
        return kubernetes;
    }

    /** The Kubernetes documents of {@code kind}. */
    List<Manifest> ofKind(String kind) {
        return kubernetes.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    /** The one Kubernetes document of {@code kind}; fails when there are none or several. */
    Manifest only(String kind) {
        List<Manifest> found = ofKind(kind);
        if (found.size() != 1) {
            throw new AssertionError("deploy/k8s: expected one " + kind + ", found " + found);
        }
        return found.get(0);
    }

    /** The Kubernetes document of {@code kind} named {@code name}. */
    Manifest named(String kind, String name) {
        return ofKind(kind).stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("deploy/k8s: no " + kind + " named " + name));
    }

    /** The {@code .yaml} files of {@code k8s/}, sorted. */
    static List<Path> kubernetesFiles(Path k8s) {
        try (Stream<Path> files = Files.list(k8s)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + k8s, e);
        }
    }

    private static List<JsonNode> documents(Path file) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(file + ": not well-formed YAML: " + e.getMessage(), e);
        }
        return docs;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("deploy/compose.yaml"))) {
                return d;
            }
        }
        throw new AssertionError("no deploy/compose.yaml in " + dir + " or above it");
    }
}
