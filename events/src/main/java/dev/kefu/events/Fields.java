package dev.kefu.events;

/** Guards for record constructors: a record that reaches a consumer without its required fields is not processable. */
public final class Fields {

    private Fields() {
    }

    public static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }
}
