package io.sen2cor.operator.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in hex, of bytes or of a file read in chunks: the runner's fingerprints, GIPP hashes and asset checksums. */
public final class Sha256 {

    private Sha256() {
    }

    public static String of(byte[] bytes) {
        MessageDigest digest = digest();
        return HexFormat.of().formatHex(digest.digest(bytes));
    }

    public static String of(Path file) {
        MessageDigest digest = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Of lines: each string (ASCII) followed by a newline, digested one at a time (no joined copy of a million ids). */
    public static String ofLines(Iterable<String> lines) {
        MessageDigest digest = digest();
        for (String line : lines) {
            digest.update(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update((byte) '\n');
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
