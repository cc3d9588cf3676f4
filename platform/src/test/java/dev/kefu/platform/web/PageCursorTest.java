package dev.kefu.platform.web;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageCursorTest {

    @Test
    void aCursorReadsBackItsValuesAndIsUrlSafe() {
        Instant at = Instant.parse("2026-11-23T08:15:30.123456Z");
        String text = PageCursor.of("c1", "3", PageCursor.text(at), PageCursor.text(null), "shop:CS-1|x").text();

        assertThat(text).matches("[A-Za-z0-9_-]+");
        PageCursor read = PageCursor.parse("c1", 4, text);
        assertThat(read.integer(0)).isEqualTo(3);
        assertThat(read.instant(1)).isEqualTo(at);
        assertThat(read.instant(2)).isNull();
        assertThat(read.value(3)).isEqualTo("shop:CS-1|x");
    }

    @Test
    void anythingButACursorOfTheSameListIsRefused() {
        String other = PageCursor.of("r1", "2026-11-23T00:00:00Z", "id").text();
        for (String bad : List.of(other, "not base64!", "", "x".repeat(2000),
                encode("c1|2026-11-23T00:00:00Z"), encode("c1|2026-11-23T00:00:00Z|"))) {
            assertThatThrownBy(() -> PageCursor.parse("c1", 2, bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("is not a cursor of this list");
        }
        assertThatThrownBy(() -> PageCursor.parse("c1", 2, encode("c1|yesterday|id")).instant(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRequestNamesTheCursorAndEveryUnknownValueOfAList() {
        Requests check = Requests.check();
        Instant read = check.cursor("cursor", encode("c1|yesterday|id"), text -> PageCursor.parse("c1", 2, text).instant(0));
        Set<Thread.State> states = check.someOf("state", "new, RUNNABLE,,sleeping", Thread.State.class);

        assertThat(read).isNull();
        assertThat(states).containsExactly(Thread.State.NEW, Thread.State.RUNNABLE);
        assertThatThrownBy(check::orThrow).isInstanceOfSatisfying(InvalidRequestException.class, e ->
                assertThat(e.errors()).extracting(InvalidRequestException.FieldError::field)
                        .containsExactly("cursor", "state", "state"));
    }

    private static String encode(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }
}
