package dev.kefu.order.delay;

import dev.kefu.order.order.OrderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;

/** Periodically looks for late shipments so customer service can apologise before the buyer asks. */
@Component
class DelayWatch {

    private static final Logger log = LoggerFactory.getLogger(DelayWatch.class);

    private final OrderService orders;
    private final Duration stallAfter;

    DelayWatch(OrderService orders, @Value("${kefu.orders.tracking-stall-after}") Duration stallAfter) {
        this.orders = orders;
        this.stallAfter = stallAfter;
    }

    @Scheduled(fixedDelayString = "${kefu.orders.delay-check-interval}", initialDelayString = "PT10S")
    void check() {
        Long reported = orders.checkDelays(stallAfter)
                .onErrorResume(e -> {
                    log.warn("delay check failed, will retry: {}", e.toString());
                    return Mono.just(0L);
                })
                .block(Duration.ofMinutes(1));
        if (reported != null && reported > 0) {
            log.info("reported {} delayed shipments", reported);
        }
    }
}
