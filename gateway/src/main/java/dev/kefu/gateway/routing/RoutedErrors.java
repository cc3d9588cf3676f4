package dev.kefu.gateway.routing;

import dev.kefu.gateway.web.ProblemResponses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * A routed call ({@code /api/orders...} to order-service and so on) whose service cannot answer gets problem details
 * saying which and whether to retry, instead of a bare 500: {@code 503} with {@code Retry-After} when the service
 * cannot be reached (down, restarting), {@code 504} when it took longer than the response timeout, {@code 502} when
 * it broke the connection or answered something unreadable. An answer the service did give passes through as it is.
 * Internal addresses are never named, only the route.
 */
@Component
class RoutedErrors implements GlobalFilter, Ordered {

    static final String RETRY_AFTER_SECONDS = "5";

    private final ProblemResponses problems;
    private final MeterRegistry registry;
    /** By "route status": routes are the gateway's configured few, statuses three. */
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();

    RoutedErrors(ProblemResponses problems, MeterRegistry registry) {
        this.problems = problems;
        this.registry = registry;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange).onErrorResume(e -> {
            HttpStatus status = statusOf(e);
            if (status == null || exchange.getResponse().isCommitted()) {
                return Mono.error(e);
            }
            Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
            String service = route == null ? "the service" : "the " + route.getId() + " service";
            String routeId = route == null ? "unknown" : route.getId();
            failures.computeIfAbsent(routeId + " " + status.value(),
                    key -> Counter.builder("kefu.gateway.routed.failures")
                            .tag("route", routeId)
                            .tag("status", Integer.toString(status.value()))
                            .description("Routed agent API calls answered by the gateway because the service could not")
                            .register(registry)).increment();
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, switch (status) {
                case SERVICE_UNAVAILABLE -> service + " cannot be reached (down or restarting); retry later";
                case GATEWAY_TIMEOUT -> service + " did not answer in time; the request may or may not have been "
                        + "carried out, so retry only what is safe to repeat";
                default -> service + " broke off or sent an unreadable answer";
            });
            if (route != null) {
                problem.setProperty("route", route.getId());
            }
            return problems.write(exchange, problem, h -> {
                if (status == HttpStatus.SERVICE_UNAVAILABLE) {
                    h.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
                }
            });
        });
    }

    /** What the failure of a routed call means for the caller; null for anything that is not the service's doing. */
    static HttpStatus statusOf(Throwable e) {
        if (e instanceof ResponseStatusException rse && rse.getStatusCode().value() == 504) {
            return HttpStatus.GATEWAY_TIMEOUT; // the route's response timeout
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                    || cause instanceof UnknownHostException) {
                return HttpStatus.SERVICE_UNAVAILABLE; // includes Netty's connect timeout, a ConnectException
            }
            if (cause instanceof TimeoutException) {
                return HttpStatus.GATEWAY_TIMEOUT;
            }
            if (cause instanceof IOException) {
                return HttpStatus.BAD_GATEWAY; // reset, premature close, unreadable response
            }
        }
        return null;
    }
}
