package dev.kefu.events.inbound;

final class Ratings {

    private Ratings() {
    }

    static void check(int rating) {
        if (rating < 1 || rating > 5) {
            throw new IllegalArgumentException("rating must be 1-5");
        }
    }
}
