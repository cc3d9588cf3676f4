package dev.kefu.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShopSecretsTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void secretsAreStandardWebhooksSecrets() {
        String secret = ShopSecrets.newSecret(random);
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(24);
        assertThat(ShopSecrets.newSecret(random)).isNotEqualTo(secret);
    }

    @Test
    void firstStartCreatesTheDemoShopsAndLaterStartsKeepTheirSecrets(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("shops.properties");
        ShopSecrets first = ShopSecrets.load(file, random);
        assertThat(first.secrets()).isEmpty();
        ShopSecrets.DEMO_SHOPS.forEach(first::ensure);
        first.saveIfChanged();
        assertThat(Files.readString(file)).startsWith("# Kefu devstack shops");

        ShopSecrets second = ShopSecrets.load(file, random);
        assertThat(second.secrets()).containsOnlyKeys("shop-demo", "shop-rival");
        assertThat(second.ensure("shop-demo")).isFalse();
        assertThat(second.secrets()).isEqualTo(first.secrets());
    }

    @Test
    void addingAShopGeneratesAndStoresItsSecret(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("shops.properties");
        ShopSecrets shops = ShopSecrets.load(file, random);
        ShopSecrets.DEMO_SHOPS.forEach(shops::ensure);
        assertThat(shops.ensure("shop-acme")).isTrue();
        shops.saveIfChanged();

        ShopSecrets reloaded = ShopSecrets.load(file, random);
        assertThat(reloaded.secrets().keySet()).containsExactly("shop-demo", "shop-rival", "shop-acme");
        assertThat(reloaded.secret("shop-acme")).isEqualTo(shops.secret("shop-acme")).startsWith("whsec_");
        assertThatThrownBy(() -> reloaded.ensure("Shop Acme")).hasMessageContaining("not a valid shop id");
    }

    @Test
    void handEditedLinesAreReadAndEmptySecretsFilledIn(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("shops.properties");
        String own = "whsec_" + Base64.getEncoder().encodeToString("my own secret bytes 0123".getBytes());
        Files.writeString(file, """
                # mine
                shop-demo = %s

                shop-new=
                """.formatted(own));
        ShopSecrets shops = ShopSecrets.load(file, random);
        assertThat(shops.secret("shop-demo")).isEqualTo(own);
        assertThat(shops.fillMissing()).containsExactly("shop-new");
        assertThat(shops.secret("shop-new")).startsWith("whsec_");
        shops.saveIfChanged();
        assertThat(ShopSecrets.load(file, random).secret("shop-new")).isEqualTo(shops.secret("shop-new"));
    }

    @Test
    void badLinesAreReportedWithTheirNumbers(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("shops.properties");
        Files.writeString(file, "shop-demo=whsec_AAAA\nBad_Id=whsec_AAAA\nshop-x=plaintext\n");
        assertThatThrownBy(() -> ShopSecrets.load(file, random))
                .hasMessageContaining("line 2: 'Bad_Id' is not a valid shop id")
                .hasMessageContaining("line 3: the secret of shop-x must be whsec_");
    }

    @Test
    void unchangedShopsAreNotRewritten(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("shops.properties");
        Files.writeString(file, "# my comment survives\nshop-demo=whsec_AAAA\nshop-rival=whsec_BBBB\n");
        ShopSecrets shops = ShopSecrets.load(file, random);
        ShopSecrets.DEMO_SHOPS.forEach(shops::ensure);
        shops.saveIfChanged();
        assertThat(Files.readString(file)).startsWith("# my comment survives");
    }

    @Test
    void shopIds() {
        assertThat(ShopSecrets.isValidShopId("shop-demo")).isTrue();
        assertThat(ShopSecrets.isValidShopId("tmall-42")).isTrue();
        assertThat(ShopSecrets.isValidShopId("-shop")).isFalse();
        assertThat(ShopSecrets.isValidShopId("shop.demo")).isFalse();
        assertThat(ShopSecrets.isValidShopId("")).isFalse();
        assertThat(ShopSecrets.isValidShopId("a".repeat(65))).isFalse();
    }
}
