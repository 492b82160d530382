package io.sen2cor.operator.naming;

import java.nio.charset.StandardCharsets;

import io.sen2cor.operator.contract.Sha256;

/** The first bytes of a SHA-256 digest, in hex: how names the operator derives stay short, stable and distinct. */
public final class ShortHash {

    private ShortHash() {
    }

    /** {@code bytes} bytes of the SHA-256 of {@code value} (UTF-8), as 2 x bytes lowercase hex characters. */
    public static String of(String value, int bytes) {
        return Sha256.of(value.getBytes(StandardCharsets.UTF_8)).substring(0, 2 * bytes);
    }
}
