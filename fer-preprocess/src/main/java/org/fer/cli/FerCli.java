package org.fer.cli;

import org.fer.core.FerException;
import org.fer.io.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.ServiceLoader;

/** The {@code fer} command: sub-commands come from every {@link CommandProvider} on the class path. */
@Command(name = "fer", mixinStandardHelpOptions = true, version = "fer " + Provenance.TOOL_VERSION,
        description = "Facial emotion recognition on FER2013: preprocessing, features, classic and deep models, live video.",
        footer = "%nAdd --debug to any command to see stack traces.")
public final class FerCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = execute(args);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line and returns its exit code (0 ok, 1 internal error, 2 usage or input error). */
    public static int execute(String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        String[] rest = Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
        CommandLine cl = commandLine();
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (debug) ex.printStackTrace();
            if (ex instanceof FerException || ex instanceof UncheckedIOException || ex instanceof IllegalArgumentException) {
                System.err.println("fer " + line.getCommandName() + ": error: " + ex.getMessage());
                return 2;
            }
            System.err.println("fer " + line.getCommandName() + ": internal error: " + ex
                    + (debug ? "" : " (run again with --debug for the stack trace)"));
            return 1;
        });
        return cl.execute(rest);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FerCli());
        for (CommandProvider p : ServiceLoader.load(CommandProvider.class))
            for (Object c : p.commands()) cl.addSubcommand(c);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }
}
