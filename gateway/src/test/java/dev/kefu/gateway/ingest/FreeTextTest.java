package dev.kefu.gateway.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FreeTextTest {

    @Test
    void controlCharactersAreRemovedFromFreeTextButLinesAndTabsStay() {
        assertThat(FreeText.clean("你好\u0000\u001b[31m在吗\r\n\t请回复\u007f\u0085\u202e"))
                .isEqualTo("你好[31m在吗\n\t请回复");
        assertThat(FreeText.clean("emoji 😀 stays, a lone \ud800 surrogate does not"))
                .isEqualTo("emoji 😀 stays, a lone  surrogate does not");
        String clean = "完全正常的一句话 with no phone";
        assertThat(FreeText.clean(clean)).isSameAs(clean);
    }
}
