package io.mmstream.streams.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

/** One run of the mmstream command line in this JVM, with what it printed. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MmstreamCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The stderr lines that report a failed input: {@code <input>: <reason>}. */
    List<String> failureLines() {
        return Arrays.stream(err.split("\n")).filter(l -> !l.isBlank() && !l.contains(" -> ")).toList();
    }
}
