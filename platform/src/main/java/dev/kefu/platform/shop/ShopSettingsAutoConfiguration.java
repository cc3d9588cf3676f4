package dev.kefu.platform.shop;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Every service binds the shops' settings ({@code kefu.shops.*}) the same way. */
@AutoConfiguration
@EnableConfigurationProperties(ShopSettings.class)
public class ShopSettingsAutoConfiguration {
}
