package dev.kefu.bench.simulate;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulateOptionsTest {

    @Test
    void defaultsReadTheDevstacksSecrets() throws Exception {
        SimulateOptions o = SimulateOptions.parse(new String[0], Map.of("KEFU_DATA_DIR", "/tmp/stack"));

        assertThat(o.gateway()).isEqualTo("http://127.0.0.1:8080");
        assertThat(o.secrets()).isEqualTo(Path.of("/tmp/stack/shops.properties"));
        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.seed()).isNull();
        assertThat(SimulateOptions.parse(new String[0], Map.of()).secrets())
                .isEqualTo(Path.of(".kefu-data/shops.properties"));
    }

    @Test
    void bothOptionFormsAndRepeatedShops() throws Exception {
        SimulateOptions o = SimulateOptions.parse(new String[] {"--gateway=http://127.0.0.1:14080/", "--shop", "a",
                "--shop=b", "--rate", "12.5", "--duration=PT2M", "--seed", "-3", "--concurrency", "4",
                "--progress", "bar"}, Map.of());

        assertThat(o.gateway()).isEqualTo("http://127.0.0.1:14080");
        assertThat(o.shopIds()).isEqualTo(List.of("a", "b"));
        assertThat(o.rate()).isEqualTo(12.5);
        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.seed()).isEqualTo(-3L);
        assertThat(o.concurrency()).isEqualTo(4);
        assertThat(o.bar()).isTrue();
    }

    @Test
    void shortDurations() throws Exception {
        assertThat(SimulateOptions.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(SimulateOptions.duration("20s")).isEqualTo(Duration.ofSeconds(20));
        assertThat(SimulateOptions.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(SimulateOptions.duration("PT5M")).isEqualTo(Duration.ofMinutes(5));
        for (String bad : List.of("", "5", "5x", "0s", "PT", "-5m", "PT-1S")) {
            assertThatThrownBy(() -> SimulateOptions.duration(bad)).as(bad)
                    .isInstanceOf(SimulateOptions.UsageException.class).hasMessageContaining("--duration");
        }
    }

    @Test
    void theLastProgressWins() throws Exception {
        // devstack/simulate passes its own guess first; the user's --progress comes after it.
        assertThat(SimulateOptions.parse(new String[] {"--progress", "bar", "--progress", "lines"}, Map.of()).bar())
                .isFalse();
    }
}
