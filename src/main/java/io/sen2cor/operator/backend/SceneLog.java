package io.sen2cor.operator.backend;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where the log of a scene's failed attempt is, so a user goes there without searching: a CloudWatch Logs group and
 * stream with a console link (AWS Batch), or a pod and the command that shows its log (Kubernetes). Fields that do
 * not apply are null.
 */
public record SceneLog(String group, String stream, String url, String pod, String command) {

    /**
     * An AWS Batch attempt's log. The console link's fragment encodes each path part twice, with {@code $} for the
     * second {@code %}: the form the CloudWatch console itself links to ({@code /aws/batch/job} is
     * {@code $252Faws$252Fbatch$252Fjob}).
     */
    public static SceneLog cloudWatch(String region, String group, String stream) {
        String url = "https://" + consoleHost(region) + "/cloudwatch/home?region=" + region
                + "#logsV2:log-groups/log-group/" + consolePart(group) + "/log-events/" + consolePart(stream);
        return new SceneLog(group, stream, url, null, null);
    }

    /** The console of the region's partition: China and GovCloud regions have consoles of their own. */
    static String consoleHost(String region) {
        if (region.startsWith("cn-")) {
            return "console.amazonaws.cn";
        }
        if (region.startsWith("us-gov-")) {
            return "console.amazonaws-us-gov.com";
        }
        return region + ".console.aws.amazon.com";
    }

    /** A pod's log, while the pod exists (Kubernetes backend). */
    public static SceneLog pod(String namespace, String pod) {
        return new SceneLog(null, null, null, pod, "kubectl logs -n " + namespace + " " + pod);
    }

    static String consolePart(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%", "$25");
    }
}
