package dev.kefu.order.order;

import java.util.List;

/** A fee change the shop's policy does not allow; names every rule that refused it. */
public class FeeChangeRefused extends RuntimeException {

    private final List<FeeChangePolicy.Refusal> refusals;

    public FeeChangeRefused(String detail, List<FeeChangePolicy.Refusal> refusals) {
        super(detail);
        this.refusals = List.copyOf(refusals);
    }

    public List<FeeChangePolicy.Refusal> refusals() {
        return refusals;
    }
}
