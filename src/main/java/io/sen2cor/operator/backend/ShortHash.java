package io.sen2cor.operator.backend;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The first bytes of a SHA-256 digest, in hex: how names the operator derives stay short, stable and distinct. */
public final class ShortHash {

    private ShortHash() {
    }

    /** {@code bytes} bytes of the SHA-256 of {@code value} (UTF-8), as 2 x bytes lowercase hex characters. */
    public static String of(String value, int bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
