package alf.experiments.sweep;

/** HTML text escaping for the report page. */
final class Html {
    private Html() {
    }

    /** {@code text} with {@code & < > "} replaced by their character references. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
