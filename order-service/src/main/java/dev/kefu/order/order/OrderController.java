package dev.kefu.order.order;

import dev.kefu.platform.security.Agent;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Orders of the caller's shop only: another shop's order is "not found", never "forbidden". */
@RestController
@RequestMapping("/api/orders")
class OrderController {

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    @GetMapping
    Flux<Order.Snapshot> byBuyer(@AuthenticationPrincipal Jwt jwt, @RequestParam String buyerId) {
        return orders.ordersOf(Agent.of(jwt).shopId(), buyerId);
    }

    @GetMapping("/{orderId}")
    Mono<Order.Snapshot> one(@AuthenticationPrincipal Jwt jwt, @PathVariable String orderId) {
        return orders.order(Agent.of(jwt).shopId(), orderId)
                .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no order " + orderId)));
    }
}
