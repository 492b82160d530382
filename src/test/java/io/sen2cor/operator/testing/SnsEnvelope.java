package io.sen2cor.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A message as an SQS queue subscribed to an SNS topic receives it without raw message delivery: SNS's notification
 * envelope, the topic's message a JSON string in {@code Message} (src/test/resources/notifications/README.md).
 */
public final class SnsEnvelope {

    public static final Path NEW_PRODUCT = Projects.dir().resolve("src/test/resources/notifications/new-sentinel2-product.json");
    public static final String TOPIC = "arn:aws:sns:eu-west-1:214830741341:NewSentinel2Product";

    private SnsEnvelope() {
    }

    public static String of(String message, String subject) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("Type", "Notification");
        n.put("MessageId", "0d4e2f6a-2c0b-5d43-9a0e-6f0c4b5d9e11");
        n.put("TopicArn", TOPIC);
        n.put("Subject", subject);
        n.put("Message", message);
        n.put("Timestamp", "2025-07-31T15:29:01.112Z");
        n.put("SignatureVersion", "1");
        n.put("Signature", "c3RhbmQtaW4=");
        n.put("SigningCertURL", "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-stand-in.pem");
        n.put("UnsubscribeURL", "https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe");
        return n.toString();
    }

    /** The captured product's message ({@link #NEW_PRODUCT}) in the envelope. */
    public static String newProduct() {
        try {
            String message = Files.readString(NEW_PRODUCT);
            return of(message, new ObjectMapper().readTree(message).path("name").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
