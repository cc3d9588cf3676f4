package dev.kefu.order.order;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A shop's 改价 limits, and the rules a requested change is judged by. The seeds' script is "the price is the price,
 * offer a shipping discount instead": an agent may give a little, a supervisor more, nobody a large share.
 * <ul>
 *   <li>{@value #POSITIVE_TOTAL}: the new total is more than 0.</li>
 *   <li>{@value #SHIPPING_FEE_NOT_NEGATIVE}, {@value #SHIPPING_FEE_WITHIN_TOTAL}: a shipping fee, when given, is
 *       between 0 and the new total.</li>
 *   <li>{@value #NO_CHANGE}: the change changes something (another total, or a shipping fee).</li>
 *   <li>A price increase needs nobody's approval. A decrease is a discount, measured from the current total or, if
 *       higher, the total at creation (so a chain of small changes cannot add up to more than one could give):
 *       {@value #AGENT_MAX_DISCOUNT} (an agent gives at most {@code agentMaxDiscount}; a supervisor or admin
 *       approves more by making the request), {@value #SUPERVISOR_MAX_DISCOUNT} (at most
 *       {@code supervisorMaxDiscount}), {@value #MAX_DISCOUNT_PERCENT} (nobody more than {@code maxDiscountPercent}%
 *       of that total).</li>
 * </ul>
 */
public record FeeChangePolicy(BigDecimal agentMaxDiscount, BigDecimal supervisorMaxDiscount, int maxDiscountPercent) {

    public static final String POSITIVE_TOTAL = "positive-total";
    public static final String SHIPPING_FEE_NOT_NEGATIVE = "shipping-fee-not-negative";
    public static final String SHIPPING_FEE_WITHIN_TOTAL = "shipping-fee-within-total";
    public static final String NO_CHANGE = "no-change";
    public static final String AGENT_MAX_DISCOUNT = "agent-max-discount";
    public static final String SUPERVISOR_MAX_DISCOUNT = "supervisor-max-discount";
    public static final String MAX_DISCOUNT_PERCENT = "max-discount-percent";

    static final String NEW_TOTAL = "newTotal";
    static final String SHIPPING_FEE = "shippingFee";

    /** One rule that refused a change: the request field it is about, the rule's id, and why in words. */
    public record Refusal(String field, String rule, String explanation) {

        /** {@code "<rule>: <explanation>"}, as problem details show it. */
        public String reason() {
            return rule + ": " + explanation;
        }
    }

    /**
     * The rules' verdict on one change: what refused it (nothing: allowed), the discount it gives (0 for none), and
     * whether it needs a supervisor's authority (a supervisor asking for it is that approval).
     */
    public record Verdict(List<Refusal> refusals, BigDecimal discount, boolean needsSupervisor, String detail) {

        public boolean allowed() {
            return refusals.isEmpty();
        }
    }

    public FeeChangePolicy {
        if (agentMaxDiscount == null || supervisorMaxDiscount == null || agentMaxDiscount.signum() < 0
                || supervisorMaxDiscount.signum() < 0 || maxDiscountPercent < 0 || maxDiscountPercent > 100) {
            throw new IllegalArgumentException("fee policy needs non-negative limits and a percentage of 0-100");
        }
    }

    /**
     * Judges lowering or raising an order's total from {@code currentTotal} (and {@code totalAtCreation}, null if
     * unknown) to {@code newTotal}, with an optional new {@code shippingFee}, asked for by an agent or, when
     * {@code supervisor}, by a supervisor or admin.
     */
    public Verdict judge(BigDecimal currentTotal, BigDecimal totalAtCreation, BigDecimal newTotal,
                         BigDecimal shippingFee, boolean supervisor) {
        List<Refusal> refusals = new ArrayList<>();
        if (newTotal.signum() <= 0) {
            refusals.add(new Refusal(NEW_TOTAL, POSITIVE_TOTAL, "the new total must be more than 0"));
        }
        if (shippingFee != null && shippingFee.signum() < 0) {
            refusals.add(new Refusal(SHIPPING_FEE, SHIPPING_FEE_NOT_NEGATIVE, "the shipping fee cannot be negative"));
        } else if (shippingFee != null && shippingFee.compareTo(newTotal) > 0) {
            refusals.add(new Refusal(SHIPPING_FEE, SHIPPING_FEE_WITHIN_TOTAL,
                    "the shipping fee cannot be more than the new total " + money(newTotal)));
        }
        if (newTotal.compareTo(currentTotal) == 0 && shippingFee == null) {
            refusals.add(new Refusal(NEW_TOTAL, NO_CHANGE,
                    "the new total is the current total " + money(currentTotal) + " and no shipping fee is given"));
        }
        if (newTotal.compareTo(currentTotal) >= 0 || newTotal.signum() <= 0) {
            // a price increase (or no change of the total) gives nothing away: nobody needs to approve it
            return new Verdict(List.copyOf(refusals), BigDecimal.ZERO, false,
                    "the total goes from " + money(currentTotal) + " to " + money(newTotal));
        }
        boolean fromCreation = totalAtCreation != null && totalAtCreation.compareTo(currentTotal) > 0;
        BigDecimal reference = fromCreation ? totalAtCreation : currentTotal;
        BigDecimal discount = reference.subtract(newTotal);
        BigDecimal supervisorLimit = supervisorMaxDiscount.max(agentMaxDiscount);
        boolean needsSupervisor = discount.compareTo(agentMaxDiscount) > 0;
        if (needsSupervisor && !supervisor) {
            refusals.add(new Refusal(NEW_TOTAL, AGENT_MAX_DISCOUNT, "an agent may lower the total by at most "
                    + money(agentMaxDiscount) + "; a supervisor may approve up to " + money(supervisorLimit)));
        } else if (supervisor && discount.compareTo(supervisorLimit) > 0) {
            refusals.add(new Refusal(NEW_TOTAL, SUPERVISOR_MAX_DISCOUNT,
                    "a supervisor may lower the total by at most " + money(supervisorLimit)));
        }
        BigDecimal percentLimit = reference.multiply(BigDecimal.valueOf(maxDiscountPercent)).movePointLeft(2);
        if (discount.compareTo(percentLimit) > 0) {
            refusals.add(new Refusal(NEW_TOTAL, MAX_DISCOUNT_PERCENT, "nobody may lower the total by more than "
                    + maxDiscountPercent + "% of " + money(reference) + " (" + money(percentLimit) + ")"));
        }
        String from = fromCreation
                ? money(reference) + " (the total at creation; it is " + money(currentTotal) + " now)"
                : money(currentTotal);
        return new Verdict(List.copyOf(refusals), discount, needsSupervisor,
                "lowering the total from " + from + " to " + money(newTotal) + " is a discount of " + money(discount));
    }

    /** An amount as money is written: at least two decimals, never an exponent ({@code 100} → {@code 100.00}). */
    static String money(BigDecimal amount) {
        return amount.setScale(Math.max(2, amount.stripTrailingZeros().scale()), RoundingMode.UNNECESSARY)
                .toPlainString();
    }
}
