package dev.revenant.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs a command line as {@code revenant} does (audit log included), for tests in other packages. */
public final class RevenantTestAccess {
    private RevenantTestAccess() {}

    public static int run(String... args) {
        CommandLine cli = Revenant.commandLine();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        return Revenant.run(cli, err, args);
    }
}
