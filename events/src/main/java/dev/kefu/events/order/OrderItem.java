package dev.kefu.events.order;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.kefu.events.Fields;

import java.math.BigDecimal;

/** One line of an order: what the buyer bought. {@code sku} and {@code price} (per unit) are optional. */
public record OrderItem(
        String sku,
        String title,
        int quantity,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal price) {

    public OrderItem {
        Fields.text(title, "items[].title");
        if (quantity < 1) {
            throw new IllegalArgumentException("items[].quantity must be at least 1");
        }
    }
}
