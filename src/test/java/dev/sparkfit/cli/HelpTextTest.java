package dev.sparkfit.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command's --help lists each of its options once (arg groups shared through mixins included). */
class HelpTextTest {

    private static final Pattern OPTION_LINE = Pattern.compile("^  (?:-\\w, |    )(--[\\w-]+)", Pattern.MULTILINE);

    @Test
    void eachOptionIsListedOnceInEveryCommandsHelp() {
        CommandLine root = new CommandLine(new Main());
        List<String> repeated = new ArrayList<>();
        for (String name : root.getSubcommands().keySet()) {
            StringWriter text = new StringWriter();
            int code = Main.run(new String[] {name, "--help"}, new PrintWriter(text), new PrintWriter(new StringWriter()));
            assertEquals(0, code, name + " --help");
            Set<String> seen = new HashSet<>();
            Matcher m = OPTION_LINE.matcher(text.toString());
            int options = 0;
            while (m.find()) {
                options++;
                if (!seen.add(m.group(1))) {
                    repeated.add(name + " " + m.group(1));
                }
            }
            assertTrue(options > 2, name + " --help lists options: " + text);
        }
        assertEquals(List.of(), repeated, "options listed more than once");
    }

    @Test
    void predictAndEvaluateStillRequireExactlyOneInput() {
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"evaluate", "--model", "m", "--input", "a.csv", "--input-table", "t"},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(ExitCodes.USAGE, code);
        assertTrue(err.toString().contains("mutually exclusive"), err.toString());
    }
}
