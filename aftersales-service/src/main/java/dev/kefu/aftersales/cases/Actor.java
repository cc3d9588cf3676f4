package dev.kefu.aftersales.cases;

/** Who acts on a case: an agent, or a supervisor who may decide what exceeds an agent's authority. */
public record Actor(String agentId, boolean supervisor) {
}
