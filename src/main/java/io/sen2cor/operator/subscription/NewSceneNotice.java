package io.sen2cor.operator.subscription;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one new-scene notification says (pure, docs/subscriptions.md, "Push"): the L1C products and MGRS tiles it
 * names. Sentinel-2's L1C topic (NewSentinel2Product) publishes a product's {@code name} and its {@code tiles[]}
 * ({@code utmZone}, {@code latitudeBand}, {@code gridSquare}); an SQS queue subscribed to it receives that inside
 * SNS's envelope ({@code Message}, a JSON string), or raw with raw message delivery. Other messages are read for
 * product ids only. A notification is a reason to poll, never a scene to process: what it names is not trusted
 * further than deciding which subscriptions look now.
 */
public record NewSceneNotice(Set<String> products, Set<String> tiles) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** An L1C product id anywhere in the text; group 1 is its tile. */
    private static final Pattern PRODUCT = Pattern.compile(
            "S2[A-D]_MSIL1C_[0-9]{8}T[0-9]{6}_N[0-9]{4}_R[0-9]{3}_T([0-9]{2}[C-HJ-NP-X][A-HJ-NP-Z]{2})_[0-9]{8}T[0-9]{6}");
    private static final Pattern TILE = Pattern.compile("[0-9]{1,2}[C-HJ-NP-X][A-HJ-NP-Z]{2}");
    /** Bodies are read up to SQS's message size; a longer text is cut before it is searched. */
    static final int MAX_BODY = 262_144;

    /** Whether a subscription over these tiles (none: it selects by area) should poll for this notice. */
    public boolean concerns(Collection<String> subscriptionTiles) {
        if (subscriptionTiles == null || subscriptionTiles.isEmpty() || tiles.isEmpty()) {
            return true;
        }
        return subscriptionTiles.stream().anyMatch(t -> tiles.contains(normalise(t)));
    }

    /** A message body as SQS hands it over: an SNS envelope, a raw product message, or any other text. */
    public static NewSceneNotice parse(String body) {
        String text = body == null ? "" : body.length() > MAX_BODY ? body.substring(0, MAX_BODY) : body;
        Set<String> products = new LinkedHashSet<>();
        Set<String> tiles = new LinkedHashSet<>();
        JsonNode message = json(text);
        if (message != null && message.path("Message").isTextual()) {
            // SNS's envelope: the topic's own message is a JSON string inside it
            JsonNode inner = json(message.path("Message").asText());
            text = message.path("Message").asText() + " " + message.path("Subject").asText("");
            message = inner;
        }
        if (message != null) {
            for (JsonNode tile : message.path("tiles")) {
                String mgrs = tile.path("utmZone").asText("") + tile.path("latitudeBand").asText("")
                        + tile.path("gridSquare").asText("");
                if (TILE.matcher(mgrs).matches()) {
                    tiles.add(normalise(mgrs));
                }
            }
        }
        Matcher m = PRODUCT.matcher(text);
        while (m.find()) {
            products.add(m.group());
            tiles.add(normalise(m.group(1)));
        }
        return new NewSceneNotice(Set.copyOf(products), Set.copyOf(tiles));
    }

    /** "36NXF"; a one-digit zone as the catalogues write it in product ids, "5VNK" as "05VNK". */
    static String normalise(String tile) {
        String t = tile.strip().toUpperCase(java.util.Locale.ROOT);
        if (t.startsWith("T") && t.length() == 6) {
            t = t.substring(1);
        }
        return t.length() == 4 ? "0" + t : t;
    }

    private static JsonNode json(String text) {
        String t = text.strip();
        if (!t.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(t);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Nothing named: a subscription cannot tell, so every one on the queue polls. */
    public static NewSceneNotice unknown() {
        return new NewSceneNotice(Set.of(), Set.of());
    }

    @Override
    public String toString() {
        List<String> named = products.isEmpty() ? List.copyOf(tiles) : List.copyOf(products);
        return named.isEmpty() ? "a notification naming no scene" : String.join(", ", named);
    }
}
