package io.mmstream.streams.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** What the README says of the lanes: every integration test in exactly one, the {@link Quiet} ones last in theirs. */
class LanesTest {

    @Test
    void everyIntegrationTestRunsInOneLaneAndTheQuietOnesComeLast() {
        List<Class<?>> wallClock = classes(WallClockLane.class);
        List<Class<?>> compute = classes(ComputeLane.class);
        assertFalse(wallClock.isEmpty() || compute.isEmpty(), wallClock + " / " + compute);
        Set<Class<?>> both = new HashSet<>(wallClock);
        both.retainAll(compute);
        assertTrue(both.isEmpty(), "in both lanes: " + both);
        for (Class<?> c : wallClock) {
            assertTrue(c.getSimpleName().endsWith("IT") && (isWallClock(c) || c.isAnnotationPresent(Balance.class)),
                    c + " is marked @WallClock or @Balance");
        }
        for (Class<?> c : compute) {
            assertTrue(c.getSimpleName().endsWith("IT") && !isWallClock(c) && !c.isAnnotationPresent(Balance.class),
                    c + " is an unmarked IT");
        }
        assertTrue(compute.stream().anyMatch(c -> c.getSimpleName().equals("PretrainIT")), compute.toString());

        List<Class<?>> quiet = wallClock.stream().filter(c -> c.isAnnotationPresent(Quiet.class)).toList();
        assertEquals(3, quiet.size(), "the real-time stream tests: " + quiet);
        assertTrue(wallClock.stream().anyMatch(c -> c.isAnnotationPresent(Balance.class)), "a compute test evens the lanes");
        assertEquals(quiet, wallClock.subList(wallClock.size() - quiet.size(), wallClock.size()), "last: " + wallClock);
    }

    private static boolean isWallClock(Class<?> c) {
        return c.isAnnotationPresent(WallClock.class) || c.isAnnotationPresent(Quiet.class);
    }

    /** The test classes {@code lane} runs, in its order. */
    private static List<Class<?>> classes(Class<?> lane) {
        TestPlan plan = LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(lane)).build());
        List<Class<?>> found = new ArrayList<>();
        collect(plan, plan.getRoots(), found);
        return found;
    }

    private static void collect(TestPlan plan, Set<TestIdentifier> identifiers, List<Class<?>> found) {
        for (TestIdentifier id : identifiers) {
            if (id.getSource().orElse(null) instanceof ClassSource source && !source.getJavaClass().isAnnotationPresent(
                    org.junit.platform.suite.api.Suite.class)) {
                found.add(source.getJavaClass());
            } else {
                collect(plan, plan.getChildren(id), found);
            }
        }
    }
}
