package io.mmstream.streams.cli;

import io.mmstream.index.library.LibraryCatalog;
import io.mmstream.index.library.LibraryFile;
import io.mmstream.index.library.LibraryScan;
import io.mmstream.ingest.DecodeOptions;
import io.mmstream.streams.dlq.DeadLetters;
import io.mmstream.streams.kafka.ProcessLock;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mmstream index PATH... [--watch]}: finds the media under the paths (by content), and keeps
 * the search index current with them: new files are ingested and indexed, changed ones replace their
 * old entries, deleted ones leave the index. With {@code --watch} it goes on, picking up changes
 * within seconds. A run stopped by Ctrl-C or a crash goes on from where it stopped next time.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Index video libraries for search (what is said and shown, with its times); --watch keeps it current.")
final class IndexCommand implements Callable<Integer> {

    @ParentCommand
    MmstreamCli parent;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Folders (searched recursively) or files.")
    List<Path> paths;

    @Option(names = "--watch", description = "Keep running: index new and changed files, drop deleted ones, until Ctrl-C.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "SEC", defaultValue = "2",
            description = "With --watch, how often to look for changes (default: ${DEFAULT-VALUE}).")
    double intervalSeconds;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Files in flight at once: one decoding, the others being recognised (default: 2 per core).")
    Integer jobs;

    @Option(names = "--progress", negatable = true, description = "Show a progress bar (default: on a terminal).")
    Boolean progress;

    @Mixin
    ClipOptions clips;

    @Option(names = "--frame-size", paramLabel = "PIXELS", defaultValue = "" + io.mmstream.streams.search.PictureFeatures.INDEX_FRAME_SIZE,
            description = "Longer side of the frames sampled for the clips, 2..1024 (default: ${DEFAULT-VALUE}: the clip features"
                    + " are colour and motion statistics that do not change with size, and smaller frames index faster).")
    int frameSize;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new ParameterException(spec.commandLine(), p + ": no such file or folder");
            }
        }
        int inFlight = jobs != null ? jobs : 2 * Runtime.getRuntime().availableProcessors();
        if (inFlight < 1 || intervalSeconds <= 0) {
            throw new ParameterException(spec.commandLine(), "--jobs and --interval must be positive");
        }
        DecodeOptions decode;
        try {
            decode = DecodeOptions.defaults().withMaxSide(clips.frameSide(frameSize));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path library = parent.options.dataDir().toAbsolutePath().resolve("library");
        Files.createDirectories(library);
        try (ProcessLock lock = ProcessLock.tryAcquire(library.resolve("index.lock"))) {
            if (lock == null) {
                err.println("mmstream: another index command runs on " + parent.options.dataDir()
                        + "; stop it, or give it these paths too");
                return 1;
            }
            try (LibraryCatalog catalog = LibraryCatalog.open(library);
                    MmstreamRuntime runtime = MmstreamRuntime.open(parent.options)) {
                catalog.addRoots(paths);
                return index(runtime, catalog, decode, inFlight, out, err);
            }
        }
    }

    private int index(MmstreamRuntime runtime, LibraryCatalog catalog, DecodeOptions decode, int inFlight, PrintWriter out,
            PrintWriter err) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        runtime.beforeExit(() -> {
            if (finished.getCount() > 0) {
                err.println("mmstream: interrupted: finishing the files in flight; the rest is indexed next time");
                err.flush();
                stop.set(true);
                try {
                    finished.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            runtime.startCaptioning();
            runtime.mirrorArtifacts();
            PipelineInputs.startStages(runtime, PipelineInputs.stages(parent.options, decode), decode, clips);
            runtime.startIndex(null);
            boolean showProgress = progress != null ? progress : System.console() != null;
            Set<String> reported = new HashSet<>();
            int failures = 0;
            try (RecordSender sender = runtime.ingestSender()) {
                do {
                    failures += pass(runtime, catalog, decode, inFlight, sender, reported, showProgress, out, err, stop);
                    if (watch) {
                        long until = System.nanoTime() + (long) (intervalSeconds * 1e9);
                        while (System.nanoTime() < until && !stop.get()) {
                            runtime.checkRunning();
                            Thread.sleep(100);
                        }
                    }
                } while (watch && !stop.get());
            }
            return failures == 0 ? 0 : 1;
        } finally {
            finished.countDown();
        }
    }

    /** One look at the library: removals, then new and changed files; returns how many files failed. */
    private int pass(MmstreamRuntime runtime, LibraryCatalog catalog, DecodeOptions decode, int inFlight, RecordSender sender,
            Set<String> reported, boolean showProgress, PrintWriter out, PrintWriter err, AtomicBoolean stop) throws Exception {
        long started = System.nanoTime();
        LibraryScan.Result scan = LibraryScan.scan(paths, catalog);
        int failures = 0;
        for (String notMedia : scan.notMedia()) {
            if (reported.add(notMedia)) {
                err.println(notMedia);
                String path = notMedia.substring(0, notMedia.indexOf(": "));
                sender.send(Topics.DLQ, path, DeadLetters.input(path, "index", notMedia.substring(path.length() + 2), null));
                failures++;
            }
        }
        for (LibraryCatalog.Indexed gone : scan.gone()) {
            leave(catalog, sender, gone);
        }
        List<LibraryFile> toIndex = new ArrayList<>();
        long settle = System.currentTimeMillis() - 2000;
        for (LibraryFile f : scan.toIndex()) {
            String key = f.path() + "\t" + f.size() + "\t" + f.modifiedMs();
            if (watch && f.modifiedMs() > settle || reported.contains(key)) {
                continue; // still being written (the next look takes it), or failed as it is now
            }
            catalog.get(f.path()).ifPresent(changed -> leave(catalog, sender, changed));
            toIndex.add(f);
        }
        sender.flush();
        // the largest files first: the run does not end with one core working through a long file alone
        toIndex.sort(java.util.Comparator.comparingLong(LibraryFile::size).reversed());
        if (toIndex.isEmpty() && scan.gone().isEmpty()) {
            if (!watch) {
                out.printf(Locale.ROOT, "index: %d files up to date%n", scan.unchanged().size());
            }
            runtime.awaitDerived();
            return failures;
        }
        List<LibraryRun.Done> done;
        try (ProgressBar bar = showProgress && !toIndex.isEmpty() ? LibraryRun.bar(toIndex.size()) : null) {
            done = new LibraryRun(runtime, decode, catalog, inFlight, stop::get, err).run(toIndex, bar);
        }
        runtime.awaitDerived();
        int failed = 0;
        for (LibraryRun.Done d : done) {
            if (d.failure() != null) {
                failed++;
                reported.add(d.file().path() + "\t" + d.file().size() + "\t" + d.file().modifiedMs());
            }
        }
        out.printf(Locale.ROOT, "index: %d files indexed, %d unchanged, %d removed, %d failed, %d left for next time (%.1f s)%n",
                done.size() - failed, scan.unchanged().size(), scan.gone().size(), failed, toIndex.size() - done.size(),
                (System.nanoTime() - started) / 1e9);
        return failures + failed;
    }

    /** The file left the library (deleted, or changed): its video goes too, unless another file holds the same content. */
    private static void leave(LibraryCatalog catalog, RecordSender sender, LibraryCatalog.Indexed gone) {
        catalog.removed(gone.path());
        if (!catalog.usedElsewhere(gone.video(), gone.path())) {
            sender.send(Topics.VIDEOS, gone.video(), null);
        }
    }
}
