package dev.revenant.app.cli;

import dev.revenant.app.midlet.MidletPatchOptions;
import dev.revenant.app.midlet.MidletPatchResult;
import dev.revenant.app.midlet.MidletPatcher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code revenant midlet patch}: a copy of an original mig33 MIDlet that connects to this server. */
@Command(name = "midlet", mixinStandardHelpOptions = true, description = "Work on the original mig33 J2ME MIDlets.",
        subcommands = {MidletCommand.Patch.class})
public final class MidletCommand {

    @Command(name = "patch", mixinStandardHelpOptions = true,
            description = {"Write a copy of a mig33 MIDlet (JAD + JAR) whose compiled-in gateway is HOST:PORT.",
                    "Only string constants change; the JAD gets the new JAR's size and name. The originals are only read."})
    static final class Patch implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--jad", required = true, paramLabel = "IN.jad", description = "The original JAD.") Path jad;
        @Option(names = "--jar", paramLabel = "IN.jar",
                description = "The original JAR (default: the file the JAD's MIDlet-Jar-URL names, beside the JAD).")
        Path jar;
        @Option(names = "--host", required = true, paramLabel = "HOST",
                description = "The gateway's host name or IPv4 address, in place of gateway.mig33.com.") String host;
        @Option(names = "--port", paramLabel = "PORT", defaultValue = "9119",
                description = "The TCP port tried first (default: ${DEFAULT-VALUE}).") int port;
        @Option(names = "--fallback-port", paramLabel = "PORT", defaultValue = "25",
                description = "The TCP port tried when the first fails (default: ${DEFAULT-VALUE}, left as it is).")
        int fallbackPort;
        @Option(names = "--http-url", paramLabel = "URL",
                description = "The HTTP transport used when TCP fails, in place of http://gateway.mig33.com/"
                        + " (default: http://HOST:8080/).") String httpUrl;
        @Option(names = "--web-url", paramLabel = "URL",
                description = "Put URL in place of http://www.mig33.com/ in the MIDlet's web links (help, terms,"
                        + " language packs, username check) and in MIDlet-Install-Notify (default: leave them).")
        String webUrl;
        @Option(names = "--out", required = true, paramLabel = "DIR",
                description = "Where the patched JAD and JAR go, under the originals' names.") Path out;

        @Override
        public Integer call() throws IOException {
            MidletPatchResult result = MidletPatcher.patch(jad, jar,
                    new MidletPatchOptions(host, port, fallbackPort, httpUrl, webUrl), out);
            PrintWriter o = spec.commandLine().getOut();
            o.println("mig33 MIDlet " + result.version() + ": " + result.changes().size() + " strings changed");
            for (MidletPatchResult.Change change : result.changes()) {
                o.println("  " + change);
            }
            for (String note : result.notes()) {
                o.println("note: " + note);
            }
            o.println("wrote " + result.jad() + " and " + result.jar());
            o.flush();
            return 0;
        }
    }
}
