package dev.kefu.gateway.composite;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Without {@code lang}, a summary is in the token's language when it names one, else in the shop's, else Chinese. */
class SummaryLanguageTest {

    @Test
    void theTokensLanguageThenTheShopsThenChinese() {
        assertThat(SummaryController.language("ko", "en")).isEqualTo("ko");
        assertThat(SummaryController.language("EN", "zh")).isEqualTo("en");
        assertThat(SummaryController.language(null, "ko")).isEqualTo("ko");
        assertThat(SummaryController.language("fr", "en")).isEqualTo("en");
        assertThat(SummaryController.language(null, "ja")).isEqualTo("zh");
    }
}
