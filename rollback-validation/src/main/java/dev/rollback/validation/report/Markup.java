package dev.rollback.validation.report;

/** Escaping shared by the XML and HTML reports: any string is safe as element text or a quoted attribute. */
final class Markup {
    private Markup() {}

    /**
     * {@code s} with {@code & < > " '} escaped and the characters XML 1.0 cannot carry (control characters other
     * than tab, newline and carriage return, lone surrogates, U+FFFE, U+FFFF) replaced by U+FFFD.
     */
    static String text(String s) {
        return escape(s, false);
    }

    /** Like {@link #text}, and tab, newline and carriage return as character references so attributes keep them. */
    static String attribute(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean attribute) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '\n' -> b.append(attribute ? "&#10;" : "\n");
                case '\r' -> b.append(attribute ? "&#13;" : "\r");
                case '\t' -> b.append(attribute ? "&#9;" : "\t");
                default -> {
                    if (Character.isHighSurrogate(c)
                            && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
