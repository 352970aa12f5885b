package alf.config;

/** A configuration key and where it was set ({@code file.conf:12}, or {@code --param ...}). */
public record KeyOrigin(String key, String location) {

    @Override
    public String toString() {
        return "'" + key + "' at " + location;
    }
}
