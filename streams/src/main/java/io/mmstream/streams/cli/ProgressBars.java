package io.mmstream.streams.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The commands' progress bars: ASCII, on stderr (stdout stays the command's output). */
final class ProgressBars {

    private ProgressBars() {}

    /** A bar named {@code task} counting {@code unit}s up to {@code max} (0: unknown), to build or refine further. */
    static ProgressBarBuilder onStderr(String task, long max, String unit) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setUnit(unit, 1)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err));
    }
}
