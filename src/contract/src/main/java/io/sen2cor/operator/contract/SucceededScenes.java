package io.sen2cor.operator.contract;

import java.util.Base64;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which scenes of a manifest already succeeded, as the runner's skip check reports them on Kubernetes: a bitset over
 * the manifest's lines in the pod's termination message, which the kubelet keeps up to 4096 bytes. 10,000 scenes
 * (a selection's most) take 1,668 characters plus the prefix; a list of ids would take 610,000.
 */
public final class SucceededScenes {

    static final String PREFIX = "succeeded ";

    private SucceededScenes() {
    }

    /** {@code "succeeded <lines>:<base64 bits>"}, bit i set when line i of {@code products} is in {@code done}. */
    public static String encode(List<String> products, Set<String> done) {
        BitSet bits = new BitSet(products.size());
        for (int i = 0; i < products.size(); i++) {
            if (done.contains(products.get(i))) {
                bits.set(i);
            }
        }
        return PREFIX + products.size() + ":" + Base64.getEncoder().encodeToString(bits.toByteArray());
    }

    /**
     * The products the message marks; throws IllegalArgumentException when it is not such a message or was made
     * for a manifest of another length.
     */
    public static Set<String> decode(List<String> products, String message) {
        String m = message == null ? "" : message.strip();
        int colon = m.indexOf(':');
        if (!m.startsWith(PREFIX) || colon < 0) {
            throw new IllegalArgumentException("not a skip check result: " + abbreviate(m));
        }
        int lines;
        try {
            lines = Integer.parseInt(m.substring(PREFIX.length(), colon));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a skip check result: " + abbreviate(m), e);
        }
        if (lines != products.size()) {
            throw new IllegalArgumentException("the skip check read " + lines + " scenes, " + products.size() + " were asked");
        }
        BitSet bits = BitSet.valueOf(Base64.getDecoder().decode(m.substring(colon + 1)));
        Set<String> done = new HashSet<>();
        for (int i = bits.nextSetBit(0); i >= 0 && i < products.size(); i = bits.nextSetBit(i + 1)) {
            done.add(products.get(i));
        }
        return done;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
