package dev.kefu.devstack;

import dev.kefu.platform.security.SecurityAutoConfiguration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shops the devstack's gateway accepts webhooks for, with their Standard Webhooks secrets, kept in
 * {@code <data>/shops.properties} as {@code shopId=whsec_<base64>} lines. The demo shops are always present; more are
 * added with {@code --add-shop=ID} or by editing the file while the stack is stopped (a line {@code shop-x=} with no
 * secret gets one generated at the next start).
 */
public final class ShopSecrets {

    public static final String DEMO_SHOP = "shop-demo";
    /** The second demo shop: exists so tenant isolation can be shown (its agents see nothing of shop-demo). */
    public static final String RIVAL_SHOP = "shop-rival";
    public static final List<String> DEMO_SHOPS = List.of(DEMO_SHOP, RIVAL_SHOP);

    public static final String PREFIX = "whsec_";
    static final String SHOP_ID_RULE = SecurityAutoConfiguration.SHOP_ID_RULE;
    private static final int SECRET_BYTES = 24;

    private static final String HEADER = """
            # Kefu devstack shops: shopId=webhook secret (Standard Webhooks, whsec_ + base64).
            # The gateway verifies POST /webhooks/{shopId} with the shop's secret. Edit while the stack is stopped;
            # a line "shop-x=" without a secret gets one generated at the next start. Or: devstack/run --add-shop=shop-x
            """;

    private final Path file;
    private final Map<String, String> secrets;
    private final SecureRandom random;
    private boolean dirty;

    private ShopSecrets(Path file, Map<String, String> secrets, SecureRandom random) {
        this.file = file;
        this.secrets = secrets;
        this.random = random;
    }

    public static boolean isValidShopId(String id) {
        return id != null && SecurityAutoConfiguration.SHOP_ID.matcher(id).matches();
    }

    static boolean isValidSecret(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() == PREFIX.length()) {
            return false;
        }
        try {
            Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static String newSecret(SecureRandom random) {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** Reads the file if it exists (an absent file is an empty list of shops). */
    public static ShopSecrets load(Path file, SecureRandom random) throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                    continue;
                }
                int eq = line.indexOf('=');
                String id = (eq < 0 ? line : line.substring(0, eq)).strip();
                String secret = eq < 0 ? "" : line.substring(eq + 1).strip();
                if (!isValidShopId(id)) {
                    problems.add("line " + (i + 1) + ": '" + id + "' is not a valid shop id (" + SHOP_ID_RULE + ")");
                } else if (!secret.isEmpty() && !isValidSecret(secret)) {
                    problems.add("line " + (i + 1) + ": the secret of " + id + " must be whsec_ followed by base64"
                            + " (or empty, to have one generated)");
                } else {
                    secrets.put(id, secret);
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(file + ":\n  " + String.join("\n  ", problems));
            }
        }
        ShopSecrets shops = new ShopSecrets(file, secrets, random);
        shops.dirty = !Files.exists(file);
        return shops;
    }

    /**
     * Makes sure the shop exists with a secret, generating one if needed.
     *
     * @return true if a secret was generated
     */
    public boolean ensure(String shopId) {
        if (!isValidShopId(shopId)) {
            throw new IllegalArgumentException("'" + shopId + "' is not a valid shop id (" + SHOP_ID_RULE + ")");
        }
        String existing = secrets.get(shopId);
        if (existing != null && !existing.isEmpty()) {
            return false;
        }
        secrets.put(shopId, newSecret(random));
        dirty = true;
        return true;
    }

    /** Every shop listed without a secret gets one. */
    public List<String> fillMissing() {
        List<String> generated = new ArrayList<>();
        for (String id : List.copyOf(secrets.keySet())) {
            if (ensure(id)) {
                generated.add(id);
            }
        }
        return generated;
    }

    /** Writes the file if anything changed, readable by its owner only where the file system allows. */
    public void saveIfChanged() throws IOException {
        if (!dirty) {
            return;
        }
        StringBuilder text = new StringBuilder(HEADER);
        secrets.forEach((id, secret) -> text.append(id).append('=').append(secret).append('\n'));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Secrets.ownerOnly(tmp);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        dirty = false;
    }

    /** Shop id to secret, in file order. */
    public Map<String, String> secrets() {
        return Collections.unmodifiableMap(secrets);
    }

    public String secret(String shopId) {
        return secrets.get(shopId);
    }

    public Path file() {
        return file;
    }
}
