package dev.kefu.events.inbound;

import dev.kefu.events.KefuEvent;

/**
 * Canonical, platform-neutral marketplace input (Taobao-TMC-shaped). The gateway writes {@code shopId} from the
 * signed webhook URL; {@code platform} names the marketplace (taobao, tmall, jd, shopify, amazon...);
 * {@code buyerId} is the platform's opaque buyer id, never a phone number.
 */
public interface MarketplaceEvent extends KefuEvent {

    String platform();

    String buyerId();
}
