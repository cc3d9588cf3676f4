package dev.kefu.gateway.stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamPositionTest {

    @Test
    void aPositionIsItsOwnTextAndOnlyAPositionOfTheSameLayoutParses() {
        StreamPosition position = StreamPosition.start(3).after(0, 35).after(2, 1_000_000);
        assertThat(position.text()).isEqualTo("v1.z.-.lfls");
        assertThat(StreamPosition.parse(position.text(), 3)).isEqualTo(position);
        assertThat(StreamPosition.parse(position.text(), 4)).isNull();
        for (String bad : new String[] {"", "v2.z.-.lfls", "v1.z.-", "v1.z.-.!", "v1.z.-.-2", "1234", "v1..-.z"}) {
            assertThat(StreamPosition.parse(bad, 3)).as(bad).isNull();
        }
        assertThat(StreamPosition.parse("v1." + "z".repeat(200) + ".-.-", 3)).isNull();
    }

    @Test
    void anEventIsPastAPositionOnlyAfterItsOffsetOnItsPartitionAndMergeTakesTheLaterOfEach() {
        StreamPosition position = StreamPosition.start(2).after(0, 5);
        assertThat(position.isBefore(0, 5)).isFalse();
        assertThat(position.isBefore(0, 6)).isTrue();
        assertThat(position.isBefore(1, 0)).isTrue();
        StreamPosition other = StreamPosition.start(2).after(0, 3).after(1, 9);
        assertThat(position.merge(other)).isEqualTo(StreamPosition.start(2).after(0, 5).after(1, 9));
        assertThat(position.after(0, 2)).as("never goes back").isEqualTo(position);
    }
}
