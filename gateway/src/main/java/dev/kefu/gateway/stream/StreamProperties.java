package dev.kefu.gateway.stream;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code kefu.gateway.stream.*}: how far back a reconnecting client is resumed ({@code retention}, and at most
 * {@code per-shop} events of a shop), how often an idle stream gets a heartbeat comment, how many events may wait
 * for a slow client before its stream ends, how many streams one gateway instance holds, and how many events it keeps
 * over all shops ({@code max-retained}: the memory bound; past it the oldest go first).
 */
@ConfigurationProperties("kefu.gateway.stream")
record StreamProperties(boolean enabled, Duration retention, int perShop, Duration heartbeat, int queuePerStream,
                        int maxStreams, int maxRetained) {
}
