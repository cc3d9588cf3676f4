import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Pre-signs webhook requests for the wrk script (webhooks.lua): one line per request,
 * {@code webhook-id TAB webhook-timestamp TAB webhook-signature TAB body}, Standard Webhooks signing as in
 * events/.../WebhookSignature.java. A realistic mix of marketplace events, each with a unique webhook-id and its own
 * order (so records spread over the partitions); timestamp = now, so use the file within the 300 s tolerance.
 *
 *   java gateway/src/test/bench/WebhookRequests.java SECRET COUNT OUT_FILE
 *
 * Self-contained (JDK only) so a benchmark can run it without the build's class path.
 */
public class WebhookRequests {

    /** type, data template; %1$s order id, %2$s buyer id, %3$s ISO instant. Mostly payments, like a busy shop. */
    private static final String[][] MIX = {
            {"order.paid", "{\"platform\":\"taobao\",\"orderId\":\"%1$s\",\"buyerId\":\"%2$s\",\"amount\":\"199.00\","
                    + "\"currency\":\"CNY\",\"paidAt\":\"%3$s\"}"},
            {"order.created", "{\"platform\":\"taobao\",\"orderId\":\"%1$s\",\"buyerId\":\"%2$s\",\"totalAmount\":\"199.00\","
                    + "\"currency\":\"CNY\",\"createdAt\":\"%3$s\",\"shipBy\":\"%3$s\"}"},
            {"order.paid", "{\"platform\":\"tmall\",\"orderId\":\"%1$s\",\"buyerId\":\"%2$s\",\"amount\":\"59.90\","
                    + "\"currency\":\"CNY\",\"paidAt\":\"%3$s\"}"},
            {"order.paid", "{\"platform\":\"jd\",\"orderId\":\"%1$s\",\"buyerId\":\"%2$s\",\"amount\":\"1299.00\","
                    + "\"currency\":\"CNY\",\"paidAt\":\"%3$s\"}"},
    };

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java WebhookRequests.java SECRET COUNT OUT_FILE");
            System.exit(2);
        }
        String secret = args[0];
        int count = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        byte[] key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        Instant now = Instant.now();
        String timestamp = Long.toString(now.getEpochSecond());
        String iso = now.truncatedTo(ChronoUnit.SECONDS).toString();
        String run = Long.toString(System.nanoTime(), 36);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                String[] kind = MIX[i % MIX.length];
                String id = "msg_bench_" + run + "_" + i;
                String data = String.format(kind[1], "TB" + run + i, "tb_buyer_" + (i % 997), iso);
                String body = "{\"type\":\"" + kind[0] + "\",\"timestamp\":\"" + iso + "\",\"data\":" + data + "}";
                mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
                String signature = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
                w.write(id + "\t" + timestamp + "\t" + signature + "\t" + body + "\n");
            }
        }
    }
}
