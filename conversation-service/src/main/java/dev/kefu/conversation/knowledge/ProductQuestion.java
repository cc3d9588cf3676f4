package dev.kefu.conversation.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Which fact of a product a buyer asks about, from the words of the seeds' pre-sale questions (材质 / 소재 / made of,
 * 尺码 / 사이즈 / size, 洗 / 세탁 / wash, 发货 / 배송 / ship), in the order they appear in the table.
 */
public final class ProductQuestion {

    /** A fact, its name per language (as the reply names it), and the words that ask for it. */
    public enum Fact {
        MATERIAL(Product.Facts::material, Map.of("zh", "材质", "ko", "소재", "en", "material"),
                List.of("材质", "面料", "材料", "什么做的", "什么料", "纯棉", "真皮", "소재", "재질", "원단", "material",
                        "made of", "fabric", "leather", "cotton")),
        SIZES(Product.Facts::sizes, Map.of("zh", "尺码", "ko", "사이즈", "en", "sizes"),
                List.of("尺码", "尺寸", "码数", "大码", "多大", "多长", "사이즈", "치수", "size", "fit", "how big")),
        CARE(Product.Facts::care, Map.of("zh", "保养方法", "ko", "관리 방법", "en", "care"),
                List.of("洗", "保养", "清洗", "세탁", "관리", "wash", "care", "clean")),
        SHIPPING_TIME(Product.Facts::shippingTime, Map.of("zh", "发货时间", "ko", "배송 기간", "en", "shipping time"),
                List.of("发货", "几天到", "多久到", "배송", "언제 와", "ship", "deliver"));

        private final Function<Product.Facts, String> value;
        private final Map<String, String> names;
        private final List<String> words;

        Fact(Function<Product.Facts, String> value, Map<String, String> names, List<String> words) {
            this.value = value;
            this.names = names;
            this.words = words;
        }

        public String of(Product.Facts facts) {
            return facts == null ? null : value.apply(facts);
        }

        public String nameIn(String language) {
            return names.getOrDefault(language, names.get("zh"));
        }
    }

    private ProductQuestion() {
    }

    /** The facts the text asks about; none when it names none of them. */
    public static List<Fact> asked(String text) {
        String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
        List<Fact> asked = new ArrayList<>();
        for (Fact fact : Fact.values()) {
            if (fact.words.stream().anyMatch(lower::contains)) {
                asked.add(fact);
            }
        }
        return asked;
    }
}
