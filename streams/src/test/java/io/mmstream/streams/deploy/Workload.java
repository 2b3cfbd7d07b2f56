package io.mmstream.streams.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmstream.streams.deploy.DeployManifests.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Kubernetes workload (StatefulSet, Deployment) of the manifests seen as its one container: the
 * command-line arguments it runs with and the files its volumes put where.
 */
record Workload(Manifest manifest) {

    JsonNode container() {
        JsonNode containers = manifest.node().path("spec").path("template").path("spec").path("containers");
        assertEquals(1, containers.size(), manifest + ": containers");
        return containers.get(0);
    }

    List<String> args() {
        List<String> args = new ArrayList<>();
        container().path("args").forEach(a -> args.add(a.asText()));
        return args;
    }

    /** The value after {@code option} in the arguments; fails when it is not there. */
    String option(String option) {
        List<String> args = args();
        int at = args.indexOf(option);
        assertTrue(at >= 0 && at + 1 < args.size(), manifest + ": no " + option + " in " + args);
        return args.get(at + 1);
    }

    /** Mount path -> volume name. */
    Map<String, String> mounts() {
        Map<String, String> mounts = new TreeMap<>();
        container().path("volumeMounts").forEach(m -> mounts.put(m.path("mountPath").asText(), m.path("name").asText()));
        return mounts;
    }

    /** The pod template's volume {@code name} (its source: configMap, secret, emptyDir...), or a missing node. */
    JsonNode volume(String name) {
        ObjectNode byName = JsonNodeFactory.instance.objectNode();
        manifest.node().path("spec").path("template").path("spec").path("volumes").forEach(v -> byName.set(v.path("name").asText(), v));
        return byName.path(name);
    }

    /** The name of the volume that holds {@code file}: mounted at the file itself (subPath) or at a folder above it; null if none. */
    String volumeHolding(String file) {
        Map<String, String> mounts = mounts();
        for (Path p = Path.of(file); p != null; p = p.getParent()) {
            String volume = mounts.get(p.toString());
            if (volume != null) {
                return volume;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return manifest.toString();
    }
}
