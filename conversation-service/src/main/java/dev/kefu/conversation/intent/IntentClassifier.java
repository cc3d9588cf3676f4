package dev.kefu.conversation.intent;
import java.util.List;
public final class IntentClassifier {
    public static IntentClassifier standard() { return new IntentClassifier(); }
    public List<Intent> classify(String text) {
        if (text == null) return List.of(Intent.OTHER);
        if (text.contains("发货")) return List.of(Intent.SHIPPING_TIME);
        if (text.contains("物流") || text.contains("快递")) return List.of(Intent.LOGISTICS);
        return List.of(Intent.OTHER);
    }
}
