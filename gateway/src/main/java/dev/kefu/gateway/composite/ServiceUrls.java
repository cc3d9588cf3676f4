package dev.kefu.gateway.composite;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where each service answers ({@code kefu.services.*}); in Kubernetes these are the Service names. */
@ConfigurationProperties("kefu.services")
public record ServiceUrls(String order, String conversation, String aftersales, String review) {
}
