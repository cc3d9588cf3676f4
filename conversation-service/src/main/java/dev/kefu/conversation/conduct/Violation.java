package dev.kefu.conversation.conduct;
import java.util.List;
public record Violation(Rule rule, List<String> matched) {}
