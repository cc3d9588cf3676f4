package dev.kefu.order.order;

import dev.kefu.platform.security.Agent;
import dev.kefu.platform.web.Requests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Orders of the caller's shop only: another shop's order is "not found", never "forbidden". */
@RestController
@RequestMapping("/api/orders")
class OrderController {

    /** Roles whose request is a supervisor's approval (改价 beyond an agent's limit). */
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    static final int MAX_IDEMPOTENCY_KEY = 255;
    /** Money as the events carry it: a decimal with at most 4 places ({@code "189.00"}); a sign is judged by policy. */
    private static final Pattern AMOUNT = Pattern.compile("-?[0-9]{1,12}(\\.[0-9]{1,4})?");
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]+");

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    /** A buyer's orders in the caller's shop, newest first. */
    @GetMapping
    Flux<Order.Snapshot> byBuyer(@AuthenticationPrincipal Jwt jwt, @RequestParam String buyerId,
                                 @Parameter(description = "at most this many orders, newest first (1-" + MAX_LIMIT + ")")
                                 @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit) {
        Requests.check().rule(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT)
                .orThrow();
        return orders.ordersOf(Agent.of(jwt).shopId(), buyerId, limit);
    }

    /** The shop's open orders with a reported shipment delay, longest paid first: the apology list. */
    @GetMapping(params = "delayed")
    Flux<Order.Snapshot> delayed(@AuthenticationPrincipal Jwt jwt, @RequestParam boolean delayed,
                                 @Parameter(description = "at most this many orders (1-" + MAX_LIMIT + ")")
                                 @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit) {
        Requests.check().rule(delayed, "delayed", "only true is supported")
                .rule(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT).orThrow();
        return orders.delayed(Agent.of(jwt).shopId(), limit);
    }

    @GetMapping("/{orderId}")
    Mono<Order.Snapshot> one(@AuthenticationPrincipal Jwt jwt, @PathVariable String orderId) {
        return orders.order(Agent.of(jwt).shopId(), orderId).switchIfEmpty(notFound(orderId));
    }

    /**
     * 改价: asks the marketplace to change an unpaid order's total (and optionally its shipping fee), within the
     * shop's fee policy. The change is published as {@code order-fee-change-requested} and waits on the order as
     * {@code REQUESTED} until the marketplace confirms it with {@code order.fee-modified}.
     */
    @Operation(summary = "Request a price or shipping-fee change (改价) of an unpaid order",
            description = """
                    The discount (current total, or the total at creation if higher, minus newTotal) is limited by the \
                    shop's fee policy: an agent may give at most agentMaxDiscount, a supervisor or admin (whose request \
                    is the approval, recorded as approvedBy) at most supervisorMaxDiscount, nobody more than \
                    maxDiscountPercent% of the total. A price increase needs no approval. Every refusal by a rule is \
                    422 with errors [{field, reason: "<rule>: <why>"}]; rules: positive-total, \
                    shipping-fee-not-negative, shipping-fee-within-total, no-change, agent-max-discount, \
                    supervisor-max-discount, max-discount-percent, idempotency-key-reused. A retry with the same \
                    Idempotency-Key answers the same change (header Idempotent-Replayed: true) and publishes nothing.""")
    @ApiResponse(responseCode = "202", description = "accepted: published to the integration; the change is REQUESTED")
    @ApiResponse(responseCode = "400", description = "a field is missing or malformed (errors name each)")
    @ApiResponse(responseCode = "404", description = "no such order in the caller's shop")
    @ApiResponse(responseCode = "409", description = "the order is not unpaid and open (orderStatus names its state)")
    @ApiResponse(responseCode = "422", description = "refused by the fee policy (errors name the field and the rule)")
    @PostMapping("/{orderId}/fee-changes")
    Mono<ResponseEntity<FeeChange>> requestFeeChange(
            @AuthenticationPrincipal Jwt jwt, @PathVariable String orderId,
            @Parameter(description = "makes retries safe: the same key answers the same change, once per order")
            @RequestHeader(name = OrderService.FeeChangeCommand.IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @RequestBody FeeChangeBody body) {
        Requests check = Requests.check();
        BigDecimal newTotal = amount(check, "newTotal", body.newTotal(), true);
        BigDecimal shippingFee = amount(check, "shippingFee", body.shippingFee(), false);
        String reason = check.requiredText("reason", body.reason());
        String key = idempotencyKey == null || idempotencyKey.isEmpty() ? null : idempotencyKey;
        check.rule(key == null || (key.length() <= MAX_IDEMPOTENCY_KEY && KEY.matcher(key).matches()),
                OrderService.FeeChangeCommand.IDEMPOTENCY_KEY,
                "must be 1-" + MAX_IDEMPOTENCY_KEY + " printable characters without spaces, e.g. a UUID");
        check.orThrow();
        Agent agent = Agent.of(jwt);
        boolean supervisor = agent.isSupervisor();
        return orders.requestFeeChange(agent.shopId(), orderId, new OrderService.FeeChangeCommand(newTotal,
                        shippingFee, reason, agent.agentId(), supervisor, key))
                .map(outcome -> {
                    ResponseEntity.BodyBuilder accepted = ResponseEntity.accepted();
                    if (outcome.replayed()) {
                        accepted.header("Idempotent-Replayed", "true");
                    }
                    return accepted.body(outcome.change());
                })
                .switchIfEmpty(notFound(orderId));
    }

    /**
     * A fee change as the desk asks for it: amounts as decimal strings, {@code shippingFee} optional.
     *
     * @param newTotal    the order's new total, e.g. {@code "189.00"}
     * @param shippingFee the shipping fee included in it, e.g. {@code "0.00"} for 包邮 (optional)
     * @param reason      why, for the record and the supervisor (required, at most {@value Requests#MAX_TEXT} characters)
     */
    record FeeChangeBody(String newTotal, String shippingFee, String reason) {
    }

    private static BigDecimal amount(Requests check, String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                check.add(field, "is required");
            }
            return null;
        }
        if (!AMOUNT.matcher(value.strip()).matches()) {
            check.add(field, "is not a decimal amount like 189.00 (at most 4 decimal places)");
            return null;
        }
        return new BigDecimal(value.strip());
    }

    private static <T> Mono<T> notFound(String orderId) {
        return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no order " + orderId));
    }
}
