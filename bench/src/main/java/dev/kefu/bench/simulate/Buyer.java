package dev.kefu.bench.simulate;

/** A simulated buyer of one shop; writes in one language across all their orders. */
record Buyer(String shopId, String id, BuyerLines.Language language) {
}
