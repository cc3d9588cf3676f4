package dev.kefu.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    private static final Map<String, String> HOW = new LinkedHashMap<>();

    static {
        HOW.put("alpha", "How alpha is measured.");
        HOW.put("beta", "How beta is measured.");
        HOW.put("gamma", "How gamma is measured.");
    }

    private static Figure figure(String name, double value) {
        return new Figure(name, "ms", List.of(value, value, value), "base", List.of(1.0, 1.0, 1.0), new Target.None());
    }

    @Test
    void aRunOfSomeScenariosKeepsTheOthersRowsAndSectionsWithTheirRun() throws Exception {
        Path file = Files.createTempDirectory("report").resolve("benchmarks.md");
        Report full = new Report();
        full.add("alpha", figure("a1", 10));
        full.add("beta", figure("b1", 20));
        full.add("beta", figure("b2", 21));
        full.note("beta", "- beta note");
        full.write(file, new Machine("c0ffee1", "java 17", "full"), "bench/run", HOW, List.of("alpha", "beta", "gamma"));
        String first = Files.readString(file);
        assertThat(first).contains("| alpha | a1 (ms) |").contains("| beta | b2 (ms) |").contains("- beta note")
                .contains("| beta | ").doesNotContain("## gamma");

        Report only = new Report();
        only.add("beta", figure("b1", 30));
        only.add("gamma", figure("g1", 40));
        only.note("gamma", "- gamma note");
        only.write(file, new Machine("deadbee", "java 17", "--quick, --only beta,gamma"), "bench/run --only beta,gamma",
                HOW, List.of("beta", "gamma"));
        String second = Files.readString(file);

        // alpha kept verbatim with the run it came from; beta replaced (its b2 and its note gone); gamma added
        assertThat(second).contains("| alpha | a1 (ms) | 10.0 / 10.0 / 10.0 |")
                .contains("| beta | b1 (ms) | 30.0 / 30.0 / 30.0 |").doesNotContain("b2 (ms)")
                .doesNotContain("- beta note").contains("| gamma | g1 (ms) |").contains("- gamma note")
                .contains("## alpha\n\nHow alpha is measured.");
        assertThat(second).containsPattern("\\| alpha \\| [^|]+ \\| c0ffee1 \\| full \\|")
                .containsPattern("\\| beta \\| [^|]+ \\| deadbee \\| --quick, --only beta,gamma \\|")
                .containsPattern("\\| gamma \\| [^|]+ \\| deadbee \\|");
        assertThat(second.indexOf("| alpha | a1")).isLessThan(second.indexOf("| beta | b1"));
        assertThat(second.indexOf("| beta | b1")).isLessThan(second.indexOf("| gamma | g1"));

        // and once more: what was kept stays kept, still naming its own run
        Report again = new Report();
        again.add("gamma", figure("g1", 50));
        again.write(file, new Machine("1234567", "java 17", "--only gamma"), "bench/run --only gamma", HOW,
                List.of("gamma"));
        String third = Files.readString(file);
        assertThat(third).containsPattern("\\| alpha \\| [^|]+ \\| c0ffee1 \\| full \\|")
                .containsPattern("\\| beta \\| [^|]+ \\| deadbee \\|").contains("| beta | b1 (ms) | 30.0")
                .contains("| gamma | g1 (ms) | 50.0").doesNotContain("- gamma note");
    }

    @Test
    void aFullRunReplacesEverything() throws Exception {
        Path file = Files.createTempDirectory("report").resolve("benchmarks.md");
        Files.writeString(file, "| scenario | figure | Kefu runs | Kefu median | x |\n|---|\n| alpha | old (ms) | 1 |\n");
        Report full = new Report();
        full.add("beta", figure("b1", 20));
        full.write(file, new Machine("c0ffee1", "java 17", "full"), "bench/run", HOW, List.of("alpha", "beta", "gamma"));
        assertThat(Files.readString(file)).doesNotContain("old (ms)").contains("| beta | b1 (ms) |");
    }
}
