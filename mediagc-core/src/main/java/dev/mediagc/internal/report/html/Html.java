package dev.mediagc.internal.report.html;

/** Escaping for text placed in an HTML page: keys and reasons are user data. */
final class Html {

    private Html() {
    }

    /** Text safe in element content and in a quoted attribute value. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * JSON text safe inside a {@code <script>} element: a {@code <} only ever occurs inside a JSON
     * string, where {@code \u003c} means the same, so no {@code </script>} or {@code <!--} can end
     * or bend the element.
     */
    static String scriptSafeJson(String json) {
        return json.replace("<", "\\u003c");
    }
}
