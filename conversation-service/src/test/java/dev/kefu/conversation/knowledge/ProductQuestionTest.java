package dev.kefu.conversation.knowledge;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProductQuestionTest {

    @Test
    void theFactAskedForIsFoundInChineseKoreanAndEnglish() {
        assertThat(ProductQuestion.asked("这个包是什么材质的？")).containsExactly(ProductQuestion.Fact.MATERIAL);
        assertThat(ProductQuestion.asked("이 가방 소재가 뭐예요?")).containsExactly(ProductQuestion.Fact.MATERIAL);
        assertThat(ProductQuestion.asked("What is it made of, and what size should I take?"))
                .containsExactly(ProductQuestion.Fact.MATERIAL, ProductQuestion.Fact.SIZES);
        assertThat(ProductQuestion.asked("可以机洗吗")).containsExactly(ProductQuestion.Fact.CARE);
        assertThat(ProductQuestion.asked("在吗")).isEmpty();
    }

    @Test
    void factsFallBackToChineseAndPromotionsAreValidOnlyInTheirWindow() {
        Product p = new Product("s:BAG-1", "s", "BAG-1", true,
                Map.of("zh", new Product.Facts("托特包", "头层牛皮", null, null, null)), null, "lead", Instant.EPOCH);
        assertThat(ProductQuestion.Fact.MATERIAL.of(p.factsIn("ko"))).isEqualTo("头层牛皮");
        assertThat(ProductQuestion.Fact.MATERIAL.nameIn("ko")).isEqualTo("소재");

        Promotion promo = new Promotion("s:p", "s", "p", Promotion.Kind.THRESHOLD_DISCOUNT, Map.of("zh", "满199减20"),
                Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-13T00:00:00Z"), "lead", Instant.EPOCH);
        assertThat(promo.validAt(Instant.parse("2026-12-12T23:59:59Z"))).isTrue();
        assertThat(promo.validAt(Instant.parse("2026-12-13T00:00:00Z"))).as("ends at validUntil").isFalse();
        assertThat(promo.validAt(Instant.parse("2026-11-30T23:59:59Z"))).isFalse();
        assertThat(promo.textIn("en")).isEqualTo("满199减20");
    }
}
