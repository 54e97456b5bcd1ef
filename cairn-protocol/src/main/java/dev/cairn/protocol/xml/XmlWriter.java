package dev.cairn.protocol.xml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** A small, allocation-light writer of the XML documents the query protocol answers with. */
public final class XmlWriter {
    private final StringBuilder out = new StringBuilder(512);

    public XmlWriter declaration() {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        return this;
    }

    public XmlWriter start(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    public XmlWriter start(String name, String xmlns) {
        out.append('<').append(name).append(" xmlns=\"");
        escape(xmlns);
        out.append("\">");
        return this;
    }

    public XmlWriter end(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /** Writes {@code <name>text</name>}, escaping the text. */
    public XmlWriter element(String name, String text) {
        start(name);
        escape(text);
        return end(name);
    }

    /**
     * Writes a JSON tree as query-protocol XML: object members become elements in order, arrays become
     * {@code <member>} children, and null members are left out.
     */
    public XmlWriter tree(JsonNode node) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isNull()) {
                    continue;
                }
                start(field.getKey());
                tree(field.getValue());
                end(field.getKey());
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                start("member");
                tree(item);
                end("member");
            }
        } else {
            escape(node.asText());
        }
        return this;
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#xD;");
                default -> out.append(c);
            }
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
