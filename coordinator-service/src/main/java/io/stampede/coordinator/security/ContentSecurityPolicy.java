package io.stampede.coordinator.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The UI's Content-Security-Policy: everything from this server only (the UI loads no CDN).
 * index.html has two inline scripts that must run before anything loads (the trailing-slash
 * fix and the theme); they are allowed by their SHA-256, read from the page itself at
 * startup, so an edit of the page can't silently break it. Inline styles stay allowed: the
 * HTML report and a few UI elements use style attributes, and styles can't run code.
 */
final class ContentSecurityPolicy {

    static final String INDEX = "static/index.html";
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);

    private ContentSecurityPolicy() {
    }

    static String forUi() {
        List<String> hashes = new ArrayList<>();
        for (String script : inlineScripts(index())) {
            hashes.add("'sha256-" + sha256(script) + "'");
        }
        return "default-src 'self'; script-src 'self' " + String.join(" ", hashes)
                + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none';"
                + " base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    static List<String> inlineScripts(String html) {
        List<String> scripts = new ArrayList<>();
        Matcher m = INLINE_SCRIPT.matcher(html);
        while (m.find()) {
            scripts.add(m.group(1));
        }
        return scripts;
    }

    private static String index() {
        try (InputStream in = ContentSecurityPolicy.class.getClassLoader().getResourceAsStream(INDEX)) {
            if (in == null) {
                throw new IllegalStateException(INDEX + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
