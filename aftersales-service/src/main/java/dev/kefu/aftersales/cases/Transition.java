package dev.kefu.aftersales.cases;

import java.time.Instant;

/**
 * One entry of a case's history: who moved it from which status to which, by what action, when and why. {@code by} is
 * an agent id, {@code "buyer"}, {@code "kefu"} or {@code "marketplace"}; {@code why} is the reason given (a
 * rejection's, a reopening's, the marketplace's refund step), optional.
 */
public record Transition(CaseStatus from, CaseStatus to, CaseAction action, String by, Instant at, String why) {
}
