package dev.kefu.aftersales.cases;

import java.util.regex.Pattern;

/** TEMPORARY until platform's detector lands: money or favours for changing a review. */
final class ReviewBargain {

    private static final Pattern MONEY_FOR_REVIEW = Pattern.compile(
            "返现|红包|好评返|改好评.*(元|块|钱)|cash\\s*back|refund if you change", Pattern.CASE_INSENSITIVE);

    private ReviewBargain() {
    }

    static boolean offers(String text) {
        return text != null && MONEY_FOR_REVIEW.matcher(text).find();
    }
}
