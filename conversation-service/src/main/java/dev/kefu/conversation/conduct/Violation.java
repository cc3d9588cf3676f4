package dev.kefu.conversation.conduct;

import java.util.List;

/**
 * A broken rule and the exact substrings of the reply that broke it, in text order.
 *
 * @param rule    the rule
 * @param matched the substrings of the reply (as written, e.g. full-width digits stay full-width)
 */
public record Violation(Rule rule, List<String> matched) {

    public Violation {
        matched = List.copyOf(matched);
    }
}
