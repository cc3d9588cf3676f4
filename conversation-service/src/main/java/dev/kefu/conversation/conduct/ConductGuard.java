package dev.kefu.conversation.conduct;
import java.util.List;
public final class ConductGuard {
    public static ConductGuard standard() { return new ConductGuard(); }
    public List<Violation> check(String text) { return text.contains("好评返现") ? List.of(new Violation(Rule.PAID_REVIEW, List.of("好评返现"))) : List.of(); }
}
