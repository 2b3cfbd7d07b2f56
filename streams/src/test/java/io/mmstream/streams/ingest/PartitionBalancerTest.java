package io.mmstream.streams.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionBalancerTest {

    @Test
    void eachThreadGetsItsShareOneVideoAfterAnother() {
        // two threads, each recognising two of four partitions
        PartitionBalancer b = new PartitionBalancer(() -> List.of(List.of(0, 2), List.of(1, 3)));
        List<Integer> taken = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            taken.add(b.take());
        }
        assertEquals(List.of(0, 1, 0, 1), taken, "two videos per thread, queued in one partition of each");
        b.release(1);
        assertEquals(1, b.take(), "the next video goes to the thread that finished one");
        b.release(0);
        b.release(0);
        assertEquals(0, b.take());
    }

    @Test
    void lanesFollowTheGroup() {
        List<List<Integer>> lanes = new ArrayList<>(List.of(List.of(0, 1, 2, 3)));
        PartitionBalancer b = new PartitionBalancer(() -> lanes);
        assertEquals(0, b.take());
        assertEquals(0, b.take(), "one thread: its videos in one partition, in turn");
        lanes.clear();
        lanes.add(List.of(3));
        lanes.add(List.of());
        assertEquals(3, b.take(), "after a rebalance, this instance's partition");
        lanes.clear();
        assertNull(b.take(), "no partition recognised here: by hash");
    }
}
