package dev.kefu.events.inbound;

import dev.kefu.events.Fields;

import java.time.Instant;

/**
 * {@code csat.received}: the buyer answered the shop's satisfaction survey on the marketplace (a 1-5 score, 5 best).
 * {@code caseId} names the case the survey followed up when the platform knows it; otherwise the buyer's latest
 * resolved case takes it.
 */
public record MarketplaceCsatReceived(
        String shopId,
        String platform,
        String buyerId,
        String caseId,
        int score,
        String comment,
        Instant at) implements MarketplaceEvent {

    public MarketplaceCsatReceived {
        Fields.text(shopId, "shopId");
        Fields.text(platform, "platform");
        Fields.text(buyerId, "buyerId");
        Fields.present(at, "at");
        if (score < 1 || score > 5) {
            throw new IllegalArgumentException("score must be between 1 and 5");
        }
    }

    @Override
    public String key() {
        return buyerId;
    }
}
